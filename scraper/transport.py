"""The connections beneath `fetch`: urllib3's pool for one site, through the environment's proxy, with the
certificate authorities apiref trusts and the site's cookies. httpx served first; urllib3 takes half its CPU per
request from 8 threads (0.3 ms against 0.65 ms for a 304 on a 2-core machine), and most of a re-scrape is 304s."""

from __future__ import annotations

import http.cookiejar
import os
import ssl
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import urllib3
from urllib3.exceptions import ProxySchemeUnknown

from .errors import PageError

READ_BYTES = 65536  # a body is read in pieces of this size (each checked against a size and a time bound)
DRAIN_BYTES = 65536  # the most of an unneeded body read to keep its connection (see drain)


def connection_pool(origin: str, concurrency: int, timeout: float) -> urllib3.PoolManager:
    """Connections to origin, `concurrency` of them kept open, through the proxy the environment names for it
    (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, as curl reads them). HTTPS trusts the certificate authorities of
    SSL_CERT_FILE / SSL_CERT_DIR where the environment names them (a company's own), else certifi's, as httpx does
    (a Python without the system's store, such as python.org's on macOS, has none); made once, for HTTPS only."""
    parts = urlsplit(origin)
    limit = urllib3.Timeout(connect=timeout, read=timeout)
    tls = None
    if parts.scheme == "https":
        named = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
        try:
            tls = ssl.create_default_context(cafile=named[0], capath=named[1]) if any(named) else \
                ssl.create_default_context(cafile=certifi.where())
        except (OSError, ssl.SSLError) as e:
            raise PageError(f"the certificate authorities SSL_CERT_FILE / SSL_CERT_DIR name cannot be read ({e}); "
                            "fix or unset them") from None
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.netloc):
        return urllib3.PoolManager(maxsize=concurrency, timeout=limit, ssl_context=tls)
    try:
        return urllib3.ProxyManager(proxy, maxsize=concurrency, timeout=limit, ssl_context=tls)
    except (ProxySchemeUnknown, ValueError) as e:
        raise PageError(f"the proxy {proxy} named by the environment for {parts.scheme} cannot be used ({e}); "
                        "apiref reaches sites directly or through an HTTP(S) proxy") from None


class Cookies:
    """The cookies the site sets and those a browser got past its bot check with, sent back as a browser would
    (http.cookiejar's rules: domain, path, expiry). Most sites set none: then nothing is done per request."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()

    def set(self, name: str, value: str, origin: str) -> None:
        """A cookie for every path of origin. The jar names a host by its effective host name (RFC 2965): one
        without a dot, such as `localhost`, gets `.local`."""
        host = (urlsplit(origin).hostname or "").lower()
        host = host if "." in host else host + ".local"
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, host, False, False, "/", True, False, None, True, None, None, {}))

    def values(self) -> dict[str, str]:
        return {c.name: c.value for c in self.jar if c.value is not None}

    def header(self, url: str) -> str | None:
        if not self.jar:
            return None
        request = urllib.request.Request(url)
        self.jar.add_cookie_header(request)
        return request.get_header("Cookie")

    def extract(self, url: str, headers: urllib3.HTTPHeaderDict) -> None:
        if "set-cookie" in headers:
            self.jar.extract_cookies(SetCookies(headers), urllib.request.Request(url))  # type: ignore[arg-type]


@dataclass
class SetCookies:
    """An answer's headers as http.cookiejar reads them (it asks `info().get_all(name)`)."""

    headers: urllib3.HTTPHeaderDict

    def info(self) -> SetCookies:
        return self

    def get_all(self, name: str, default: list[str] | None = None) -> list[str] | None:
        return self.headers.getlist(name) or default


def drain(resp: urllib3.BaseHTTPResponse) -> None:
    """Read a body nobody needs (a 304's, a redirect's) to its end, so that its connection is kept for the next
    request. A body over DRAIN_BYTES is left (its connection closes instead)."""
    size = 0
    for chunk in resp.stream(READ_BYTES, decode_content=False):
        size += len(chunk)
        if size > DRAIN_BYTES:
            return


def untrusted(e: BaseException) -> bool:
    """Whether a request failed because the site's certificate did not verify (urllib3 wraps ssl's error)."""
    seen: set[int] = set()
    todo: list[object] = [e]
    while todo:
        x = todo.pop()
        if not isinstance(x, BaseException) or id(x) in seen:
            continue
        if isinstance(x, ssl.SSLCertVerificationError):
            return True
        seen.add(id(x))
        todo.extend([x.__cause__, x.__context__, *x.args])
    return False
