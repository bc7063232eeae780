package httpapi

import "github.com/ideenwerk/ideenwerk/api"

// reuseProfileSchema is api/reuse-profile.schema.json, the published JSON Schema of the
// reuse profile format; imports are validated against it and GET /schemas/reuse-profile.json
// serves it.
var reuseProfileSchema = string(api.ReuseProfileSchema)
