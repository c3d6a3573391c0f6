"""HTTP for the price refresh: the stdlib's urllib, retries with backoff, byte counting, cancel.

Only the AWS Price List bulk API (or a ``--source`` mirror of it) is contacted. Every failure
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

T = TypeVar("T")

DEFAULT_SOURCE = "https://pricing.us-east-1.amazonaws.com"
USER_AGENT = "costsizer-price-refresh/1"
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A file could not be fetched. ``transient`` errors were retried before this was raised."""

    def __init__(self, url: str, message: str, *, transient: bool = False) -> None:
        self.url, self.message, self.transient = url, message, transient
        super().__init__(f"{message} ({url})")


class Cancelled(Exception):
    """The user cancelled the refresh."""


class _Counting(io.RawIOBase):
    """A raw stream over an HTTP response that counts bytes, honours cancel and turns a cut
    connection into :class:`FetchError` (http.client raises IncompleteRead when fewer bytes
    than Content-Length arrive)."""

    def __init__(self, resp: http.client.HTTPResponse, url: str,
                 on_bytes: Callable[[int], None] | None, cancel: threading.Event | None) -> None:
        self._resp, self._url, self._on_bytes, self._cancel = resp, url, on_bytes, cancel
        self.bytes_read = 0
        length = resp.getheader("Content-Length")
        self.length = int(length) if length and length.isdigit() else None

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        try:
            n = self._resp.readinto(b)
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
    waiting ``backoff_s * 2**attempt`` seconds (at most ``max_backoff_s``).
    """

    def __init__(self, source: str = DEFAULT_SOURCE, *, timeout_s: float = 60.0,
                 retries: int = 3, backoff_s: float = 1.0, max_backoff_s: float = 30.0,
                 on_bytes: Callable[[int], None] | None = None,
                 on_retry: Callable[[str, int, float], None] | None = None,
                 on_open: Callable[[str, int | None], None] | None = None,
                 cancel: threading.Event | None = None) -> None:
        parsed = urllib.parse.urlsplit(source)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"source must be an http(s) URL, not {source!r}")
        self.source = source.rstrip("/")
        self.timeout_s, self.retries = timeout_s, retries
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.on_bytes, self.on_retry, self.cancel = on_bytes, on_retry, cancel
        self.on_open = on_open  # (url, Content-Length or None) when a body starts

    def url(self, path: str) -> str:
        """An absolute URL for a path of the bulk API ("/offers/v1.0/aws/index.json")."""
        if path.startswith(("http://", "https://")):
            return path
        return self.source + "/" + path.lstrip("/")

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def _open(self, url: str) -> http.client.HTTPResponse:
        self._check_cancel()
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept-Encoding": "identity"})
        try:
            resp = urllib.request.urlopen(req, timeout=self.timeout_s)  # noqa: S310 (http(s) only)
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
