"""Plain HTTP for multi-page sites, with a guest's manners: an identifiable User-Agent, robots.txt obeyed (its
Crawl-delay too), bounded concurrency, retries with backoff on 429/5xx and dropped connections that honour
Retry-After, an adaptive request rate after a 429, bounded time and size per page, conditional requests.

The only module besides `browser` that touches the network. Manners live here, not in the site adapters: an adapter
asks for a URL and gets a `Fetched` page or a typed error.

The connections themselves (proxy, TLS trust, cookies) are `transport`'s.
"""

from __future__ import annotations

import email.utils
import ipaddress
import re
import threading
import time
import urllib.robotparser
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, LocationValueError, NewConnectionError, TimeoutError as Urllib3Timeout

from apiref import __version__

from .errors import PageError
from .transport import READ_BYTES, Cookies, connection_pool, drain, untrusted

USER_AGENT_TOKEN = f"apiref/{__version__} (+https://pypi.org/project/apiref/)"  # who we are, in every User-Agent
USER_AGENT = USER_AGENT_TOKEN
CONCURRENCY = 8  # requests in flight: enough to hide latency, few enough for a small static host
TIMEOUT_S = 30.0  # per request: connect, each read, and the whole body
MAX_BYTES = 64 * 1024 * 1024  # a page larger than this is refused (the largest reference page seen: 13 MB)
RETRIES = 5  # attempts per request on 429, 5xx, timeouts and dropped connections
BACKOFF_S = 0.5  # first wait between attempts; doubles each time
MAX_WAIT_S = 60.0  # the longest Retry-After honoured; a longer one is an error naming the page
MAX_REDIRECTS = 10
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)
CHALLENGE_TITLES = (b"<title>Just a moment...</title>", b"<title>Attention Required!")  # bot-check interstitials


class ChallengeError(PageError):
    """The site answers with a bot check that plain HTTP cannot pass (a browser can)."""


class OffsiteError(PageError):
    """A redirect leads out of the site being crawled (to `target`)."""

    def __init__(self, message: str, target: str) -> None:
        super().__init__(message)
        self.target = target


class RobotsError(PageError):
    """robots.txt disallows the URL for apiref."""


@dataclass
class Fetched:
    """One answer: 200 with its body, or 304 (not modified, no body)."""

    url: str  # the URL finally answered (after redirects)
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    location: str | None = None  # redirects: where to
    retry_after: str | None = None  # 429/503: the header as sent


RATE_WINDOW_S = 1.0  # the request rate a 429 halves is measured over this last stretch
RATE_SAMPLE = 512  # request times kept for it (more than any site allows in RATE_WINDOW_S)


@dataclass
class Throttle:
    """Requests are spaced at least `interval` seconds apart (0: no spacing). A 429 halves the rate (doubles the
    interval, starting from the rate of the last second's requests) and pauses everyone for Retry-After; steady
    successes raise it again slowly. Shared by all threads."""

    interval: float = 0.0
    floor: float = 0.0  # robots.txt Crawl-delay: never faster than this
    _next: float = 0.0
    _paused_until: float = 0.0
    _ok: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _recent: deque[float] = field(default_factory=lambda: deque(maxlen=RATE_SAMPLE))  # when the last requests went

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next, self._paused_until)
            self._next = at + max(self.interval, self.floor)
            self._recent.append(at)
        if at > now:
            time.sleep(at - now)

    def limited(self, retry_after: float) -> None:
        with self._lock:
            if self.interval == 0.0:  # the rate the site just refused: requests of the last second (not since the
                now = time.monotonic()  # start: a slow start would make the rate, and so the crawl, crawl)
                rate = sum(1 for at in self._recent if at > now - RATE_WINDOW_S) / RATE_WINDOW_S
                self.interval = 1.0 / max(1.0, rate)
            self.interval = min(MAX_WAIT_S, self.interval * 2)
            self._paused_until = max(self._paused_until, time.monotonic() + retry_after)
            self._ok = 0

    def succeeded(self) -> None:
        with self._lock:
            self._ok += 1
            if self.interval and self._ok >= 20:  # 20 in a row: 10% faster
                self.interval *= 0.9
                self._ok = 0


