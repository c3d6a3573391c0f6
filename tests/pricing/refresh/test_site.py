"""A Price List bulk API on loopback for the refresh tests: real samples + generated files.

:class:`PriceSite` is a real HTTP server (``http.server`` in a thread, bound to 127.0.0.1)
serving, at the bulk API's own paths:

* the real offer index (``offer-samples/offer_index_2026-04-27.json``) and the real AmazonEC2
  region index (``AmazonEC2_region_index_2025-05-23.json``, whose per-Region URLs are used);
* generated Lambda, S3, EFS offers, region indexes and Savings Plans files in the same formats
  (``tests.support.offers_synth``), from the bundled snapshot's prices times a factor;
* for ap-northeast-1 the EC2 CSV is the real 44-row AmazonEC2 sample followed by generated
  rows; for ap-east-2 the Savings Plans CSV is the real AWSComputeSavingsPlan sample.

Faults are injected per path: an HTTP status (with an optional reason phrase), garbage, a
connection dropped after N bytes, a redirect (302 to a Location), a body trickled one byte at
a time, each for the next ``times`` requests (or for ever).
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from calc.pricing.catalog import Catalog
from calc.pricing.snapshots import bundled_root
from tests.support import offers_synth as synth

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT.parent / "shared" / "aws-prices" / "offer-samples"
REGIONS = ["us-east-1", "ap-northeast-1", "ap-east-2"]
VERSION = "20261120000000"
EC2_REGION_INDEX = "/offers/v1.0/aws/AmazonEC2/current/region_index.json"
SP_PATH = f"/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/{VERSION}/ap-east-2/index.csv"


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"real Price List sample {path} not available")
    return path.read_bytes()


@dataclass
class Fault:
    kind: str  # status | garbage | drop | body | redirect | trickle
    value: object = None
    times: int | None = 1  # None: for ever


class PriceSite:
    """The loopback server. ``files`` maps path -> bytes; ``hits`` counts requests."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.faults: dict[str, list[Fault]] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.hits[self.path] += 1
                queue = site.faults.get(self.path)
                fault = queue[0] if queue else None
                if fault is not None and fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        queue.pop(0)
                data = site.files.get(self.path)
                if fault is not None and fault.kind == "status":
                    code, reason = fault.value if isinstance(fault.value, tuple) \
                        else (fault.value, None)
                    self.send_response(int(code), reason)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if fault is not None and fault.kind == "redirect":
                    self.send_response(302)
                    self.send_header("Location", str(fault.value))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if fault is not None and fault.kind in ("garbage", "body"):
                    data = fault.value  # type: ignore[assignment]
                if data is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if fault is not None and fault.kind == "trickle":  # one byte per value s
                    try:
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(float(fault.value))  # type: ignore[arg-type]
                    except OSError:
                        pass  # the client gave up
                    self.close_connection = True
                    return
                if fault is not None and fault.kind == "drop":
                    self.wfile.write(data[: int(fault.value)])  # type: ignore[call-overload]
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)  # a short poll: close() is quick
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def fault(self, path: str, kind: str, value: object = None, times: int | None = 1) -> None:
        self.faults.setdefault(path, []).append(Fault(kind, value, times))

    def clear_faults(self) -> None:
        self.faults.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def ec2_paths() -> dict[str, str]:
    """Region -> the EC2 CSV path named by the real AmazonEC2 region index (2025-05-23: it
    predates ap-east-2, so that Region has Savings Plans rates but no EC2 file here)."""
    index = json.loads(sample("AmazonEC2_region_index_2025-05-23.json"))
    return {r: index["regions"][r]["currentVersionUrl"][: -len(".json")] + ".csv"
            for r in REGIONS if r in index["regions"]}


def site_files(factor: float = 1.0, catalog: Catalog | None = None) -> dict[str, bytes]:
    """Every file of a refresh of REGIONS, prices = the bundled ones x ``factor``."""
    cat = catalog or Catalog(bundled_root())
    files = synth.site(cat, REGIONS, version=VERSION, factor=factor, limit_types=25)
    files["/offers/v1.0/aws/index.json"] = sample("offer_index_2026-04-27.json")
    files[EC2_REGION_INDEX] = sample("AmazonEC2_region_index_2025-05-23.json")
    paths = ec2_paths()
    for region in REGIONS:
        generated = files.pop(f"/offers/v1.0/aws/AmazonEC2/{VERSION}/{region}/index.csv")
        if region not in paths:
            continue
        path = paths[region]
        if region == "ap-northeast-1":
            # the real sample's rows, then the generated rows (the same 91 columns)
            real = sample("AmazonEC2_offer_first44rows_2025-09-12.csv")
            generated = real + generated.split(b"\n", 6)[6]
        files[path] = generated
    files[SP_PATH] = sample("AWSComputeSavingsPlan_ap-east-2_offer_first44rows_2025-09-11.csv")
    return files


@pytest.fixture
def price_site():
    site = PriceSite(site_files())
    yield site
    site.close()


# -- the server itself -----------------------------------------------------------------------
def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def test_site_serves_the_real_offer_index(price_site: PriceSite) -> None:
    status, body = _get(price_site.url + "/offers/v1.0/aws/index.json")
    assert status == 200
    index = json.loads(body)
    # offer_index_2026-04-27.json (SOURCES.md offer-samples): publicationDate 2026-04-27
    assert index["publicationDate"].startswith("2026-04-27")
    assert index["offers"]["AmazonEC2"]["currentRegionIndexUrl"] == EC2_REGION_INDEX


def test_site_faults_apply_then_clear(price_site: PriceSite) -> None:
    path = "/offers/v1.0/aws/index.json"
    price_site.fault(path, "status", 503, times=2)
    assert _get(price_site.url + path)[0] == 503
    assert _get(price_site.url + path)[0] == 503
    assert _get(price_site.url + path)[0] == 200
    assert price_site.hits[path] == 3
    assert _get(price_site.url + "/no/such/file")[0] == 404
