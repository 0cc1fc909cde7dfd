// proxyfunc prints, for each URL argument, the proxy net/http.ProxyFromEnvironment picks: the
// reference the Python re-implementation (goproxy_tui/core/probes/netproxy.py) is tested against.
//go:build ignore

package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
)

func main() {
	for _, raw := range os.Args[1:] {
		u, _ := url.Parse(raw)
		p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
		switch {
		case err != nil:
			fmt.Println("error")
		case p == nil:
			fmt.Println("direct")
		default:
			fmt.Println(p.String())
		}
	}
}
