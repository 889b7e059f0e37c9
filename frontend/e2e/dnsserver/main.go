// Command dnsserver is the DNS server of the portal's end-to-end suite: a
// real miekg/dns server on loopback (server/domain/dnstest, the one the Go
// tests use), which Roster is pointed at with ROSTER_DNS_RESOLVER, and a
// small HTTP endpoint on loopback through which a spec publishes a TXT
// record, as a person would at their DNS provider:
//
//	PUT /txt?name=_roster-challenge.example.com   (body: the values, one a line; empty removes)
//
// It prints one line, "dns=<host:port> control=<url>", once both listen,
// and runs until it is killed (or, with -stdin, until its standard input
// closes: the harness's way to never leave it behind). -dns and
// -control choose the addresses (free loopback ports by default); the
// README shows it serving a record to `make run`.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/rosterhq/roster/server/domain/dnstest"
)

func main() {
	dnsAddr := flag.String("dns", "127.0.0.1:0", "where to answer DNS, over UDP and TCP")
	controlAddr := flag.String("control", "127.0.0.1:0", "where to take PUT /txt")
	watchStdin := flag.Bool("stdin", false, "exit when standard input closes")
	flag.Parse()
	srv, err := dnstest.Listen(*dnsAddr)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *controlAddr)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /txt", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			http.Error(w, "name is required", http.StatusBadRequest)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var values []string
		for line := range strings.Lines(string(body)) {
			if line = strings.TrimRight(line, "\r\n"); line != "" {
				values = append(values, line)
			}
		}
		srv.SetTXT(name, values...)
		w.WriteHeader(http.StatusNoContent)
	})
	go func() { log.Fatal(http.Serve(ln, mux)) }()
	fmt.Printf("dns=%s control=http://%s\n", srv.Addr, ln.Addr())
	if *watchStdin {
		_, _ = io.Copy(io.Discard, os.Stdin) // until the harness goes away
		return
	}
	select {}
}
