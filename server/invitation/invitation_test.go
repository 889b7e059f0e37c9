package invitation

import (
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	entinvitation "github.com/rosterhq/roster/ent/invitation"
)

func TestParseLinesCountsBlankLines(t *testing.T) {
	got := parseLines("a@x.io\r\n\n   \n  b@x.io  \nc@x.io")
	want := []line{{1, "a@x.io"}, {4, "b@x.io"}, {5, "c@x.io"}}
	if len(got) != len(want) {
		t.Fatalf("parseLines = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if parseLines(" \n\t\n") != nil {
		t.Error("blank input has lines")
	}
}

func TestStatusExpiresWithoutTheSweeper(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		stored  entinvitation.Status
		expires time.Time
		want    entinvitation.Status
	}{
		{entinvitation.StatusPENDING, now.Add(time.Second), entinvitation.StatusPENDING},
		{entinvitation.StatusPENDING, now, entinvitation.StatusEXPIRED},
		{entinvitation.StatusPENDING, now.Add(-time.Hour), entinvitation.StatusEXPIRED},
		{entinvitation.StatusACCEPTED, now.Add(-time.Hour), entinvitation.StatusACCEPTED},
		{entinvitation.StatusCANCELED, now.Add(time.Hour), entinvitation.StatusCANCELED},
	}
	for _, tt := range tests {
		inv := &ent.Invitation{Status: tt.stored, ExpiresAt: tt.expires}
		if got := Status(inv, now); got != tt.want {
			t.Errorf("Status(%s, expires %v) = %s, want %s", tt.stored, tt.expires.Sub(now), got, tt.want)
		}
	}
}
