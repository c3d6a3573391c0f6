"""HTTP for the price refresh: the stdlib's urllib, retries with backoff, byte counting, cancel.

Only the AWS Price List bulk API (or a ``--source`` mirror of it) is contacted: every URL, an
absolute one named by an index and every redirect included, must have the source's scheme, host
and port (so no https -> http downgrade either), else :class:`OffSourceError`. The whole refresh
has a deadline (:class:`DeadlineError`), checked between blocks read and before each retry; a
read waits at most ``timeout_s`` (or what is left of the deadline). Every failure
becomes a :class:`FetchError` whose message names the URL and what went wrong in words a user
can act on ("cannot resolve host", "HTTP 503", "connection cut after 1,234 of 5,678 bytes").
Transient failures (5xx, 429, a cut connection, a time-out) are retried with exponential
backoff; a whole file is fetched again from its start, so a parser never sees half a file twice.
"""

from __future__ import annotations

import http.client
import io
import json
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

from calc.pricing.refresh.progress import printable

T = TypeVar("T")

DEFAULT_SOURCE = "https://pricing.us-east-1.amazonaws.com"
USER_AGENT = "costsizer-price-refresh/1"
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A file could not be fetched. ``transient`` errors were retried before this was raised."""

    def __init__(self, url: str, message: str, *, transient: bool = False) -> None:
        url, message = printable(url), printable(message)  # server text: no escape sequences
        self.url, self.message, self.transient = url, message, transient
        super().__init__(f"{message} ({url})")


class OffSourceError(FetchError):
    """A URL (named by an index, or a redirect) is not on the source: refused, never fetched."""


class DeadlineError(FetchError):
    """The refresh ran out of its overall time (``deadline_s``); not retried."""


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, the port filled in (80 / 443); ValueError for
    anything else."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("http", "https") or not host or not host.isascii() \
            or any(c.isspace() or not c.isprintable() for c in url):
        raise ValueError(f"not an http(s) URL with a plain host name: {url!r}")
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, host.lower(), port


def _same_origin_redirects(fetcher: Fetcher) -> type[urllib.request.HTTPRedirectHandler]:
    class SameOrigin(urllib.request.HTTPRedirectHandler):
        """Follows a redirect only to the source's scheme, host and port."""

        def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                             headers: Any, newurl: str) -> urllib.request.Request | None:
            try:
                fetcher.check_url(newurl, redirected_from=req.full_url)
            except OffSourceError:
                fp.close()
                raise
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return SameOrigin


class Cancelled(Exception):
    """The user cancelled the refresh."""


class _Counting(io.RawIOBase):
    """A raw stream over an HTTP response that counts bytes, honours cancel and turns a cut
    connection into :class:`FetchError` (http.client raises IncompleteRead when fewer bytes
    than Content-Length arrive)."""

    def __init__(self, resp: http.client.HTTPResponse, url: str,
                 on_bytes: Callable[[int], None] | None, cancel: threading.Event | None) -> None:
        self._resp, self._url, self._on_bytes, self._cancel = resp, url, on_bytes, cancel
        self._deadline: Callable[[], None] | None = None  # raises DeadlineError when past it
        self.bytes_read = 0
        length = resp.getheader("Content-Length")
        self.length = int(length) if length and length.isdigit() else None

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        if self._deadline is not None:
            self._deadline()
        try:
            # read1: at most one socket read, so a server trickling bytes cannot keep one call
            # (and the deadline check) waiting until a whole 1 MB block has arrived
            chunk = self._resp.read1(len(b))
            n = len(chunk)
            b[:n] = chunk
        except http.client.IncompleteRead as e:
            raise FetchError(self._url, self._cut_message(e.partial), transient=True) from None
        except (OSError, http.client.HTTPException) as e:
            raise FetchError(self._url, f"connection lost after {self.bytes_read:,} bytes "
                                        f"({e.__class__.__name__}: {e})", transient=True) from None
        if not n and self.length is not None and self.bytes_read < self.length:
            raise FetchError(self._url, self._cut_message(b""), transient=True)
        self.bytes_read += n
        if self._on_bytes is not None and n:
            self._on_bytes(n)
        return n

    def _cut_message(self, partial: bytes | int) -> str:
        expected = f" of {self.length:,}" if self.length is not None else ""
        return f"connection cut after {self.bytes_read:,}{expected} bytes (truncated file)"


