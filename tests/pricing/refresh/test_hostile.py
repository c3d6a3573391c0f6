"""A refresh against a hostile or broken mirror (issue 15 items 1, 5 and 10), on loopback.

* item 1: a refresh refused for what it read keeps no cached part, so a fixed mirror is read
  again and ``allow_large_moves`` never takes the stale wrong price;
* item 5: only the source's scheme, host and port are contacted: redirects and absolute index
  URLs elsewhere are refused with one line naming the URL, before any byte is sent there;
* item 10: an overall time limit (a server trickling bytes cannot hold the refresh), a bound
  on retries, JSON offers streamed in bounded memory, and server or index text escaped
  before it reaches the terminal.

Every test is fast: one or two services in one Region, tiny time limits.
"""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from pathlib import Path

import pytest

from calc.cli import main
from calc.errors import InputError
from calc.pricing.refresh import RefreshError, refresh
from calc.pricing.refresh import offers as off
from calc.pricing.refresh.fetch import Fetcher, OffSourceError
from calc.pricing.refresh.progress import printable
from calc.pricing.refresh.run import MAX_RETRIES
from calc.pricing.snapshots import (
    is_costsizer_snapshot,
    load_active,
    refreshed_snapshots,
    set_active_catalog,
)
from tests.pricing.refresh.test_run import INDEX, LAMBDA_US, S3_US, state
from tests.pricing.refresh.test_site import PriceSite, site_files

LAMBDA_INDEX = "/offers/v1.0/aws/AWSLambda/current/region_index.json"
ONE = {"regions": ["us-east-1"], "services": ["lambda"]}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    d = tmp_path / "data"
    monkeypatch.setenv("COSTSIZER_DATA_DIR", str(d))
    set_active_catalog(None)
    yield d
    set_active_catalog(None)


@pytest.fixture(scope="module")
def good() -> dict[str, bytes]:
    return site_files()


@pytest.fixture
def site(good: dict[str, bytes]):
    s = PriceSite(good)
    yield s
    s.close()


@pytest.fixture
def elsewhere():
    """Another server (another port: another origin) that must never be contacted."""
    s = PriceSite({})
    yield s
    s.close()


def run(site: PriceSite, data_dir: Path, **kw):
    kw = {**ONE, **kw}
    kw.setdefault("base", load_active(data_dir)[0])
    kw.setdefault("retries", 0)
    kw.setdefault("backoff_s", 0.001)
    kw.setdefault("timeout_s", 5)
    return refresh(source=site.url, data_dir=data_dir, **kw)


def _cli(site: PriceSite, *extra: str) -> list[str]:
    return ["prices", "refresh", "--source", site.url, "--regions", "us-east-1",
            "--services", "lambda", "--retries", "0", *extra]


# -- item 1: a refused refresh does not poison its cache ---------------------------------------
def test_a_refused_refresh_keeps_no_part_and_the_fixed_mirror_is_read_again(good,
                                                                             data_dir) -> None:
    # Lambda requests: 0.20 USD per million (SOURCES.md lambda.csv, us-east-1) = 2e-7 per
    # request; the broken mirror serves 100x that, 0.00002 (the case)
    site = PriceSite(site_files(factor=100.0))
    try:
        before = state(data_dir)
        with pytest.raises(RefreshError, match="moved more than 10x"):
            run(site, data_dir)
        assert site.hits[LAMBDA_US] == 1
        assert not list((data_dir / "cache" / "parts").glob("*"))  # nothing cached
        assert state(data_dir) == before
        site.files = dict(good)  # the mirror is fixed
        result = run(site, data_dir, allow_large_moves=True)
        assert site.hits[LAMBDA_US] == 2  # downloaded again, not the cached wrong part
        assert result.large_moves == []
        cat = load_active(data_dir)[0]
        assert cat.root == result.path
        assert cat.lambda_prices("us-east-1").require("x86_usd_per_request") == \
            pytest.approx(2e-7, rel=1e-12)
    finally:
        site.close()


def test_after_a_refusal_a_plain_refresh_of_the_fixed_mirror_succeeds(good, data_dir) -> None:
    site = PriceSite(site_files(factor=100.0))
    try:
        with pytest.raises(RefreshError, match="moved more than 10x"):
            run(site, data_dir)
        site.files = dict(good)
        result = run(site, data_dir)  # no --allow-large-moves: the same error does not repeat
        assert site.hits[LAMBDA_US] == 2 and not result.large_moves
    finally:
        site.close()


