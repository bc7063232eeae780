package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/ideenwerk/ideenwerk/api"
)

var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

// Spec loads and validates api/openapi.yaml once.
func Spec() (*openapi3.T, routers.Router, error) {
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(api.OpenAPI)
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(context.Background()); specErr != nil {
			return
		}
		// Route matching needs an absolute server URL; the spec's is relative (/api/v1).
		doc := *specDoc
		doc.Servers = openapi3.Servers{{URL: "http://apitest/api/v1"}}
		specRouter, specErr = gorillamux.NewRouter(&doc)
	})
	return specDoc, specRouter, specErr
}

// validateResponse checks a response to an /api/v1 request against the contract. Paths the
// contract does not describe must answer with the error envelope (404/405).
func validateResponse(req *http.Request, resp *Response) error {
	// CORS preflights are answered by middleware before any operation.
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") || req.Method == http.MethodOptions {
		return nil
	}
	_, router, err := Spec()
	if err != nil {
		return fmt.Errorf("load spec: %w", err)
	}
	probe := req.Clone(context.Background())
	probe.URL.Scheme, probe.URL.Host, probe.Host = "http", "apitest", "apitest"
	route, params, err := router.FindRoute(probe)
	if err != nil {
		if resp.Status == http.StatusNotFound || resp.Status == http.StatusMethodNotAllowed {
			return validateErrorEnvelope(resp)
		}
		return fmt.Errorf("no operation for %s %s in the contract: %w", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: probe, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.Status,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(resp.Body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			MultiError:              true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableJSONSchema2020()},
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return err
	}
	if resp.Status >= 400 {
		return validateErrorEnvelope(resp)
	}
	return nil
}

func validateErrorEnvelope(resp *Response) error {
	var b struct {
		Error *struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestId"`
		} `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &b); err != nil || b.Error == nil {
		return errors.New("error response is not the error envelope")
	}
	if b.Error.Code == "" || b.Error.Message == "" || b.Error.RequestID == "" {
		return errors.New("error envelope lacks code, message or requestId")
	}
	return nil
}
