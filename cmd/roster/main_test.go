package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	env := map[string]string{
		"ROSTER_ADDR":               "0.0.0.0:9000",
		"ROSTER_DEFAULT_SEAT_LIMIT": "25",
		"ROSTER_INVITATION_TTL":     "48h",
		"ROSTER_ALLOWED_ORIGINS":    "https://a.example, https://b.example/",
		"ROSTER_RATE_LIMIT":         "off",
		"ROSTER_DEV":                "true",
	}
	cfg, err := parseConfig("serve", []string{"-addr", "127.0.0.1:9001"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9001" {
		t.Errorf("a flag must win over the environment: addr = %s", cfg.Addr)
	}
	if cfg.DefaultSeatLimit != 25 || cfg.InvitationTTL != 48*time.Hour || cfg.RateLimit || !cfg.Dev || !cfg.Introspection {
		t.Errorf("cfg = %+v", cfg)
	}
	if strings.Join(cfg.AllowedOrigins, " ") != "https://a.example https://b.example" {
		t.Errorf("origins = %q", cfg.AllowedOrigins)
	}
	if cfg.DatabaseURL != "sqlite:data/roster.db" || cfg.PublicURL != "http://localhost:8080" {
		t.Errorf("defaults: %+v", cfg)
	}
	if cfg.LogFormat != "text" || cfg.ShutdownGrace != 20*time.Second || cfg.MetricsAddr != "" || cfg.DatabaseMaxConns != 20 {
		t.Errorf("ops defaults: log %q, grace %v, metrics %q, max conns %d", cfg.LogFormat, cfg.ShutdownGrace, cfg.MetricsAddr, cfg.DatabaseMaxConns)
	}
	ops := map[string]string{"ROSTER_LOG_FORMAT": "json", "ROSTER_SHUTDOWN_GRACE": "45s", "ROSTER_METRICS_ADDR": "127.0.0.1:9090", "ROSTER_DATABASE_MAX_CONNS": "8"}
	cfg, err = parseConfig("serve", []string{"-shutdown-grace", "5s"}, func(k string) string { return ops[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LogFormat != "json" || cfg.ShutdownGrace != 5*time.Second || cfg.MetricsAddr != "127.0.0.1:9090" || cfg.DatabaseMaxConns != 8 {
		t.Errorf("ops settings: log %q, grace %v, metrics %q, max conns %d", cfg.LogFormat, cfg.ShutdownGrace, cfg.MetricsAddr, cfg.DatabaseMaxConns)
	}

	for _, bad := range []map[string]string{
		{"ROSTER_DEFAULT_SEAT_LIMIT": "zero"},
		{"ROSTER_DEFAULT_SEAT_LIMIT": "0"},
		{"ROSTER_INVITATION_TTL": "a week"},
		{"ROSTER_DEV": "maybe"},
		{"ROSTER_LOG_FORMAT": "JSON lines"},
		{"ROSTER_LOG_FORMAT": "logfmt"},
		{"ROSTER_SHUTDOWN_GRACE": "0s"},
		{"ROSTER_SHUTDOWN_GRACE": "soon"},
		{"ROSTER_DATABASE_MAX_CONNS": "0"},
	} {
		if _, err := parseConfig("serve", nil, func(k string) string { return bad[k] }, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
