// Package api embeds the OpenAPI contract (openapi.yaml), served at /api/v1/openapi.yaml and
// checked against every response in the HTTP tests, and the JSON Schemas of the documents
// Ideenwerk publishes for others to read.
package api

import _ "embed"

// OpenAPI is the contract, as YAML.
//
//go:embed openapi.yaml
var OpenAPI []byte

// ReuseProfileSchema is the JSON Schema of reuse profiles ("Einer für alle"); imports are
// validated against it.
//
//go:embed reuse-profile.schema.json
var ReuseProfileSchema []byte

// OpenDataSchema is the JSON Schema of the open-data export of public ideas.
//
//go:embed open-data.schema.json
var OpenDataSchema []byte
