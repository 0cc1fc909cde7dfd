"""Network and HTTP texts: src/net, crypto/x509, net/http and cmd/go/internal/web, modfetch/proxy.go."""

from __future__ import annotations

from goproxy_tui.core.goerrors.entry import Entry
from goproxy_tui.i18n import N_

_GET = 'go: example.com/m@v1.0.0: Get "https://proxy.example.com/example.com/m/@v/v1.0.0.info": '
_READ = "go: example.com/m@v1.0.0: reading https://proxy.example.com/example.com/m/@v/v1.0.0.info: "
_CHECK_MIRROR = N_("run 'gotui mirrors' and 'gotui check' to find a mirror that answers, then 'gotui use NAME'")

NETWORK: tuple[Entry, ...] = (
    # ------------------------------------------------------------------ network (src/net, net/http)
    # net/net.go: errTimeout "i/o timeout"
    Entry("io-timeout", "tcp", ("i/o timeout",),
          N_("A network operation timed out: nothing answered in time."), _CHECK_MIRROR,
          _GET + "read tcp 10.0.0.2:50000->203.0.113.7:443: i/o timeout", network=True),
    # net/net.go: OpError "dial tcp ADDR: i/o timeout" (http.DefaultTransport's 30 s dial timeout)
    Entry("connect-timeout", "tcp", ("dial tcp ", "i/o timeout"),
          N_("The TCP connection was never answered: a firewall drops the packets or the host is down."),
          _CHECK_MIRROR, _GET + "dial tcp 203.0.113.7:443: i/o timeout", rank=20, network=True),
    # net/dnsclient_unix.go, net/net.go: DNSError "lookup NAME on SERVER: … i/o timeout"
    Entry("dns-timeout", "dns", ("lookup ", "i/o timeout"),
          N_("DNS lookups time out: the resolver does not answer."),
          N_("check the system resolver (/etc/resolv.conf) or use a network where DNS works; 'gotui check' compares resolvers"),
          _GET + "dial tcp: lookup proxy.example.com on 127.0.0.53:53: read udp 127.0.0.1:4000->127.0.0.53:53: i/o timeout",
          rank=25, network=True),
    # net/net.go: errNoSuchHost "no such host"
    Entry("no-such-host", "dns", ("no such host",),
          N_("A host name does not resolve: it is misspelt or DNS fails for it."),
          N_("check the host name in GOPROXY/GOSUMDB for typos; 'gotui check' compares resolvers and mirrors"),
          _GET + "dial tcp: lookup proxy.example.com on 127.0.0.53:53: no such host", rank=25, network=True),
    # net/dnsclient_unix.go: errServerMisbehaving "server misbehaving"
    Entry("dns-failure", "dns", ("lookup ", "server misbehaving"),
          N_("The DNS server failed to answer the lookup."),
          N_("check the system resolver (/etc/resolv.conf); 'gotui check' compares resolvers"),
          _GET + "dial tcp: lookup proxy.example.com on 127.0.0.53:53: server misbehaving", rank=25, network=True),
    # syscall/zerrors_linux_amd64.go: ECONNREFUSED "connection refused"
    Entry("connect-refused", "tcp", ("connection refused",),
          N_("The host refuses connections: nothing listens on that port."),
          _CHECK_MIRROR, _GET + "dial tcp 203.0.113.7:443: connect: connection refused", rank=20, network=True),
    # syscall/zerrors_linux_amd64.go: ECONNRESET "connection reset by peer"
    Entry("reset", "tcp", ("connection reset by peer",),
          N_("The connection was reset: a middlebox or the server cut it."),
          _CHECK_MIRROR, _GET + "read tcp 10.0.0.2:50000->203.0.113.7:443: read: connection reset by peer",
          rank=20, network=True),
    # syscall/zerrors_linux_amd64.go: ENETUNREACH, EHOSTUNREACH
    Entry("connect-unreachable", "tcp", ("dial tcp ", "unreachable"),
          N_("The host is unreachable: there is no route to it."), _CHECK_MIRROR,
          _GET + "dial tcp 203.0.113.7:443: connect: network is unreachable", rank=20, network=True),
    Entry("connect-unreachable", "tcp", ("no route to host",),
          N_("The host is unreachable: there is no route to it."), _CHECK_MIRROR,
          _GET + "dial tcp 203.0.113.7:443: connect: no route to host", rank=20, network=True),
    # net/http/transport.go: tlsHandshakeTimeoutError "net/http: TLS handshake timeout"
    Entry("tls-handshake-timeout", "tls", ("TLS handshake timeout",),
          N_("The TLS handshake never completed: the server accepts connections but does not speak TLS in time."),
          _CHECK_MIRROR, _GET + "net/http: TLS handshake timeout", rank=20, network=True),
    # crypto/x509/verify.go: UnknownAuthorityError "x509: certificate signed by unknown authority"
    Entry("tls-untrusted", "tls", ("x509: certificate signed by unknown authority",),
          N_("The certificate's issuer is not trusted: TLS is intercepted (a company proxy) or the CA is missing."),
          N_("install the company's CA certificate in the system trust store (or point SSL_CERT_FILE at it); never skip verification"),
          _GET + "tls: failed to verify certificate: x509: certificate signed by unknown authority",
          rank=20, network=True),
    # crypto/x509/verify.go: CertificateInvalidError Expired "x509: certificate has expired or is not yet valid: …"
    Entry("tls-expired", "tls", ("x509: certificate has expired or is not yet valid",),
          N_("The server's certificate has expired."),
          N_("check the system clock; if it is right, the server's certificate must be renewed: use another mirror meanwhile"),
          _GET + "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
          "current time 2026-12-04T20:49:19Z is after 2026-12-03T20:49:19Z", rank=20, network=True),
    Entry("tls-not-yet-valid", "tls", ("x509: certificate has expired or is not yet valid", " is before "),
          N_("The server's certificate is not valid yet: the system clock is probably wrong."),
          N_("set the system clock right (enable NTP time sync), then retry"),
          _GET + "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
          "current time 2026-12-04T20:49:20Z is before 2027-01-03T20:49:19Z", rank=21, network=True),
    # crypto/x509/verify.go: HostnameError "x509: certificate is valid for …, not …" / "… doesn't contain any IP SANs"
    Entry("tls-hostname", "tls", ("x509: certificate is valid for ",),
          N_("The certificate belongs to another host: the name is wrong or the connection is intercepted."),
          N_("check the host name in GOPROXY; if it is right, the connection is redirected: use another network or mirror"),
          _GET + "tls: failed to verify certificate: x509: certificate is valid for wrong.example, not proxy.example.com",
          rank=20, network=True),
    Entry("tls-hostname", "tls", ("x509: cannot validate certificate for ",),
          N_("The certificate belongs to another host: the name is wrong or the connection is intercepted."),
          N_("check the host name in GOPROXY; if it is right, the connection is redirected: use another network or mirror"),
          _GET + "tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it "
          "doesn't contain any IP SANs", rank=20, network=True),
    # net/http/transport.go: OpError{Op: "proxyconnect"} when the HTTP(S) proxy itself fails
    Entry("proxyconnect", "tcp", ("proxyconnect ",),
          N_("Go cannot connect to the HTTP proxy it must use (HTTPS_PROXY/HTTP_PROXY)."),
          N_("check HTTPS_PROXY/HTTP_PROXY ('gotui env'): the proxy's address, port and whether it runs"),
          _GET + "proxyconnect tcp: dial tcp 127.0.0.1:3128: connect: connection refused",
          rank=30, network=True, host_from="dial"),
    Entry("proxyconnect", "tls", ("proxyconnect ", "tls: "),
          N_("Go cannot connect to the HTTP proxy it must use (HTTPS_PROXY/HTTP_PROXY)."),
          N_("check HTTPS_PROXY/HTTP_PROXY ('gotui env'): the proxy's address, port and whether it runs"),
          _GET + "proxyconnect tcp: tls: failed to verify certificate: x509: certificate signed by unknown authority",
          rank=31, network=True, host_from="dial"),
    # net/http/transport.go: a CONNECT answered with non-200 → errors.New(status text); net/http/status.go 407
    Entry("proxy-auth-required", "tls", ("Proxy Authentication Required",),
          N_("The HTTP proxy requires credentials (407)."),
          N_("put the proxy's user and password in HTTPS_PROXY (http://user:password@proxy:port); gotui masks them"),
          _GET + "Proxy Authentication Required", rank=30, status=407, network=True),
    Entry("proxy-refused", "tls", ('Get "', '": Forbidden'),
          N_("The HTTP proxy refuses to connect to this host (403)."),
          N_("ask the proxy's administrators to allow the mirror's host, or use a mirror the proxy allows"),
          _GET + "Forbidden", rank=25, status=403, unless=("reading ",), network=True),
    # ------------------------------------------------------------------ HTTP (cmd/go/internal/web/api.go HTTPError)
    Entry("http-error", "goproxy", ("reading ",),
          N_("A server answered with an HTTP error."), _CHECK_MIRROR,
          _READ + "418 I'm a teapot", rank=5, network=True, http=(400, 599)),
    Entry("unauthorized", "goproxy", ("reading ",),
          N_("The server requires credentials (401)."),
          N_("give Go the credentials: a ~/.netrc entry for the host (GOAUTH=netrc, the default) or a GOAUTH command"),
          _READ + "401 Unauthorized", rank=20, status=401, network=True, http=(401, 401)),
    Entry("forbidden", "goproxy", ("reading ",),
          N_("The server refuses the request (403): credentials are missing or not allowed for this module."),
          N_("check the mirror's access rules and credentials (~/.netrc or GOAUTH); 'gotui check' shows which mirror refused"),
          _READ + "403 Forbidden", rank=20, status=403, network=True, http=(403, 403)),
    Entry("not-found", "goproxy", ("reading ",),
          N_("The server does not have this module or version (404)."),
          N_("check the module path and version ('gotui module PATH@VERSION'); with ',' Go moves on to the next GOPROXY entry"),
          _READ + "404 Not Found", rank=20, status=404, network=True, http=(404, 404)),
    Entry("gone", "goproxy", ("reading ",),
          N_("The server says the module or version is gone (410): a public proxy answers so for modules it cannot fetch."),
          N_("check the path and version; a private module must not go to a public proxy: 'gotui check --module PATH' tells how to route it"),
          "go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/list: 410 Gone",
          rank=20, status=410, network=True, http=(410, 410)),
    Entry("proxy-auth-required", "tls", ("reading ",),
          N_("The HTTP proxy requires credentials (407)."),
          N_("put the proxy's user and password in HTTPS_PROXY (http://user:password@proxy:port); gotui masks them"),
          _READ + "407 Proxy Authentication Required", rank=30, status=407, network=True, http=(407, 407)),
    Entry("server-error", "goproxy", ("reading ",),
          N_("The server failed (5xx): the mirror or its upstream is broken."), _CHECK_MIRROR,
          _READ + "502 Bad Gateway", rank=15, network=True, http=(500, 599)),
    # cmd/go/internal/web/http.go: checkRedirect
    Entry("redirect-loop", "goproxy", ("stopped after 10 redirects",),
          N_("The server redirects in a loop."), _CHECK_MIRROR,
          _GET + "stopped after 10 redirects", rank=20),
    # cmd/go/internal/web/http.go: refusing credentials over http
    Entry("insecure-credentials", "goproxy", ("refusing to pass credentials to insecure URL",),
          N_("Go refuses to send credentials over plain http."),
          N_("use the https:// address of the mirror"),
          "go: example.com/m@v1.0.0: refusing to pass credentials to insecure URL: http://user:xxxxx@proxy.example.com",
          rank=20),
    # cmd/go/internal/modfetch/proxy.go
    Entry("bad-response", "goproxy", ("invalid response from proxy",),
          N_("The mirror answered something that is not the Go module proxy protocol (a login page, a captive portal?)."),
          _CHECK_MIRROR,
          'go: example.com/m@v1.0.0: invalid response from proxy "https://proxy.example.com": invalid character '
          "'<' looking for beginning of value", rank=20),
    # net/http/response.go badStringError "malformed HTTP …", wrapped by transport.go
    Entry("bad-response", "goproxy", ("malformed HTTP ",),
          N_("The server does not speak HTTP on that port (or something in between garbles it)."), _CHECK_MIRROR,
          _GET + 'net/http: HTTP/1.x transport connection broken: malformed HTTP status code "not"', rank=20,
          network=True),
    Entry("goproxy-invalid", "goproxy", ("invalid proxy URL",),
          N_("GOPROXY is malformed."),
          N_("set a valid list, e.g. 'gotui set GOPROXY=https://proxy.golang.org,direct' (gotui validates it)"),
          "go: example.com/m@v1.0.0: invalid proxy URL missing scheme: proxy.example.com", rank=20),
    # cmd/go/internal/modfetch/repo.go: errProxyOff
    Entry("goproxy-off", "goproxy", ("module lookup disabled by GOPROXY=off",),
          N_("GOPROXY=off: Go may not download anything."),
          N_("set GOPROXY to a mirror ('gotui use NAME') unless offline builds are intended"),
          "go: example.com/m@v1.0.0: module lookup disabled by GOPROXY=off", rank=20),
)
