# Roster: `make run` builds everything and starts the server on SQLite;
# `make test` runs the whole suite, as CI does. Both install what they need.

SHELL := /bin/bash
GO    ?= go
NPM   ?= npm
ROSTER_DEV ?= true

PORTAL_SOURCES := $(shell find frontend/src frontend/index.html frontend/public -type f 2>/dev/null) \
                  frontend/vite.config.ts frontend/tsconfig.json package.json package-lock.json
GO_SOURCES     := $(shell find cmd ent graph server frontend -name '*.go' -not -path '*/node_modules/*' 2>/dev/null) go.mod go.sum

.PHONY: bench fuzz test-fuzz run build portal test test-go test-go-postgres test-portal test-e2e generate vet deps browser clean

## run: build the portal and the binary, then serve on the SQLite default.
run: build
	ROSTER_DEV=$(ROSTER_DEV) ./bin/roster serve

## build: bin/roster, one file with the portal embedded.
build: bin/roster

bin/roster: frontend/dist/index.html $(GO_SOURCES)
	$(GO) build -trimpath -o bin/roster ./cmd/roster

portal: frontend/dist/index.html

frontend/dist/index.html: node_modules/.package-lock.json $(PORTAL_SOURCES)
	$(NPM) run build

# npm ci, again only when the lock file changes.
node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

## generate: regenerate ent, gqlgen and the portal's GraphQL types from their sources.
generate: node_modules/.package-lock.json
	$(GO) generate ./...
	$(NPM) run generate

## test: the whole suite: Go (SQLite, then PostgreSQL), the portal's unit tests, and the portal in Chromium.
test: vet test-go test-go-postgres test-portal test-e2e

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^ent/')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# test-go also runs each fuzz test on its committed corpus (testdata/fuzz)
# and seeds, as plain `go test` does; `make fuzz` searches for new inputs.
test-go:
	$(GO) test -count=1 ./...

# The fuzz tests, as package:FuzzName.
FUZZ_TESTS := server/invitation:FuzzParseBulk server/address:FuzzNormalize \
              server/globalid:FuzzTable server/globalid:FuzzNew \
              graph:FuzzCursorDecode graph:FuzzCursorRoundTrip
FUZZTIME ?= 60s

## test-fuzz: each fuzz test briefly (1,000 new inputs each). Not in make
## test: each needs a build of its own with coverage instrumentation, over
## three minutes on two cores, and the suite must stay under twenty; make
## test runs every committed corpus (test-go). A count, not a time: under
## load, a time limit can end the fuzzer while a worker still runs an input,
## which Go reports as a failure ("context deadline exceeded").
test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=1000x

## fuzz: each fuzz test for FUZZTIME (60s). A failing input is written under
## the package's testdata/fuzz: commit it with the fix, so test-go keeps it.
fuzz:
	@set -e; for t in $(FUZZ_TESTS); do \
	  echo "$(GO) test -run '^$$' -fuzz '^$${t#*:}$$' -fuzztime $(FUZZTIME) ./$${t%%:*}"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) ./$${t%%:*}; \
	done

# The packages whose tests use a database (graph's do not: no need to run
# them twice).
DB_PACKAGES := ./server/... ./cmd/...

## test-go-postgres: the Go suite on a throwaway PostgreSQL server (.ci/postgres
## installs Debian's postgresql when missing); each test gets a database of its own.
test-go-postgres:
	@pg=$$(.ci/postgres start) && eval "$$pg" && \
	  trap '.ci/postgres stop "$$ROSTER_PG_DIR"' EXIT && \
	  echo "ROSTER_TEST_DATABASE_URL=$$ROSTER_TEST_DATABASE_URL $(GO) test -count=1 $(DB_PACKAGES)" && \
	  $(GO) test -count=1 $(DB_PACKAGES)

test-portal: node_modules/.package-lock.json
	$(NPM) run generate:check
	$(NPM) run typecheck
	$(NPM) test

test-e2e: browser build
	ROSTER_BIN=$(CURDIR)/bin/roster $(NPM) run test:e2e

## bench: the benchmarks (server/, bench/) and the figures of issue 10 as one
## table, each beside its reference from the same run (bench/run.sh starts a
## throwaway PostgreSQL). Not part of `make test`: figures, not verdicts.
## ROSTER_BIN=path measures another build; ROSTER_BENCH_LOAD=15s per load.
ROSTER_BIN ?= $(CURDIR)/bin/roster
bench: build bench/postgraphile/node_modules/.package-lock.json
	ROSTER_BIN=$(ROSTER_BIN) GO=$(GO) bench/run.sh

# The peer the PostgreSQL figures compare with (PostGraphile 4, graphql 15:
# a node_modules of its own).
bench/postgraphile/node_modules/.package-lock.json: bench/postgraphile/package.json bench/postgraphile/package-lock.json
	cd bench/postgraphile && $(NPM) ci --no-audit --no-fund
	@touch $@

# Debian's Chromium for the portal's end-to-end tests (installed as root
# when missing, as on a fresh CI machine).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the end-to-end tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
