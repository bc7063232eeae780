package mongo

import "encoding/json"

// fromJSONString decodes *s, a nested value that a document keeps as one JSON string (the
// embedded store decodes nested documents value by value, with a type schema each, on every
// write), into *out and clears *s. An empty *s leaves *out as decoded: the nested form in
// which documents written before were stored.
func fromJSONString[T any](s *string, out *T) error {
	if *s == "" {
		return nil
	}
	var v T
	if err := json.Unmarshal([]byte(*s), &v); err != nil {
		return err
	}
	*out, *s = v, ""
	return nil
}
