package audit

import "testing"

// TestCellNeutralisesFormulas: whatever a spreadsheet would run is written
// behind a quote; everything else is left as it is.
func TestCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1-2@x.test":              "'+1-2@x.test",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tcmd":                    "'\tcmd",
		"\rcmd":                    "'\rcmd",
		"ann@x.test":               "ann@x.test",
		"API key =deploy":          "API key =deploy",
		"":                         "",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}
