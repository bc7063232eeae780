// Package api embeds the OpenAPI contract (openapi.yaml) served at /api/v1/openapi.yaml
// and checked against every response in the HTTP tests.
package api

import _ "embed"

// OpenAPI is the contract, as YAML.
//
//go:embed openapi.yaml
var OpenAPI []byte
