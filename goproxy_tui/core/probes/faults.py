"""The closed set of fault classes every probe result is reduced to, with a plain explanation.

The names are part of the JSON contract (DESIGN §2): lower-case and hyphenated, never renamed.
"""

from __future__ import annotations

from enum import Enum

from goproxy_tui.i18n import N_, _


class Fault(str, Enum):
    OK = "ok"
    DNS_FAILURE = "dns-failure"
    DNS_TIMEOUT = "dns-timeout"
    DNS_POISONED = "dns-poisoned"
    CONNECT_REFUSED = "connect-refused"
    CONNECT_TIMEOUT = "connect-timeout"
    CONNECT_UNREACHABLE = "connect-unreachable"
    TLS_UNTRUSTED = "tls-untrusted"
    TLS_EXPIRED = "tls-expired"
    TLS_HOSTNAME = "tls-hostname"
    TLS_HANDSHAKE_TIMEOUT = "tls-handshake-timeout"
    TLS_ERROR = "tls-error"
    WRITE_TIMEOUT = "write-timeout"
    READ_TIMEOUT = "read-timeout"
    RESET = "reset"
    HTTP_404 = "http-404"
    HTTP_410 = "http-410"
    HTTP_5XX = "http-5xx"
    AUTH_REQUIRED = "auth-required"
    AUTH_DENIED = "auth-denied"
    HTTP_OTHER = "http-other"
    BAD_RESPONSE = "bad-response"
    TOO_LARGE = "too-large"
    REDIRECT_LOOP = "redirect-loop"
    PROXY_REFUSED = "proxy-refused"
    PROXY_AUTH_REQUIRED = "proxy-auth-required"
    BAD_URL = "bad-url"

    @property
    def explanation(self) -> str:
        """English, as in JSON; :attr:`translated_explanation` is for people."""
        return _EXPLANATIONS[self]

    @property
    def translated_explanation(self) -> str:
        return _(_EXPLANATIONS[self])

    @property
    def go_falls_back_after_comma(self) -> bool:
        """Go tries the next GOPROXY entry after ``,`` only on 404 and 410 (modfetch/proxy.go)."""
        return self in (Fault.HTTP_404, Fault.HTTP_410)


_EXPLANATIONS: dict[Fault, str] = {
    Fault.OK: N_("The server answered as a Go module proxy should."),
    Fault.DNS_FAILURE: N_("The host name does not resolve (NXDOMAIN, no answer, or no usable resolver)."),
    Fault.DNS_TIMEOUT: N_("No DNS server answered in time."),
    Fault.DNS_POISONED: N_("The system resolver's answer disagrees with public resolvers or is a bogus "
        "address: DNS is probably being tampered with."),
    Fault.CONNECT_REFUSED: N_("The host actively refused the TCP connection: nothing listens on that port."),
    Fault.CONNECT_TIMEOUT: N_("The TCP connection was never answered: packets are dropped on the way "
        "(a firewall, the GFW, or a dead host)."),
    Fault.CONNECT_UNREACHABLE: N_("There is no route to the host (network down or unreachable address)."),
    Fault.TLS_UNTRUSTED: N_("The certificate is issued by an authority this machine does not trust; "
        "often a corporate proxy intercepting TLS."),
    Fault.TLS_EXPIRED: N_("The server's certificate has expired or is not yet valid (or the clock is wrong)."),
    Fault.TLS_HOSTNAME: N_("The certificate is valid but for another host name."),
    Fault.TLS_HANDSHAKE_TIMEOUT: N_("The TCP connection opened but the TLS handshake never completed."),
    Fault.TLS_ERROR: N_("The TLS handshake failed."),
    Fault.WRITE_TIMEOUT: N_("The request could not be sent in time."),
    Fault.READ_TIMEOUT: N_("The server accepted the request but did not answer in time."),
    Fault.RESET: N_("The connection was reset or closed in the middle of the exchange."),
    Fault.HTTP_404: N_("The proxy answered 404 Not Found: Go moves on to the next GOPROXY entry."),
    Fault.HTTP_410: N_("The proxy answered 410 Gone: Go moves on to the next GOPROXY entry."),
    Fault.HTTP_5XX: N_("The proxy answered with a server error (5xx): after ',' Go stops here."),
    Fault.AUTH_REQUIRED: N_("The server answered 401 Unauthorized: it wants credentials and got none it accepts. "
        "Go sends them only over https, from GOAUTH (default: the netrc file, ~/.netrc or $NETRC). Company "
        "proxies (Athens, Nexus, Artifactory) answer 401 when the netrc line is missing or wrong; some "
        "(Artifactory hiding unauthorized repositories) answer 404 instead, which looks like a missing module."),
    Fault.AUTH_DENIED: N_("The server answered 403 Forbidden: the credentials were recognised but this account "
        "may not read this path (a permission on the repository, or an expired token). Without any "
        "credentials some proxies answer 403 too. Many company proxies also do not pass /sumdb/ through, "
        "so Go then goes to sum.golang.org directly."),
    Fault.HTTP_OTHER: N_("The proxy answered with an unexpected HTTP status."),
    Fault.BAD_RESPONSE: N_("The answer is not the Go module proxy protocol (garbage, an HTML page, "
        "or the wrong content)."),
    Fault.TOO_LARGE: N_("The answer is larger than any valid reply could be."),
    Fault.REDIRECT_LOOP: N_("The server redirects in a loop or too many times."),
    Fault.PROXY_REFUSED: N_("The HTTP proxy (HTTPS_PROXY/HTTP_PROXY) refused the connection or the tunnel."),
    Fault.PROXY_AUTH_REQUIRED: N_("The HTTP proxy demands authentication (407)."),
    Fault.BAD_URL: N_("The GOPROXY entry is not a mirror URL that can be probed (Go accepts https://, http:// "
        "and file:// URLs; a bare host gets https://)."),
}
