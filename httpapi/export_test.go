package httpapi

// OpenAPIGaps returns what the OpenAPI document lacks: descriptions, enum values, examples.
func OpenAPIGaps() []string {
	_, gaps := openAPI()
	return gaps
}