def test_a_network_failure_still_keeps_the_parts_read(site, data_dir) -> None:
    # the resume promise stays: S3 fails for good after Lambda was read
    site.fault(S3_US, "status", 500, times=None)
    with pytest.raises(RefreshError, match="HTTP 500"):
        run(site, data_dir, services=["lambda", "s3"])
    assert list((data_dir / "cache" / "parts").glob("*.json.gz"))
    site.clear_faults()
    run(site, data_dir, services=["lambda", "s3"])
    assert site.hits[LAMBDA_US] == 1


def test_allow_large_moves_reuses_no_part_cached_by_a_run_cut_short(good, data_dir) -> None:
    # a run reads the wrong Lambda price (100x) and is cut by the network before it is checked;
    # the mirror is fixed; --allow-large-moves then reads every file again
    site = PriceSite(site_files(factor=100.0))
    try:
        site.fault(S3_US, "status", 500, times=None)
        with pytest.raises(RefreshError, match="HTTP 500"):
            run(site, data_dir, services=["lambda", "s3"])
        assert list((data_dir / "cache" / "parts").glob("*.json.gz"))  # the wrong part kept
        site.files, site.faults = dict(good), {}
        run(site, data_dir, services=["lambda", "s3"], allow_large_moves=True)
        assert site.hits[LAMBDA_US] == 2
        # 0.20 USD per million requests (SOURCES.md lambda.csv, us-east-1), not 100x that
        assert load_active(data_dir)[0].lambda_prices("us-east-1").require(
            "x86_usd_per_request") == pytest.approx(2e-7, rel=1e-12)
    finally:
        site.close()


# -- item 5: only the source is contacted --------------------------------------------------------
def test_a_redirect_to_another_host_is_refused(site, elsewhere, data_dir, capsys) -> None:
    target = elsewhere.url + INDEX
    site.fault(INDEX, "redirect", target, times=None)
    before = state(data_dir)
    code = main(_cli(site, "--quiet"))
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"refused a redirect from {site.url}{INDEX} to a URL off the source {site.url}" in err
    assert target in err
    assert sum(elsewhere.hits.values()) == 0  # never contacted
    assert state(data_dir) == before


def test_a_redirect_on_the_source_is_followed(site, good, data_dir) -> None:
    site.files["/moved/index.json"] = good[INDEX]
    site.fault(INDEX, "redirect", site.url + "/moved/index.json", times=None)
    result = run(site, data_dir)
    assert site.hits["/moved/index.json"] == 1 and result.path.exists()


@pytest.mark.parametrize(("source", "url"), [
    ("https://127.0.0.1:8443", "http://127.0.0.1:8443/offers/v1.0/aws/index.json"),  # downgrade
    ("https://pricing.example", "http://pricing.example/x.json"),  # https -> http, default ports
    ("http://127.0.0.1:8080", "http://127.0.0.1:8081/x.json"),  # another port
    ("http://127.0.0.1:8080", "http://localhost:8080/x.json"),  # another host name
    ("http://127.0.0.1:8080", "ftp://127.0.0.1:8080/x.json"),
    ("http://127.0.0.1:8080", "file:///etc/passwd"),
])
def test_urls_off_the_source_are_refused(source, url) -> None:
    with pytest.raises(OffSourceError, match="off the source|not on the source"):
        Fetcher(source).check_url(url)


def test_the_same_origin_with_an_explicit_default_port_is_accepted() -> None:
    Fetcher("https://pricing.example").check_url("https://PRICING.example:443/a.json")
    Fetcher("http://127.0.0.1:8080/mirror").check_url("http://127.0.0.1:8080/offers/x.json")


def _json_edit(data: bytes, edit) -> bytes:
    body = json.loads(data)
    edit(body)
    return json.dumps(body).encode()


def test_an_absolute_region_index_url_elsewhere_is_refused(site, good, elsewhere,
                                                           data_dir) -> None:
    def point_away(body) -> None:
        body["offers"]["AWSLambda"]["currentRegionIndexUrl"] = elsewhere.url + LAMBDA_INDEX
    site.fault(INDEX, "body", _json_edit(good[INDEX], point_away), times=None)
    with pytest.raises(RefreshError) as err:
        run(site, data_dir)
    msg = str(err.value)
    assert "refused a URL that is not on the source" in msg
    assert elsewhere.url + LAMBDA_INDEX in msg and "\n" not in msg
    assert sum(elsewhere.hits.values()) == 0
    assert refreshed_snapshots(data_dir) == []


