package secretbox

import "testing"

func TestSealOpens(t *testing.T) {
	b, err := New(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	sealed := b.Seal("whsec_abc", "whk_1")
	if got, err := b.Open(sealed, "whk_1"); err != nil || got != "whsec_abc" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := b.Open(sealed, "whk_2"); err == nil {
		t.Error("a value opened under another label")
	}
	other, _ := New(NewKey())
	if _, err := other.Open(sealed, "whk_1"); err == nil {
		t.Error("a value opened under another key")
	}
	if b.Seal("x", "l") == b.Seal("x", "l") {
		t.Error("two seals of one value are equal: the nonce repeats")
	}
	if _, err := New("short"); err == nil {
		t.Error("a short key is accepted")
	}
}
