package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/servertest"
)

func TestParseConfig(t *testing.T) {
	env := map[string]string{
		"ROSTER_ADDR":                 "0.0.0.0:9000",
		"ROSTER_DEFAULT_SEAT_LIMIT":   "25",
		"ROSTER_INVITATION_TTL":       "48h",
		"ROSTER_ALLOWED_ORIGINS":      "https://a.example, https://b.example/",
		"ROSTER_RATE_LIMIT":           "off",
		"ROSTER_DEV":                  "true",
		"ROSTER_SESSION_IDLE_TIMEOUT": "2h",
		"ROSTER_MAIL_RETENTION":       "24h",
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
	if cfg.SessionIdleTimeout != 2*time.Hour || cfg.SessionLifetime != 30*24*time.Hour || cfg.MailRetention != 24*time.Hour {
		t.Errorf("session idle %s, lifetime %s, mail retention %s", cfg.SessionIdleTimeout, cfg.SessionLifetime, cfg.MailRetention)
	}
	if strings.Join(cfg.AllowedOrigins, " ") != "https://a.example https://b.example" {
		t.Errorf("origins = %q", cfg.AllowedOrigins)
	}
	if cfg.DatabaseURL != "sqlite:data/roster.db" || cfg.PublicURL != "http://localhost:8080" {
		t.Errorf("defaults: %+v", cfg)
	}
	if cfg.LogFormat != "text" || cfg.ShutdownGrace != 20*time.Second || cfg.MetricsAddr != "" || cfg.DatabaseMaxConns != database.DefaultMaxConns {
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
	if cfg.WebsocketLimits.PerUser != 20 || cfg.WebsocketLimits.PerAddress != 200 {
		t.Errorf("websocket defaults: %+v", cfg.WebsocketLimits)
	}
	cfg, err = parseConfig("serve", []string{"-websockets-per-address", "3000"}, func(k string) string {
		return map[string]string{"ROSTER_WEBSOCKETS_PER_USER": "2500"}[k]
	}, io.Discard)
	if err != nil || cfg.WebsocketLimits.PerUser != 2500 || cfg.WebsocketLimits.PerAddress != 3000 {
		t.Errorf("websocket settings: %+v, %v", cfg.WebsocketLimits, err)
	}

	// On/off settings read on and off, as the README writes them, and
	// true and false.
	if !cfg.AnswerCache || !cfg.Explorer {
		t.Errorf("defaults: answer cache %v, explorer %v", cfg.AnswerCache, cfg.Explorer)
	}
	for v, want := range map[string]bool{"off": false, "OFF": false, "false": false, "0": false, "on": true, "true": true} {
		cfg, err := parseConfig("serve", nil, func(k string) string {
			return map[string]string{"ROSTER_ANSWER_CACHE": v, "ROSTER_EXPLORER": v, "ROSTER_INTROSPECTION": v}[k]
		}, io.Discard)
		if err != nil || cfg.AnswerCache != want || cfg.Explorer != want || cfg.Introspection != want {
			t.Errorf("%q: answer cache %v, explorer %v, introspection %v, err %v; want %v", v, cfg.AnswerCache, cfg.Explorer, cfg.Introspection, err, want)
		}
	}
	if _, err := parseConfig("serve", nil, func(k string) string {
		return map[string]string{"ROSTER_ANSWER_CACHE": "sometimes"}[k]
	}, io.Discard); err == nil {
		t.Error("ROSTER_ANSWER_CACHE=sometimes was taken")
	}

	if cfg.TrustedProxies != nil || cfg.RateLimits.SignInPair.Limit != 5 {
		t.Errorf("rate-limit defaults: %v, %s", cfg.TrustedProxies, cfg.RateLimits)
	}

	// Rate limits and trusted proxies.
	env = map[string]string{
		"ROSTER_RATE_LIMITS":     "signin.pair=10/15m, signup.ip=off",
		"ROSTER_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1",
	}
	cfg, err = parseConfig("serve", []string{"-rate-limits", "invitations.org=500/1h"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.RateLimit || cfg.RateLimits.InvitationsOrg.Limit != 500 || cfg.RateLimits.SignInPair.Limit != 5 {
		t.Errorf("the flag must win over the environment: %s", cfg.RateLimits)
	}
	if len(cfg.TrustedProxies) != 2 || cfg.TrustedProxies[1].String() != "127.0.0.1/32" {
		t.Errorf("trusted proxies = %v", cfg.TrustedProxies)
	}

	for _, bad := range []map[string]string{
		{"ROSTER_RATE_LIMIT": "sometimes"},
		{"ROSTER_RATE_LIMITS": "signin=5/10m"},
		{"ROSTER_RATE_LIMITS": "signin.pair=5"},
		{"ROSTER_TRUSTED_PROXIES": "proxy.internal"},
		{"ROSTER_DEFAULT_SEAT_LIMIT": "zero"},
		{"ROSTER_DEFAULT_SEAT_LIMIT": "0"},
		{"ROSTER_INVITATION_TTL": "a week"},
		{"ROSTER_DEV": "maybe"},
		{"ROSTER_SESSION_IDLE_TIMEOUT": "a week"},
		{"ROSTER_SESSION_LIFETIME": "0s"},
		{"ROSTER_SESSION_IDLE_TIMEOUT": "800h"}, // longer than the lifetime
		{"ROSTER_MAIL_RETENTION": "-1h"},
		{"ROSTER_LOG_FORMAT": "JSON lines"},
		{"ROSTER_LOG_FORMAT": "logfmt"},
		{"ROSTER_SHUTDOWN_GRACE": "0s"},
		{"ROSTER_SHUTDOWN_GRACE": "soon"},
		{"ROSTER_DATABASE_MAX_CONNS": "0"},
		{"ROSTER_WEBSOCKETS_PER_USER": "0"},
		{"ROSTER_WEBSOCKETS_PER_ADDRESS": "many"},
	} {
		if _, err := parseConfig("serve", nil, func(k string) string { return bad[k] }, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// Outside development, `roster serve` without an SMTP server stops at once
// with status 1 and a message naming ROSTER_SMTP_URL, serving nothing.
func TestServeRefusesWithoutSMTP(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "roster.db")
	for _, dev := range []string{"", "false"} {
		env := map[string]string{"ROSTER_DATABASE_URL": db, "ROSTER_ADDR": "127.0.0.1:0", "ROSTER_DEV": dev}
		err := run([]string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
		if !errors.Is(err, server.ErrNoMailServer) {
			t.Errorf("ROSTER_DEV=%q: serve returned %v, want ErrNoMailServer", dev, err)
		}
	}

	cmd := exec.Command(servertest.Binary(t), "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "ROSTER_DATABASE_URL=" + db, "ROSTER_ADDR=127.0.0.1:0"}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("bin/roster serve without SMTP: %v, want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "roster: ROSTER_SMTP_URL is not set") {
		t.Errorf("stderr %q does not name ROSTER_SMTP_URL", stderr.String())
	}
}
