package session

import (
	"encoding/json"
	"maps"
	"time"

	"github.com/alexedwards/scs/v2"
	lru "github.com/hashicorp/golang-lru/v2"
)

// codec stores a session's data as JSON: its deadline and its values (the
// signed-in user's ID). scs's default, gob, builds its decoder afresh for
// every read, which cost more than the rest of authenticating a request.
// Sessions stored by earlier versions, in gob, are still read.
//
// Every request of a signed-in browser decodes its session's data, which
// stays the same from one request to the next: decoded, when set, keeps
// the last data read (by their bytes, so it is never stale) and saves the
// JSON decoding (5% of an authenticated {__typename}'s CPU time). Each
// Decode returns a map of its own, as scs changes it in place.
type codec struct {
	gob     scs.GobCodec
	decoded *lru.Cache[string, encoded]
}

// decodedSessions is how many sessions' data a codec keeps decoded: the
// browsers active at once.
const decodedSessions = 4096

func newCodec() codec {
	c, err := lru.New[string, encoded](decodedSessions)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return codec{decoded: c}
}

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
	if c.decoded != nil {
		if e, ok := c.decoded.Get(string(b)); ok {
			return e.Deadline, maps.Clone(e.Values), nil
		}
	}
	var e encoded
	if err := json.Unmarshal(b, &e); err != nil {
		return time.Time{}, nil, err
	}
	if e.Values == nil {
		e.Values = map[string]any{}
	}
	if c.decoded != nil && scalars(e.Values) {
		c.decoded.Add(string(b), encoded{Deadline: e.Deadline, Values: maps.Clone(e.Values)})
	}
	return e.Deadline, e.Values, nil
}

// scalars reports whether values holds no map or slice that a clone of it
// would share.
func scalars(values map[string]any) bool {
	for _, v := range values {
		switch v.(type) {
		case string, float64, bool, nil:
		default:
			return false
		}
	}
	return true
}