class Fetcher:
    """A shared HTTP client for the site of url (thread-safe: call `get` from `concurrency` threads at once)."""

    def __init__(self, url: str, user_agent: str = USER_AGENT, concurrency: int = CONCURRENCY,
                 timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES, retries: int = RETRIES,
                 backoff: float = BACKOFF_S, robots: bool = True) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PageError(f"{url} is not a URL apiref can fetch (it needs http:// or https:// and a host); "
                            "check the URL")
        self.origin = origin_of(url)  # robots.txt and "inside the site" are the host's
        self.user_agent = user_agent
        self.timeout, self.max_bytes, self.retries, self.backoff = timeout, max_bytes, retries, backoff
        self.throttle = Throttle()
        self.headers = {"User-Agent": user_agent, "Accept": "*/*", "Accept-Encoding": encoding_for(self.origin)}
        self.cookies = Cookies()
        self.pool = connection_pool(self.origin, concurrency, timeout)
        self.requests = 0
        self.robots = self._robots() if robots else None

    def close(self) -> None:
        self.pool.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ identity after a bot check
    def adopt(self, cookies: dict[str, str], user_agent: str) -> None:
        """Use what a browser got past a bot check with: its cookies and its User-Agent (the clearance is tied to
        it); apiref's name stays in it (browser.py appends it)."""
        for name, value in cookies.items():
            self.cookies.set(name, value, self.origin)
        self.user_agent = user_agent
        self.headers["User-Agent"] = user_agent

    # ------------------------------------------------------------ robots.txt
    def _robots(self) -> urllib.robotparser.RobotFileParser | None:
        """The site's robots.txt (None: there is none, so everything is allowed)."""
        try:
            r = self.get(self.origin + "/robots.txt", check_robots=False)
        except PageError:
            return None
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(r.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.user_agent) or parser.crawl_delay("*")
        if delay:
            self.throttle.floor = min(MAX_WAIT_S, float(delay))
        return parser

    def allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(self.user_agent, url)

    # ------------------------------------------------------------ GET
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            check_robots: bool = True) -> Fetched:
        """GET url (following redirects within the site), retrying what is worth retrying. 404 and other client
        errors, a bot check, a redirect loop or one out of the site, a body over max_bytes: typed errors."""
        if check_robots and not self.allowed(url):
            raise RobotsError(f"{url} is disallowed for apiref by {self.origin}/robots.txt; "
                              "apiref obeys robots.txt (ask the site's owner, or scrape another copy)")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: list[str] = []
        while True:
            r = self._attempts(url, headers)
            if r.status not in REDIRECT_STATUS:
                return r
            url = self._redirect(url, r, seen)

    def _redirect(self, url: str, r: Fetched, seen: list[str]) -> str:
        target = urljoin(url, r.location or "")
        seen.append(url)
        if target in seen or len(seen) > MAX_REDIRECTS:
            raise PageError(f"{seen[0]} redirects in a loop ({' -> '.join(seen[-3:])} -> {target}); "
                            "check the URL in a browser")
        if not same_site(target, self.origin):
            raise OffsiteError(f"{seen[0]} redirects out of the site to {target}; "
                               f"scrape {target} itself if that is the reference", target)
        return target

    def _attempts(self, url: str, headers: dict[str, str]) -> Fetched:
        last = ""
        for attempt in range(self.retries):
            self.throttle.wait()
            try:
                r = self._once(url, headers)
            except LocationValueError as e:
                raise PageError(f"{url} is not a URL apiref can fetch ({e}); check the URL") from None
            except HTTPError as e:  # timeouts, refused or dropped connections, TLS and proxy failures
                last = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
                if untrusted(e):  # not a passing fault: asking again gets the same certificate
                    raise PageError(f"{url} has a certificate apiref does not trust ({last}); if your company's "
                                    "own authority signs it, name its certificate in SSL_CERT_FILE") from None
                if self.requests == 0 and isinstance(e, NewConnectionError):  # (a subclass of the timeout error)
                    raise PageError(f"{url} is unreachable ({last}); check the URL and that the site is up") from None
                if self.requests == 0 and isinstance(e, Urllib3Timeout):  # the site never answered at all
                    raise PageError(f"{url} did not answer within {self.timeout:g}s; check the URL or raise --timeout"
                                    ) from None
                time.sleep(self.backoff * 2 ** attempt)
                continue
            if r.status in RETRY_STATUS:
                last = f"HTTP {r.status}"
                wait = retry_after(r.retry_after)
                if wait is not None and wait > MAX_WAIT_S:
                    raise PageError(f"{url} answered {r.status} asking to wait {wait:g}s; try again later")
                if r.status == 429:
                    self.throttle.limited(wait if wait is not None else self.backoff * 2 ** attempt)
                time.sleep(wait if wait is not None else self.backoff * 2 ** attempt)
                continue
            self.throttle.succeeded()
            return r
        hint = "lower --concurrency or try again later" if "429" in last else "try again later"
        raise PageError(f"{url} failed {self.retries} times (last: {last}); {hint}")

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        """One request: a redirect or a retryable status comes back as it is, for the caller to act on."""
        started = time.monotonic()
        cookie = self.cookies.header(url)
        sent = {**self.headers, **headers, **({"Cookie": cookie} if cookie else {})}
        resp = self.pool.request("GET", url, headers=sent, redirect=False, retries=False, preload_content=False)
        try:
            self.requests += 1
            self.cookies.extract(url, resp.headers)
            status = resp.status
            if status == 304 or status in REDIRECT_STATUS:
                drain(resp)
            if status in REDIRECT_STATUS:
                return Fetched(url, status, location=resp.headers.get("location", ""))
            if status in RETRY_STATUS:
                return Fetched(url, status, retry_after=resp.headers.get("retry-after"))
            if status == 304:
                return Fetched(url, 304, etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"))
            chunks, size = [], 0
            for chunk in resp.stream(READ_BYTES):
                size += len(chunk)
                if size > self.max_bytes:
                    raise PageError(f"{url} is larger than {self.max_bytes // 2**20} MB; "
                                    "raise --max-page-mb if it really is one page")
                if time.monotonic() - started > self.timeout:
                    raise PageError(f"{url} took over {self.timeout:g}s to arrive; raise --timeout")
                chunks.append(chunk)
            body = b"".join(chunks)
            if is_challenge(status, resp.headers, body):
                raise ChallengeError(f"{url} is behind a bot check that plain HTTP cannot pass")
            if status >= 400:
                title = html_title(body[:65536])
                named = f" (title {title!r})" if title is not None else ""
                raise PageError(f"{url} answered HTTP {status}{named}; check the URL")
            return Fetched(url, status, body, resp.headers.get("etag"), resp.headers.get("last-modified"),
                           resp.headers.get("content-type", ""))
        finally:
            if resp.connection is not None:  # a body not read to its end: its connection cannot serve another request
                resp.close()
                resp.release_conn()


def html_title(body: bytes) -> str | None:
    """A page's <title> text as it stands in the HTML (entities not decoded), stripped; None without one."""
    found = TITLE.search(body)
    return found.group(1).decode("utf-8", "replace").strip() if found else None


def is_challenge(status: int, headers: urllib3.HTTPHeaderDict, body: bytes) -> bool:
    """A bot-check interstitial (Cloudflare and look-alikes): a 403/503 that says so."""
    if status not in (403, 503):
        return False
    return headers.get("cf-mitigated") == "challenge" or any(t in body[:4096] for t in CHALLENGE_TITLES)


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def encoding_for(origin: str) -> str:
    """gzip over a network (a tenth of the bytes); identity from this machine, where compressing costs the server
    more time than the bytes would take to copy."""
    host = urlsplit(origin).hostname or ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost"
    return "identity" if local else "gzip"


def same_site(url: str, origin: str) -> bool:
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