def test_an_absolute_version_url_elsewhere_is_refused(site, good, elsewhere,
                                                      data_dir) -> None:
    def point_away(body) -> None:
        body["regions"]["us-east-1"]["currentVersionUrl"] = elsewhere.url + LAMBDA_US
    site.fault(LAMBDA_INDEX, "body", _json_edit(good[LAMBDA_INDEX], point_away), times=None)
    with pytest.raises(RefreshError, match="not on the source") as err:
        run(site, data_dir)
    assert elsewhere.url + LAMBDA_US in str(err.value)
    assert sum(elsewhere.hits.values()) == 0


def test_an_absolute_url_on_the_source_is_taken(site, good, data_dir) -> None:
    def absolute(body) -> None:
        body["regions"]["us-east-1"]["currentVersionUrl"] = site.url + LAMBDA_US
    site.fault(LAMBDA_INDEX, "body", _json_edit(good[LAMBDA_INDEX], absolute), times=None)
    assert run(site, data_dir).path.exists()
    assert site.hits[LAMBDA_US] == 1


# -- item 6: deletes check what they delete ----------------------------------------------------
def _foreign_files(data_dir: Path) -> list[Path]:
    """Files Costsizer did not write, in the places its deletes look: the data folder,
    ``snapshots/`` (a folder of the user's, a time-stamp folder with no refreshed manifest,
    one newer by name than any refresh) and ``cache/``."""
    snaps = data_dir / "snapshots"
    files = {
        snaps / "my-notes" / "x.txt": "mine",
        snaps / "20991231T235959Z" / "manifest.json": '{"snapshot": "bundled"}',
        snaps / "20200101T000000Z" / "data.csv": "a,b\n",
        data_dir / "notes.txt": "keep",
        data_dir / "cache" / "mine.bin": "keep",
        data_dir / "cache" / "parts" / "README": "keep",
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def _ours(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "snapshots").iterdir() if is_costsizer_snapshot(p))


