"""Fetching an article's URL with httpx: bounded in time, size, redirects and schemes, and to
public addresses unless allowed (`fetch_guard`). Its text is read by `page_text`."""

from __future__ import annotations

import time
from urllib.parse import urljoin, urlsplit

from . import fetch_guard, http_lib
from .errors import InputError, clip
from .version import __version__

USER_AGENT = f"summarizer/{__version__} (news brief tool; python-httpx)"
ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
FETCH_DEADLINE_S = 60.0  # the whole fetch, redirects and a slow body included
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_STATUS_WORDS = {
    404: "not found",
    410: "gone",
    401: "needs a login",
    403: "forbidden",
    451: "unavailable for legal reasons",
}


def is_url(source: str) -> bool:
    """Whether `source` names a resource by scheme (http, https, or one that is refused)."""
    scheme = urlsplit(source).scheme.lower()
    return bool(scheme) and len(scheme) > 1 and "://" in source  # "C:\\file" is a path, not a URL


def fetch(
    url: str,
    *,
    max_bytes: int,
    deadline_s: float = FETCH_DEADLINE_S,
    allow_private: bool = False,
    typed: bool = True,
) -> tuple[bytes, str, str]:
    """(body, final URL, content type) of an HTML page or a text file at `url`.

    `deadline_s` bounds the whole fetch: connects, headers, redirects and body. Hosts must
    resolve to public addresses unless `allow_private`; a URL the user `typed` is the user's own
    choice, so its first hop may be private, but where it redirects must still be public (a page
    cannot steer us at the user's intranet, nor can a feed record)."""
    httpx = http_lib.httpx()
    started = time.monotonic()
    _check_scheme(url, url)
    backend = fetch_guard.guarded_backend(http_lib.httpcore(), started + deadline_s)
    timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    with _client(httpx, backend, timeout) as client:
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            backend.allow_private = allow_private or (typed and hop == 0)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        _check_scheme(target, url, came_from=current)
                        current = target
                        continue
                    _check_status(response, url)
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind and not kind.startswith(_HTML_TYPES + _TEXT_TYPES):
                        raise InputError(f"{url} is {kind}, not an HTML page or text")
                    body = _read(response, url, max_bytes, started, deadline_s)
                    return body, str(response.url), kind or "text/html"
            except fetch_guard.PrivateAddress as exc:
                via = "" if current == url else f" (a redirect from {url})"
                raise InputError(
                    f"refused {clip(current)}{via}: {exc}", hint="pass --allow-private-urls to fetch it"
                ) from None
            except httpx.TimeoutException:
                if time.monotonic() - started >= deadline_s - 0.05:
                    raise InputError(f"{url} took longer than {deadline_s:g}s to send its page") from None
                raise InputError(
                    f"{url} did not answer in time", hint="check the address, or try again later"
                ) from None
            except httpx.ConnectError as exc:
                raise InputError(
                    f"cannot connect to {urlsplit(current).hostname}: {_why(exc)}",
                    hint="check the address and your network connection",
                ) from None
            except httpx.HTTPError as exc:
                raise InputError(f"cannot fetch {url}: {_why(exc)}") from None
        raise InputError(f"{url} redirects more than {MAX_REDIRECTS} times")


def _client(httpx, backend, timeout):
    """A client whose connections go through `backend`; none are kept alive, so every hop
    connects (and is checked) again."""
    transport = httpx.HTTPTransport()
    # httpx has no public way to give its transport a network backend; the pool is rebuilt
    # with the same TLS settings (certifi's trust store, as httpx's own default).
    transport._pool = http_lib.httpcore().ConnectionPool(
        ssl_context=httpx.create_ssl_context(), max_keepalive_connections=0, network_backend=backend
    )
    return httpx.Client(
        transport=transport, follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT}
    )


def _why(exc) -> str:
    """A transport failure in words: what the socket said, not only the exception's class."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {detail[:200]}" if detail else type(exc).__name__


def _check_scheme(target: str, url: str, came_from: str | None = None) -> None:
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        where = f"{url} redirects to" if came_from else "refused"
        raise InputError(f"{where} a {scheme or 'scheme-less'} address; only http and https are fetched")
    if came_from and urlsplit(came_from).scheme.lower() == "https" and scheme == "http":
        raise InputError(f"{url} redirects from https to plain http; refused")


def _check_status(response, url: str) -> None:
    if response.status_code >= 400:
        words = _STATUS_WORDS.get(response.status_code, response.reason_phrase or "error")
        raise InputError(f"{url} answered HTTP {response.status_code} ({words})")


def _read(response, url: str, max_bytes: int, started: float, deadline_s: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"{url} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url} is over the {max_bytes:,}-byte limit", hint="raise it with --max-bytes")
        if time.monotonic() - started > deadline_s:
            raise InputError(f"{url} took longer than {deadline_s:g}s to send its page")
        chunks.append(chunk)
    return b"".join(chunks)
