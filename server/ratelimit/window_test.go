package ratelimit

import (
	"testing"
	"time"
)

// rateAfter is the sliding rate t after now, when no other event happens:
// the windows roll over and the current count becomes the previous one.
func rateAfter(r Rule, now time.Time, prev, cur int, t time.Duration) float64 {
	later := now.Add(t)
	start, laterStart := now.Truncate(r.Window), later.Truncate(r.Window)
	switch laterStart.Sub(start) / r.Window {
	case 0:
	case 1:
		prev, cur = cur, 0
	default:
		prev, cur = 0, 0
	}
	w := float64(r.Window)
	e := float64(later.Sub(laterStart))
	return float64(prev)*(w-e)/w + float64(cur)
}

// TestAllowanceWaitsExactlyLongEnough: over a grid of counts, positions in
// the window and sizes, a refusal's wait is the first moment (to the
// second) at which the events fit, and an allowance is right.
func TestAllowanceWaitsExactlyLongEnough(t *testing.T) {
	r := Rule{Name: "t", Limit: 5, Window: 10 * time.Minute}
	base := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	fits := func(now time.Time, prev, cur, n int, t time.Duration) bool {
		return rateAfter(r, now, prev, cur, t)+float64(n) <= float64(r.Limit)+epsilon
	}
	checked := 0
	for _, offset := range []time.Duration{0, time.Second, 97 * time.Second, 5 * time.Minute, 9*time.Minute + 59*time.Second} {
		now := base.Add(offset)
		for prev := 0; prev <= 8; prev++ {
			for cur := 0; cur <= 7; cur++ {
				for n := 1; n <= 7; n++ {
					d := r.allowance(now, prev, cur, n)
					if d.ok != fits(now, prev, cur, n, 0) {
						t.Fatalf("offset %v prev %d cur %d n %d: ok = %v", offset, prev, cur, n, d.ok)
					}
					if d.ok {
						continue
					}
					if d.never != (n > r.Limit) {
						t.Fatalf("never = %v for n %d", d.never, n)
					}
					if d.never {
						continue
					}
					secs := time.Duration(d.wait.Seconds()+0.999999999) * time.Second
					if !fits(now, prev, cur, n, secs) {
						t.Fatalf("offset %v prev %d cur %d n %d: still refused after the wait %v", offset, prev, cur, n, secs)
					}
					if secs >= time.Second && fits(now, prev, cur, n, secs-time.Second) {
						t.Fatalf("offset %v prev %d cur %d n %d: wait %v is a second longer than needed", offset, prev, cur, n, secs)
					}
					checked++
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d refusals checked", checked)
	}
}

func TestRulesSet(t *testing.T) {
	r := Defaults()
	if err := r.Set(" signin.pair=10/15m, signup.ip=off,invitations.org=500/1h"); err != nil {
		t.Fatal(err)
	}
	if r.SignInPair.Limit != 10 || r.SignInPair.Window != 15*time.Minute || r.SignUpIP.Limit != 0 || r.InvitationsOrg.Limit != 500 {
		t.Fatalf("rules after Set: %s", r)
	}
	for _, bad := range []string{"nope=1/1h", "signin.pair", "signin.pair=0/1h", "signin.pair=5/10", "signin.pair=5/0s", "signin.pair=x/1h"} {
		r := Defaults()
		if err := r.Set(bad); err == nil {
			t.Errorf("Set(%q) was accepted", bad)
		}
	}
	// What String writes, Set reads back.
	again := Defaults()
	if err := again.Set(r.String()); err != nil || again.String() != r.String() {
		t.Fatalf("round trip: %v\n%s\n%s", err, r, again)
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{10 * time.Minute: "10m", time.Hour: "1h", 90 * time.Minute: "1h30m", 30 * time.Second: "30s", 24 * time.Hour: "24h"} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestLongDuration(t *testing.T) {
	for secs, want := range map[int]string{1: "1 second", 59: "59 seconds", 60: "1 minute", 61: "2 minutes",
		3600: "1 hour", 3601: "1 hour 1 minute", 7199: "2 hours"} {
		if got := longDuration(secs); got != want {
			t.Errorf("longDuration(%d) = %q, want %q", secs, got, want)
		}
	}
}
