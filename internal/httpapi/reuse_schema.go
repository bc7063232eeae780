package httpapi

// reuseProfileSchema is api/reuse-profile.schema.json, the published JSON Schema of the
// reuse profile format; imports are validated against it. TestReuseProfileSchemaInSync
// keeps this copy and the file identical.
const reuseProfileSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://ideenwerk.example/schemas/reuse-profile-1.json",
  "title": "Ideenwerk reuse profile (\"Einer für alle\")",
  "description": "A rolled-out innovation of one municipality described for others to reuse: problem, solution, pilot results and contact. Served at GET /api/v1/ideas/{id}/reuse-profile and in the catalogue GET /api/v1/reuse-profiles; accepted by POST /api/v1/reuse-profiles/import. Readers accept every 1.x version and ignore nothing: unknown properties are refused, so a new property means a new minor version of this schema.",
  "type": "object",
  "additionalProperties": false,
  "required": ["format", "version", "id", "municipality", "ideaId", "title", "summary", "problem", "solution", "results", "contact", "publishedAt"],
  "properties": {
    "format": { "const": "ideenwerk.reuse-profile", "description": "Identifies the document type." },
    "version": { "type": "string", "pattern": "^1\\.[0-9]+$", "description": "Format version, major.minor; this schema describes 1.x." },
    "id": { "type": "string", "minLength": 1, "maxLength": 200, "description": "Stable ID of the profile in its deployment's catalogue." },
    "municipality": {
      "type": "object",
      "additionalProperties": false,
      "required": ["name"],
      "properties": {
        "name": { "type": "string", "minLength": 2, "maxLength": 200 },
        "slug": { "type": "string", "maxLength": 63 },
        "tenantId": { "type": "string", "maxLength": 100 }
      }
    },
    "ideaId": { "type": "string", "minLength": 1, "maxLength": 100, "description": "The idea's ID in the publishing municipality." },
    "title": { "type": "string", "minLength": 5, "maxLength": 120 },
    "summary": { "type": "string", "maxLength": 300 },
    "problem": { "type": "string", "maxLength": 5000 },
    "solution": { "type": "string", "maxLength": 20000, "description": "The idea's description (Markdown)." },
    "expectedBenefit": { "type": "string", "maxLength": 5000 },
    "targetGroups": {
      "type": "array", "maxItems": 3, "uniqueItems": true,
      "items": { "enum": ["citizens", "businesses", "staff"] }
    },
    "tags": { "type": "array", "maxItems": 20, "items": { "type": "string", "maxLength": 40 } },
    "results": {
      "type": "object",
      "additionalProperties": false,
      "required": ["kpis", "lessonsLearned"],
      "properties": {
        "pilotStart": { "type": ["string", "null"], "format": "date-time" },
        "pilotEnd": { "type": ["string", "null"], "format": "date-time" },
        "budgetEur": { "type": ["number", "null"], "minimum": 0 },
        "kpis": {
          "type": "array", "maxItems": 20,
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name", "unit", "baseline", "target", "direction"],
            "properties": {
              "name": { "type": "string", "minLength": 1, "maxLength": 120 },
              "unit": { "type": "string", "maxLength": 30 },
              "baseline": { "type": "number" },
              "target": { "type": "number" },
              "direction": { "enum": ["increase", "decrease"] },
              "result": { "type": ["number", "null"], "description": "Value at the end of the pilot." },
              "met": { "type": ["boolean", "null"], "description": "Whether the result reached the target." }
            }
          }
        },
        "lessonsLearned": { "type": "string", "maxLength": 20000 }
      }
    },
    "departments": {
      "type": "array", "maxItems": 100,
      "items": { "type": "string", "maxLength": 200 },
      "description": "The departments that adopted the solution (\"code — name\")."
    },
    "contact": {
      "type": "object",
      "additionalProperties": false,
      "required": ["organisation"],
      "properties": {
        "organisation": { "type": "string", "maxLength": 200 },
        "name": { "type": "string", "maxLength": 300 },
        "email": { "type": "string", "maxLength": 254 }
      }
    },
    "sourceUrl": { "type": ["string", "null"], "maxLength": 2000, "description": "Where this profile is served." },
    "publishedAt": { "type": "string", "format": "date-time" },
    "updatedAt": { "type": "string", "format": "date-time" }
  }
}
`