def test_reset_deletes_only_what_costsizer_wrote(site, data_dir, capsys) -> None:
    # the issue: `prices reset` removed unrelated files in the data folder
    result = run(site, data_dir)
    foreign = _foreign_files(data_dir)
    assert main(["prices", "reset", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["removed"] == [str(result.path)]
    assert not result.path.exists() and _ours(data_dir) == []
    assert [p for p in foreign if not p.is_file()] == []
    assert not list((data_dir / "cache" / "parts").glob("*.json.gz"))  # its own parts: gone


def test_foreign_folders_never_make_a_refresh_prune_the_new_snapshot(site, data_dir) -> None:
    # the issue: two foreign folders in snapshots/ made a successful refresh prune the new
    # snapshot too. Three refreshes keep the newest two (KEEP_SNAPSHOTS); the foreign
    # folders are neither counted nor touched, and the newest refresh is the one in use.
    foreign = _foreign_files(data_dir)
    paths = [run(site, data_dir).path for _ in range(3)]
    assert _ours(data_dir) == [paths[1], paths[2]]
    assert not paths[0].exists()
    assert [p for p in foreign if not p.is_file()] == []
    catalog, reason = load_active(data_dir)  # the stamp-named foreign folder: passed over
    assert catalog.root == paths[2]
    assert reason is not None and "20991231T235959Z" in reason


# -- item 10: time limit, retries bound, escaped text -------------------------------------------
def test_a_trickling_server_is_stopped_by_the_time_limit(site, data_dir) -> None:
    # Lambda is read, then S3 arrives one byte every 20 ms (its file would take minutes):
    # the 1.2 s limit stops the refresh; a per-read time-out alone never would
    site.fault(S3_US, "trickle", 0.02, times=1)
    start = time.monotonic()
    with pytest.raises(RefreshError, match=r"time limit of 1\.2 s") as err:
        run(site, data_dir, services=["lambda", "s3"], deadline_s=1.2, timeout_s=0.4)
    took = time.monotonic() - start
    assert took < 1.2 + 0.4 + 0.3  # at most one read time-out after the limit
    assert "--max-minutes" in str(err.value) and "\n" not in str(err.value)
    assert refreshed_snapshots(data_dir) == []
    # files read before the limit are kept: the next run continues
    run(site, data_dir, services=["lambda", "s3"])
    assert site.hits[LAMBDA_US] == 1


def test_no_retry_is_waited_for_past_the_time_limit(site, data_dir) -> None:
    site.fault(INDEX, "status", 503, times=None)
    start = time.monotonic()
    with pytest.raises(RefreshError, match="no time left for a retry"):
        run(site, data_dir, retries=3, backoff_s=5, deadline_s=0.5)
    assert time.monotonic() - start < 1.0 and site.hits[INDEX] == 1


@pytest.mark.parametrize("retries", [-1, MAX_RETRIES + 1, 10**9])
def test_retries_are_bounded(site, data_dir, retries) -> None:
    with pytest.raises(InputError, match="retries=.*from 0 to 10"):
        run(site, data_dir, retries=retries)
    assert sum(site.hits.values()) == 0


def test_the_largest_retries_value_is_accepted(site, data_dir) -> None:
    site.fault(INDEX, "status", 503, times=MAX_RETRIES)  # fails 10 times, then answers
    run(site, data_dir, retries=MAX_RETRIES, backoff_s=0.0001)
    assert site.hits[INDEX] == MAX_RETRIES + 1


@pytest.mark.parametrize(("argv", "field"), [
    (["--retries", "11"], "--retries=11: must be a whole number from 0 to 10"),
    (["--retries", "-1"], "--retries=-1"),
    (["--max-minutes", "0"], "--max-minutes=0.0: must be more than 0 and at most 1440"),
    (["--max-minutes", "nan"], "argument --max-minutes: 'nan': must be a finite number"),
    (["--max-minutes", "1441"], "--max-minutes=1441.0"),
])
def test_bounds_exit_2_with_one_line(site, data_dir, capsys, argv, field) -> None:
    # issue 15 items 7 and 10: the message names the option typed (--max-minutes), never the
    # internal field (max_minutes=)
    code = main(_cli(site, "--quiet", *argv))
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"costsizer-cli: error: {field}")
    assert err.count("\n") == 1 and "max_minutes" not in err
    assert sum(site.hits.values()) == 0


def test_escape_sequences_from_an_index_never_reach_the_terminal(site, good, data_dir,
                                                                 capsys) -> None:
    evil = "/offers/\x1b]0;owned\x07\x1b[2J\u202eindex.json"

    def point(body) -> None:
        body["offers"]["AWSLambda"]["currentRegionIndexUrl"] = evil
    site.fault(INDEX, "body", _json_edit(good[INDEX], point), times=None)
    code = main(_cli(site))  # progress lines on
    err = capsys.readouterr().err
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "\\x1b[2J" in err and "\\u202e" in err  # shown, escaped
    assert "holds control characters" in err.splitlines()[-1]


def test_a_server_reason_phrase_is_escaped(site, data_dir, capsys) -> None:
    site.fault(INDEX, "status", (404, "Gone\x1b[31m red\rX"), times=None)
    code = main(_cli(site, "--quiet"))
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "\x1b" not in err and "\r" not in err
    assert "HTTP 404 Gone\\x1b[31m red\\x0dX" in err


@pytest.mark.parametrize(("text", "shown"), [
    ("plain text, é and ü", "plain text, é and ü"),
    ("a\x1b[31mb", "a\\x1b[31mb"),
    ("line\nbreak\r", "line\\x0abreak\\x0d"),
    ("\x9b31m", "\\x9b31m"),  # the 8-bit CSI
    ("\u202edoc.txt", "\\u202edoc.txt"),  # a bidi override
])
def test_printable(text, shown) -> None:
    assert printable(text) == shown
    assert printable(shown) == shown  # idempotent


# -- item 10: large JSON offers are streamed --------------------------------------------------
class _Chunks(io.RawIOBase):
    """A byte stream that gives at most ``size`` bytes a read (cuts values at any byte)."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.at = data, size, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        part = self.data[self.at:self.at + (self.size if n < 0 else min(n, self.size))]
        self.at += len(part)
        return part


@pytest.mark.parametrize("size", [1, 3, 4096])
def test_a_streamed_offer_reads_as_the_whole_file_does(good, size) -> None:
    for path in (LAMBDA_US, S3_US):
        code = path.split("/")[4]
        whole = off.read_json_offer(json.loads(good[path]), offer_code=code,
                                    region="us-east-1", file=path)
        streamed = off.read_json_offer_stream(_Chunks(good[path], size), offer_code=code,
                                              region="us-east-1", file=path)
        assert streamed == whole and len(whole.dimensions) > 10


def _big_lambda_offer(good, copies: int) -> bytes:
    """The Lambda offer with ``copies`` products (and Reserved-style terms) of other Regions
    added: what a whole-file parse holds in memory, the streamed one drops at once."""
    body = json.loads(good[LAMBDA_US])
    sku, product = next(iter(body["products"].items()))
    term = body["terms"]["OnDemand"][sku]
    body["terms"]["Reserved"] = {}
    for i in range(copies):
        other = json.loads(json.dumps(product))
        other["attributes"]["regionCode"] = "eu-west-1"
        other["attributes"]["filler"] = f"padding {i:08d} " * 8
        body["products"][f"X{i:08d}"] = other
        body["terms"]["Reserved"][f"X{i:08d}"] = term
    return json.dumps(body).encode()


def test_a_large_offer_is_streamed_in_bounded_memory(good) -> None:
    data = _big_lambda_offer(good, 4000)  # about 6 MB
    whole = off.read_json_offer(json.loads(good[LAMBDA_US]), offer_code="AWSLambda",
                                region="us-east-1", file=LAMBDA_US)
    tracemalloc.start()
    try:
        got = off.read_json_offer_stream(_Chunks(data, 1 << 16),
                                         offer_code="AWSLambda", region="us-east-1",
                                         file=LAMBDA_US)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == whole  # the other Regions' products and the Reserved terms are dropped
    # a whole-file parse needs several times the file's size; streamed, a fraction of it
    assert peak < len(data) / 2, (peak, len(data))


@pytest.mark.parametrize(("body", "why"), [
    (b'{"offerCode": "AWSLambda", "products": {"A": {"attributes": {}}', "not valid JSON"),
    (b'{"offerCode": "AWSLambda" "products": {}}', "not valid JSON"),
    (b'{"offerCode": "AWSLambda", "products": {}, "terms": {}} trailing', "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
    (b'{"offerCode": "AmazonEC2", "products": {}, "terms": {}}', "offerCode is 'AmazonEC2'"),
    (b'[1, 2]', "not a JSON object"),
])
def test_a_broken_streamed_offer_is_a_clear_error(body, why) -> None:
    with pytest.raises(off.OfferFormatError, match=why):
        off.read_json_offer_stream(_Chunks(body, 5), offer_code="AWSLambda",
                                   region="us-east-1", file=LAMBDA_US)


def test_an_offer_over_the_size_cap_is_refused() -> None:
    body = b'{"offerCode": "AWSLambda", "disclaimer": "' + b"x" * 5000 + b'"}'
    with pytest.raises(off.OfferFormatError, match="larger than 4,096 bytes"):
        off.read_json_offer_stream(_Chunks(body, 1024), offer_code="AWSLambda",
                                   region="us-east-1", file=LAMBDA_US, max_bytes=4096)


def test_a_refresh_takes_a_large_offer_from_the_mirror(site, good, data_dir) -> None:
    site.files[LAMBDA_US] = _big_lambda_offer(good, 2000)
    result = run(site, data_dir)
    cat = load_active(data_dir)[0]
    assert cat.root == result.path
    # 0.20 USD per million requests (SOURCES.md lambda.csv, us-east-1)
    assert cat.lambda_prices("us-east-1").require("x86_usd_per_request") == \
        pytest.approx(2e-7, rel=1e-12)


@pytest.mark.parametrize("source", ["ftp://127.0.0.1/", "file:///etc", "http://[::1",
                                    "http://hé.example", "http://127.0.0.1:99999",
                                    "http://127.0.0.1\n.example", "http://\x1b[2J.example"])
def test_a_source_that_is_no_plain_http_url_exits_2(data_dir, capsys, source) -> None:
    code = main(["prices", "refresh", "--source", source, "--quiet", "--retries", "0",
                 "--services", "lambda", "--regions", "us-east-1"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "--source" in err and "must be an http:// or https:// URL" in err
    assert "\x1b" not in err
