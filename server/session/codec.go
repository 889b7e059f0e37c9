package session

import (
	"encoding/json"
	"time"

	"github.com/alexedwards/scs/v2"
)

// codec stores a session's data as JSON: its deadline and its values (the
// signed-in user's ID). scs's default, gob, builds its decoder afresh for
// every read, which cost more than the rest of authenticating a request.
// Sessions stored by earlier versions, in gob, are still read.
type codec struct{ gob scs.GobCodec }

type encoded struct {
	Deadline time.Time      `json:"deadline"`
	Values   map[string]any `json:"values"`
}

func (c codec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	return json.Marshal(encoded{Deadline: deadline, Values: values})
}

func (c codec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) == 0 || b[0] != '{' {
		return c.gob.Decode(b)
	}
	var e encoded
	if err := json.Unmarshal(b, &e); err != nil {
		return time.Time{}, nil, err
	}
	if e.Values == nil {
		e.Values = map[string]any{}
	}
	return e.Deadline, e.Values, nil
}