class Fetcher:
    """Fetches files below ``source`` (e.g. https://pricing.us-east-1.amazonaws.com).

    ``on_bytes(n)`` is called for every block read and ``on_open(url, length)`` when a file's
    body starts (progress); ``cancel`` aborts between
    blocks with :class:`Cancelled`. ``retries`` extra attempts follow a transient failure,
    waiting ``backoff_s * 2**attempt`` seconds (at most ``max_backoff_s``). ``deadline_s``
    bounds the whole life of the fetcher (None: no bound): past it every read, open and retry
    stops with :class:`DeadlineError`.
    """

    def __init__(self, source: str = DEFAULT_SOURCE, *, timeout_s: float = 60.0,
                 retries: int = 3, backoff_s: float = 1.0, max_backoff_s: float = 30.0,
                 on_bytes: Callable[[int], None] | None = None,
                 on_retry: Callable[[str, int, float], None] | None = None,
                 on_open: Callable[[str, int | None], None] | None = None,
                 cancel: threading.Event | None = None,
                 deadline_s: float | None = None) -> None:
        try:
            self.origin = origin(source)
        except ValueError:
            raise ValueError(f"source must be an http(s) URL, not {source!r}") from None
        self.source = source.rstrip("/")
        self.deadline_s = deadline_s
        self._deadline_at = None if deadline_s is None else time.monotonic() + deadline_s
        self._opener = urllib.request.build_opener(_same_origin_redirects(self))
        self.timeout_s, self.retries = timeout_s, retries
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.on_bytes, self.on_retry, self.cancel = on_bytes, on_retry, cancel
        self.on_open = on_open  # (url, Content-Length or None) when a body starts

    def url(self, path: str) -> str:
        """An absolute URL for a path of the bulk API ("/offers/v1.0/aws/index.json")."""
        if path.startswith(("http://", "https://")):
            return path
        return self.source + "/" + path.lstrip("/")

    def check_url(self, url: str, *, redirected_from: str | None = None) -> None:
        """Refuse (:class:`OffSourceError`) a URL that is not on the source's scheme, host and
        port, or that holds control characters or spaces."""
        if any(c.isspace() or not c.isprintable() for c in url):
            why = "that holds control characters or spaces"
        else:
            try:
                if origin(url) == self.origin:
                    return
            except ValueError:
                pass  # ftp:, file:, no host ...
            why = f"off the source {self.source}" if redirected_from \
                else f"that is not on the source {self.source}"
        what = f"a redirect from {redirected_from} to a URL" if redirected_from else "a URL"
        raise OffSourceError(url, f"refused {what} {why} (only the --source or the Price List "
                                  "API is contacted)")

    def remaining_s(self) -> float | None:
        """Seconds left before the deadline (None: no deadline)."""
        if self._deadline_at is None:
            return None
        return self._deadline_at - time.monotonic()

    def check_deadline(self, url: str = "") -> None:
        left = self.remaining_s()
        if left is not None and left <= 0:
            raise DeadlineError(url or self.source,
                                f"the refresh took longer than its time limit of "
                                f"{self.deadline_s:g} s")

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def _open(self, url: str) -> http.client.HTTPResponse:
        self._check_cancel()
        self.check_url(url)
        self.check_deadline(url)
        left = self.remaining_s()
        timeout = self.timeout_s if left is None else max(0.001, min(self.timeout_s, left))
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept-Encoding": "identity"})
        try:
            resp = self._opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as e:
            e.close()
            transient = e.code in TRANSIENT_STATUS
            raise FetchError(url, f"HTTP {e.code} {e.reason}", transient=transient) from None
        except urllib.error.URLError as e:
            raise _url_error(url, e.reason) from None
        except TimeoutError:
            raise FetchError(url, f"no answer within {self.timeout_s:g} s",
                             transient=True) from None
        except (OSError, http.client.HTTPException) as e:
            raise FetchError(url, f"connection failed ({e.__class__.__name__}: {e})",
                             transient=True) from None
        return resp  # type: ignore[no-any-return]

    def with_stream(self, path: str, consume: Callable[[BinaryIO], T]) -> T:
        """Open ``path`` and give ``consume`` a buffered binary stream of its body; retry the
        whole file (a fresh stream, ``consume`` called again) after a transient failure."""
        url = self.url(path)
        attempt = 0
        while True:
            try:
                resp = self._open(url)
                with resp:
                    raw = _Counting(resp, url, self.on_bytes, self.cancel)
                    raw._deadline = lambda: self.check_deadline(url)
                    if self.on_open is not None:
                        self.on_open(url, raw.length)
                    stream = io.BufferedReader(raw, buffer_size=1 << 20)
                    try:
                        return consume(stream)
                    except TimeoutError:
                        raise FetchError(url, f"no data within {self.timeout_s:g} s",
                                         transient=True) from None
            except FetchError as e:
                if not e.transient or attempt >= self.retries:
                    if e.transient and attempt:
                        raise FetchError(url, f"{e.message}; gave up after {attempt + 1} "
                                              "attempts", transient=True) from None
                    raise
                delay = min(self.max_backoff_s, self.backoff_s * 2 ** attempt)
                left = self.remaining_s()
                if left is not None and delay >= left:
                    raise DeadlineError(url, f"{e.message}; no time left for a retry within "
                                             f"the time limit of {self.deadline_s:g} s") from None
                if self.on_retry is not None:
                    self.on_retry(str(e), attempt + 1, delay)
                attempt += 1
                if self.cancel is not None:
                    if self.cancel.wait(delay):
                        raise Cancelled() from None
                else:
                    time.sleep(delay)

    def fetch_bytes(self, path: str, *, max_bytes: int) -> bytes:
        """The whole body of a small file, refusing more than ``max_bytes``."""
        def read(stream: BinaryIO) -> bytes:
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(self.url(path), f"file larger than {max_bytes:,} bytes: "
                                                 "not a Price List index or small offer file")
            return data
        return self.with_stream(path, read)

    def fetch_json(self, path: str, *, max_bytes: int = 256 << 20) -> Any:
        """A JSON file (index, region index or small offer); garbage is a clear error."""
        data = self.fetch_bytes(path, max_bytes=max_bytes)
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise FetchError(self.url(path), f"not valid JSON ({e}); the file is corrupt or "
                                             "not a Price List file") from None


def _url_error(url: str, reason: object) -> FetchError:
    host = urllib.parse.urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        # EAI_AGAIN is a temporary resolver failure; anything else means no such host / no DNS
        transient = reason.errno == socket.EAI_AGAIN
        return FetchError(url, f"cannot resolve host {host!r} (no network or DNS failure: "
                               f"{reason.strerror or reason})", transient=transient)
    if isinstance(reason, ConnectionRefusedError):
        return FetchError(url, f"connection to {host} refused", transient=True)
    if isinstance(reason, TimeoutError):
        return FetchError(url, f"no answer from {host} (time-out)", transient=True)
    if isinstance(reason, ssl.SSLError):
        return FetchError(url, f"TLS error with {host}: {reason}")
    if isinstance(reason, OSError):
        return FetchError(url, f"network error reaching {host}: {reason.strerror or reason}",
                          transient=True)
    return FetchError(url, f"cannot reach {host}: {reason}", transient=True)
