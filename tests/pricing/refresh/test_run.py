"""The price refresh end to end, against a real HTTP server on loopback (test_site.py).

Every failure must leave the active snapshot and a calculator's result unchanged: each fault
test first makes a refreshed snapshot active, then breaks the server, then checks the on-disk
snapshots (byte for byte), the snapshot :func:`load_active` picks and a Lambda cost.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from calc.cli import main
from calc.context import validate
from calc.errors import InputError
from calc.lambda_.api import estimate_cost
from calc.lambda_.models import LambdaCostInput
from calc.pricing.catalog import Catalog
from calc.pricing.errors import SnapshotError
from calc.pricing.refresh import RefreshError, refresh, reset
from calc.pricing.snapshots import (
    active_catalog,
    bundled_root,
    load_active,
    refreshed_snapshots,
    set_active_catalog,
)
from tests.pricing.refresh.test_site import (
    REGIONS,
    SP_PATH,
    VERSION,
    PriceSite,
    ec2_paths,
    sample,
    site_files,
)

INDEX = "/offers/v1.0/aws/index.json"
LAMBDA_US = f"/offers/v1.0/aws/AWSLambda/{VERSION}/us-east-1/index.json"
S3_US = f"/offers/v1.0/aws/AmazonS3/{VERSION}/us-east-1/index.json"
FAST = {"retries": 2, "backoff_s": 0.001, "timeout_s": 10}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The user data dir is a temporary folder: tests never touch the real one."""
    d = tmp_path / "data"
    monkeypatch.setenv("COSTSIZER_DATA_DIR", str(d))
    set_active_catalog(None)
    yield d
    set_active_catalog(None)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return site_files()


@pytest.fixture
def site(files: dict[str, bytes]):
    s = PriceSite(files)
    yield s
    s.close()


def run(site: PriceSite, data_dir: Path, **kw):
    """A refresh over the snapshot the app would use now (as Help > Refresh prices does)."""
    kw.setdefault("regions", REGIONS)
    kw.setdefault("base", load_active(data_dir)[0])
    return refresh(source=site.url, data_dir=data_dir, **FAST, **kw)


def lambda_cost(catalog: Catalog) -> float:
    """A calculator result: 10 M invocations of 100 ms at 1,024 MB in us-east-1."""
    inp = validate(LambdaCostInput, dict(region="us-east-1", memory_mb=1024, duration_ms=100,
                                         invocations_per_month=10_000_000), catalog=catalog)
    return float(estimate_cost(inp, catalog=catalog).as_dict()["total_usd_per_month"])


def state(data_dir: Path) -> tuple:
    """Everything a failed refresh must leave as it was."""
    cat, reason = load_active(data_dir)
    digests = sorted((str(p.relative_to(data_dir)), hashlib.sha256(p.read_bytes()).hexdigest())
                     for p in (data_dir / "snapshots").rglob("*") if p.is_file()) \
        if (data_dir / "snapshots").exists() else []
    return (str(cat.root), cat.label, reason, digests, lambda_cost(cat),
            dict(cat.ebs_prices("us-east-1").values))


# -- success ---------------------------------------------------------------------------------
def test_refresh_round_trip_gives_back_the_prices_it_was_served(site, data_dir) -> None:
    bundled = Catalog(bundled_root())
    result = run(site, data_dir)
    assert result.path.parent == data_dir / "snapshots"
    assert result.label.startswith("refreshed ")
    cat = Catalog(result.path, label=result.label)
    for region in REGIONS:
        for table in ("lambda_prices", "efs_prices"):
            rec = getattr(cat, table)(region)
            assert rec.values == getattr(bundled, table)(region).values, (table, region)
            assert rec.source.id.startswith("bulk_")
    # ap-east-2 is not in the real 2025-05-23 AmazonEC2 region index: its EBS row is kept
    for region in ("us-east-1", "ap-northeast-1"):
        assert cat.ebs_prices(region).values == bundled.ebs_prices(region).values
    assert any("ap-east-2" in n and "ec2" in n for n in result.notes)
    # S3: every mapped meter back with the bundled tiers and prices (per 1,000 requests)
    got = cat.s3_price("us-east-1", "STANDARD", "requests_put_copy_post_list")
    want = bundled.s3_price("us-east-1", "STANDARD", "requests_put_copy_post_list")
    assert got.tiers == want.tiers and got.unit == want.unit == "1000 requests"
    assert got.source.id == f"bulk_AmazonS3_{VERSION}"
    assert cat.s3_price("us-east-1", "STANDARD", "storage").tiers == \
        bundled.s3_price("us-east-1", "STANDARD", "storage").tiers
    # a meter the mapping does not know is kept with its own (older) source
    kept = cat.s3_price("us-east-1", "GLACIER", "retrieval_requests_expedited")
    assert kept.source.id == "s3_feed"
    # EC2 On-Demand rows of the served types equal the bundled ones
    od = cat.table("ec2_on_demand")
    new = od[od["source"].str.startswith("bulk_AmazonEC2_")]
    assert len(new) > 20
    for r in new.head(20).itertuples():
        if r.region_code != "us-east-1":
            continue
        assert r.usd_per_hour == bundled.ec2_on_demand(r.region_code, r.instance_type,
                                                       r.operating_system,
                                                       r.tenancy).usd_per_hour


def test_manifest_has_the_bundled_format_and_the_app_uses_the_new_snapshot(site,
                                                                          data_dir) -> None:
    result = run(site, data_dir)
    bundled = json.loads((bundled_root() / "manifest.json").read_text())
    new = json.loads((result.path / "manifest.json").read_text())
    assert set(new["tables"]) == set(bundled["tables"])
    for name, info in new["tables"].items():
        assert set(info) == set(bundled["tables"][name]), name
        assert info["file"] == bundled["tables"][name]["file"]
    for key in ("snapshot", "built_from", "as_of_newest", "as_of_oldest", "sources"):
        assert key in new
    assert new["snapshot"] == "refreshed"
    # tables the bulk files cannot give are kept and say so
    assert new["tables"]["ec2_spot_advisor"]["transformation"].startswith(
        "Kept from the active snapshot (bundled)")
    assert new["tables"]["ec2_spot_advisor"]["sha256"] == \
        bundled["tables"]["ec2_spot_advisor"]["sha256"]
    set_active_catalog(None)
    cat = active_catalog()
    assert cat.root == result.path and cat.label == result.label
    # every table loads with the catalog's own validation
    for name in new["tables"]:
        cat.table(name)


def test_real_ec2_sample_rows_map_as_the_bundled_build_maps_them(site, data_dir) -> None:
    # rule: EC2-RI. The real AmazonEC2 offer rows (SOURCES.md offer-samples,
    # AmazonEC2_offer_first44rows_2025-09-12.csv): c6i.large Windows with SQL Web, Dedicated,
    # ap-northeast-1, 3yr Partial Upfront standard = 2750 USD upfront + 0.10463 USD/hour.
    result = run(site, data_dir, regions=["ap-northeast-1"], operating_systems=None,
                 services=["ec2"])
    cat = Catalog(result.path, label=result.label)
    ro = cat.table("ec2_reserved_offers")
    mine = ro[ro["source"].str.startswith("bulk_AmazonEC2_")]
    row = mine[(mine["instance_type"] == "c6i.large")
               & (mine["operating_system"] == "Windows with SQL Web")
               & (mine["tenancy"] == "Dedicated") & (mine["offering_class"] == "standard")
               & (mine["term_years"] == 3) & (mine["purchase_option"] == "partial_upfront")]
    assert row[["upfront_usd", "usd_per_hour"]].values.tolist() == [[2750.0, 0.10463]]
    # every term build.py took from the same sample comes out the same from the refresh
    bundled = Catalog(bundled_root()).table("ec2_reserved_offers")
    ref = bundled[(bundled["source"] == "ec2_offer_2025_09")
                  & (bundled["region_code"] == "ap-northeast-1")]
    key = ["instance_type", "operating_system", "tenancy", "offering_class", "term_years",
           "purchase_option"]
    merged = ref.merge(mine, on=key, suffixes=("_build", "_refresh"))
    assert len(merged) == len(ref) > 0
    assert (merged["upfront_usd_build"].fillna(-1) == merged["upfront_usd_refresh"].fillna(-1)
            ).all()
    assert (merged["usd_per_hour_build"].fillna(-1)
            == merged["usd_per_hour_refresh"].fillna(-1)).all()


def test_real_savings_plans_sample_rates(site, data_dir) -> None:
    # rule: EC2-SP. AWSComputeSavingsPlan_ap-east-2_offer_first44rows_2025-09-11.csv (SOURCES.md):
    # APE2-BoxUsage:r7g.2xlarge, operation RunInstances (Linux), EC2 Instance SP 3 yr Partial
    # Upfront: 0.1954 USD per instance-hour.
    result = run(site, data_dir, services=["ec2"])
    cat = Catalog(result.path, label=result.label)
    rate = cat.ec2_prices("ap-east-2", "r7g.2xlarge").savings_plan_rate(
        "Linux", "Shared", "ec2_instance", 3, "partial_upfront")
    assert rate is not None and rate.usd_per_hour == 0.1954
    # two Regions with two offer versions: one source naming both (as_of the older date)
    sid = rate.source.id
    assert sid == f"bulk_AWSComputeSavingsPlan_20250911184447_{VERSION}"
    assert cat.source(sid).as_of == "2025-09-11"
    # the Linux rows equal those build.py took from the same file
    sp = cat.table("ec2_savings_plans")
    mine = sp[sp["source"].str.startswith("bulk_") & (sp["operating_system"] == "Linux")]
    bundled = Catalog(bundled_root()).table("ec2_savings_plans")
    ref = bundled[(bundled["operating_system"] == "Linux")
                  & (bundled["source"] == "ec2_sp_offer_2025_09")]  # the same offer file
    cols = ["instance_type", "tenancy", "plan_type", "term_years", "purchase_option",
            "usd_per_hour"]
    assert sorted(map(tuple, mine[cols].values.tolist())) == \
        sorted(map(tuple, ref[cols].values.tolist()))


def test_a_price_change_reaches_the_calculators(data_dir) -> None:
    site = PriceSite(site_files(factor=1.05))
    try:
        before = lambda_cost(Catalog(bundled_root()))
        run(site, data_dir, services=["lambda", "ebs", "ec2"])
        set_active_catalog(None)
        cat = active_catalog()
        # every Lambda price x 1.05 and the free tier unchanged: the bill is x 1.05
        assert lambda_cost(cat) == pytest.approx(before * 1.05, rel=1e-9)
        # gp3 0.08 USD/GB-month in us-east-1 (SOURCES.md ebs.csv) x 1.05
        assert cat.ebs_prices("us-east-1").require("gp3_usd_per_gb_month") == \
            pytest.approx(0.084)
        # gp3 throughput: 0.04 USD per MiB/s-month (SOURCES.md: per GiBps-month / 1024) x 1.05
        assert cat.ebs_prices("us-east-1").require("gp3_usd_per_provisioned_mibps_month") == \
            pytest.approx(0.042)
    finally:
        site.close()


def test_all_regions_of_one_service_take_the_offer_date(data_dir) -> None:
    # Lambda alone, every Region: the table is wholly refreshed, so its as_of is the offer's.
    bundled = Catalog(bundled_root())
    regions = [r.code for r in bundled.regions()]
    from tests.support import offers_synth as synth

    files = synth.site(bundled, regions, version=VERSION, limit_types=1)
    files["/offers/v1.0/aws/index.json"] = sample("offer_index_2026-04-27.json")
    site = PriceSite(files)
    try:
        result = refresh(base=bundled, source=site.url, data_dir=data_dir, services=["lambda"],
                         **FAST)
    finally:
        site.close()
    cat = Catalog(result.path)
    assert cat.table_as_of("lambda_prices") == "2026-11-20"
    assert cat.table_as_of("ebs_prices") == bundled.table_as_of("ebs_prices")


def test_a_partial_region_refresh_keeps_the_older_date(site, data_dir) -> None:
    result = run(site, data_dir, regions=["us-east-1"], services=["lambda"])
    cat = Catalog(result.path)
    bundled = Catalog(bundled_root())
    assert cat.table_as_of("lambda_prices") == bundled.table_as_of("lambda_prices")
    info = cat.table_info("lambda_prices")
    assert "Regions not refreshed, kept from the active snapshot" in info["transformation"]
    assert cat.lambda_prices("eu-west-1").values == bundled.lambda_prices("eu-west-1").values


# -- large moves ------------------------------------------------------------------------------
def test_a_tenfold_move_is_reported_not_taken(data_dir) -> None:
    site = PriceSite(site_files(factor=20.0))
    try:
        before = state(data_dir)
        with pytest.raises(RefreshError) as err:
            run(site, data_dir, services=["lambda"])
        assert "moved more than 10x" in str(err.value)
        moves = {(m.table, m.key, m.column): m for m in err.value.large_moves}
        m = moves[("lambda_prices", "us-east-1", "x86_usd_per_request")]
        # 0.20 USD per million requests (SOURCES.md lambda.csv) -> 4.00: 20x
        assert (m.old, m.new) == (pytest.approx(2e-7), pytest.approx(4e-6))
        assert m.factor == pytest.approx(20)
        assert state(data_dir) == before
        # taken when asked, and still listed in the manifest
        result = run(site, data_dir, services=["lambda"], allow_large_moves=True)
        assert result.large_moves
        manifest = json.loads((result.path / "manifest.json").read_text())
        assert any("x86_usd_per_request" in m for m in manifest["large_moves_taken"])
    finally:
        site.close()


def test_just_under_tenfold_is_taken(data_dir) -> None:
    # edge: 9.9x is inside the sanity band, 10x is the limit
    site = PriceSite(site_files(factor=9.9))
    try:
        result = run(site, data_dir, services=["lambda"], regions=["us-east-1"])
        assert not result.large_moves
    finally:
        site.close()


# -- faults: a clear message, non-zero exit, nothing changed ---------------------------------
def _truncated_mid_row(data: bytes) -> bytes:
    cut = data.index(b'"Hrs","', len(data) // 2) + 3
    return data[:cut]  # ends inside a quoted field


FAULTS = [
    pytest.param("index", "status", 500, "HTTP 500", id="index-500-every-time"),
    pytest.param("index", "garbage", b"\x00\xff<html>not json", "not valid JSON",
                 id="index-garbage"),
    pytest.param("lambda", "status", 404, "HTTP 404", id="lambda-404"),
    pytest.param("lambda", "body", b'{"offerCode": "AWSLambda", "products": []}',
                 "unexpected schema", id="lambda-unexpected-schema"),
    pytest.param("ec2", "drop", 5000, "connection cut after 5,000 of", id="ec2-cut-mid-file"),
    pytest.param("ec2", "garbage", bytes(range(256)) * 40, "not a Price List CSV offer",
                 id="ec2-garbage"),
    pytest.param("ec2", "truncated", None, "corrupt or truncated CSV", id="ec2-truncated"),
    pytest.param("ec2", "renamed", None, "column 'CapacityStatus' is missing",
                 id="ec2-unexpected-schema"),
    pytest.param("ec2", "other-offer", None, "OfferCode is 'comprehend'", id="ec2-wrong-offer"),
    pytest.param("ec2", "unit", None, "unexpected unit 'TB-Mo'", id="ebs-unexpected-unit"),
    pytest.param("sp", "status", 503, "HTTP 503", id="savings-plans-503-every-time"),
]


@pytest.mark.parametrize(("where", "kind", "value", "message"), FAULTS)
def test_a_failed_refresh_changes_nothing(site, files, data_dir, capsys, monkeypatch, where,
                                          kind, value, message) -> None:
    monkeypatch.setattr("calc.pricing.refresh.fetch.time.sleep", lambda s: None)  # no real backoff
    run(site, data_dir)  # a refreshed snapshot is active
    set_active_catalog(None)
    before = state(data_dir)
    path = {"index": INDEX, "lambda": LAMBDA_US, "ec2": ec2_paths()["us-east-1"],
            "sp": SP_PATH}[where]
    data = files[path]
    if kind == "truncated":
        kind, value = "body", _truncated_mid_row(data)
    elif kind == "renamed":
        kind, value = "body", data.replace(b'"CapacityStatus"', b'"CapacityState"', 1)
    elif kind == "other-offer":
        kind, value = "body", sample("comprehend_ap-south-1_offer_2026-01-16.csv")
    elif kind == "unit":
        kind, value = "body", data.replace(b'"GB-Mo"', b'"TB-Mo"')
    site.fault(path, kind, value, times=None)
    code = main(["prices", "refresh", "--source", site.url, "--regions", ",".join(REGIONS),
                 "--retries", "2", "--quiet", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1
    assert message in captured.err
    assert captured.err.count("\n") == 1  # one line
    out = json.loads(captured.out)
    assert out["ok"] is False and message in out["error"]
    set_active_catalog(None)
    assert state(data_dir) == before
    assert active_catalog().root == Path(before[0])
    assert not list((data_dir / "snapshots").glob(".tmp-*"))
    if kind == "status" and value == 404:
        assert site.hits[path] == 2  # once in the first refresh, once here: no retry of a 404
    if kind == "status" and value in (500, 503):
        assert site.hits[path] == 1 + 3  # first refresh + 1 attempt + 2 retries


def test_no_network_dns_failure(data_dir, capsys) -> None:
    before = state(data_dir)
    # an unresolvable name (RFC 6761 .invalid): never any real outside address
    code = main(["prices", "refresh", "--source", "http://nonexistent.invalid",
                 "--retries", "0", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot resolve host 'nonexistent.invalid'" in err
    assert state(data_dir) == before


def test_connection_refused(data_dir) -> None:
    site = PriceSite({})
    url = site.url
    site.close()  # nothing listens there any more
    with pytest.raises(RefreshError, match="refused|connection"):
        refresh(base=Catalog(bundled_root()), source=url, data_dir=data_dir, retries=1,
                backoff_s=0.001)


# -- transient faults are retried ---------------------------------------------------------------
def test_transient_errors_are_retried_with_backoff(site, data_dir) -> None:
    site.fault(INDEX, "status", 503, times=2)
    site.fault(ec2_paths()["us-east-1"], "drop", 20_000, times=1)
    site.fault(LAMBDA_US, "status", 429, times=1)
    retries: list[str] = []
    result = run(site, data_dir, progress=lambda p: p.message.startswith("retry")
                 and retries.append(p.message))
    assert result.path.exists()
    assert site.hits[INDEX] == 3
    assert site.hits[ec2_paths()["us-east-1"]] == 2
    assert site.hits[LAMBDA_US] == 2
    assert any("HTTP 503" in m for m in retries) and any("connection cut" in m for m in retries)


def test_an_interrupted_refresh_can_be_run_again(site, data_dir) -> None:
    # the last EC2 file fails for good: the files read before are kept for the next run
    last = ec2_paths()["ap-northeast-1"]
    site.fault(last, "status", 500, times=None)
    with pytest.raises(RefreshError, match="HTTP 500"):
        run(site, data_dir)
    assert refreshed_snapshots(data_dir) == []
    assert site.hits[LAMBDA_US] == 1
    site.clear_faults()
    result = run(site, data_dir)
    assert site.hits[LAMBDA_US] == 1  # parsed in the first run, not fetched again
    assert site.hits[last] == 3 + 1  # 1 attempt + 2 retries, then 1 in the second run
    assert refreshed_snapshots(data_dir) == [result.path]
    assert not (data_dir / "cache" / "parts").exists()  # the cache goes once it succeeded


def test_cancel_stops_and_changes_nothing(site, data_dir) -> None:
    before = state(data_dir)
    cancel = threading.Event()

    def progress(p) -> None:
        if p.files_done >= 4:
            cancel.set()

    with pytest.raises(RefreshError) as err:
        run(site, data_dir, progress=progress, cancel=cancel)
    assert err.value.cancelled
    assert state(data_dir) == before


def test_validation_failure_while_writing_leaves_no_folder(site, data_dir,
                                                          monkeypatch) -> None:
    def broken(self, name):  # the full loader rejects the new snapshot
        raise SnapshotError("ec2_on_demand.csv.gz", "empty cell", row=2, column="usd_per_hour")

    monkeypatch.setattr(Catalog, "table", broken)
    with pytest.raises(RefreshError, match="failed validation"):
        run(site, data_dir, services=["lambda"])
    assert list((data_dir / "snapshots").iterdir()) == []


def test_a_required_price_missing_from_the_offer_fails(site, files, data_dir) -> None:
    body = json.loads(files[S3_US])
    products = body["products"]
    for sku in [k for k, p in products.items()
                if p["attributes"]["usagetype"] == "Requests-Tier1"]:
        del products[sku]
    site.fault(S3_US, "body", json.dumps(body).encode(), times=None)
    with pytest.raises(RefreshError, match="STANDARD requests_put_copy_post_list is missing"):
        run(site, data_dir, services=["s3"])


def test_one_refresh_at_a_time(site, data_dir) -> None:
    fcntl = pytest.importorskip("fcntl")
    data_dir.mkdir(parents=True)
    with (data_dir / "refresh.lock").open("a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        with pytest.raises(RefreshError, match="another price refresh is running"):
            run(site, data_dir)


# -- choosing the snapshot, status, reset ----------------------------------------------------
def test_a_damaged_refreshed_snapshot_falls_back_to_bundled(site, data_dir, capsys) -> None:
    result = run(site, data_dir, services=["lambda"])
    with (result.path / "lambda_prices.csv").open("ab") as f:
        f.write(b"x")
    set_active_catalog(None)
    cat, reason = load_active(data_dir)
    assert cat.label == "bundled"
    assert "damaged file" in reason and "lambda_prices.csv" in reason
    assert main(["prices", "status", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["snapshot"] == "bundled" and "damaged file" in out["fallback_reason"]


@pytest.mark.parametrize(("edit", "why"), [
    ({"schema_fingerprint": "0" * 64}, "another table schema"),
    ({"snapshot": "bundled"}, "not a refreshed snapshot"),
])
def test_a_refreshed_snapshot_of_another_format_is_not_used(site, data_dir, edit, why) -> None:
    result = run(site, data_dir, services=["lambda"])
    manifest = json.loads((result.path / "manifest.json").read_text())
    manifest.update(edit)
    (result.path / "manifest.json").write_text(json.dumps(manifest))
    cat, reason = load_active(data_dir)
    assert cat.label == "bundled" and why in reason


def test_changed_bundled_limits_invalidate_a_refresh(site, data_dir) -> None:
    result = run(site, data_dir, services=["lambda"])
    manifest = json.loads((result.path / "manifest.json").read_text())
    manifest["tables"]["limits"]["sha256"] = "0" * 64
    (result.path / "manifest.json").write_text(json.dumps(manifest))
    cat, reason = load_active(data_dir)
    assert cat.label == "bundled" and "rule limits" in reason


def test_the_newest_valid_snapshot_wins(site, data_dir) -> None:
    older = run(site, data_dir, services=["lambda"])
    newer = run(site, data_dir, services=["lambda"])
    assert refreshed_snapshots(data_dir) == [newer.path, older.path]
    assert load_active(data_dir)[0].root == newer.path
    (newer.path / "lambda_prices.csv").unlink()
    cat, reason = load_active(data_dir)
    assert cat.root == older.path and "lambda_prices.csv is missing" in reason
    # a folder without a manifest (a write that was cut short) is never a candidate
    (data_dir / "snapshots" / "99991231T000000Z").mkdir()
    assert load_active(data_dir)[0].root == older.path


def test_status_says_which_snapshot_and_where_it_came_from(site, data_dir, capsys) -> None:
    assert main(["prices", "status", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["snapshot"] == "bundled" and out["origin"].startswith("bundled with Costsizer")
    assert out["fallback_reason"] is None
    assert main(["prices", "refresh", "--source", site.url, "--regions", "us-east-1",
                 "--services", "lambda,s3", "--quiet", "--format", "json"]) == 0
    refreshed = json.loads(capsys.readouterr().out)
    assert refreshed["ok"] is True and refreshed["snapshot"].startswith("refreshed ")
    assert {t["table"] for t in refreshed["tables"]} >= {"lambda_prices", "s3_prices"}
    set_active_catalog(None)
    assert main(["prices", "status", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["snapshot"] == refreshed["snapshot"]
    assert out["location"] == refreshed["location"]
    assert site.url in out["origin"] and "lambda, s3" in out["origin"]
    assert main(["prices", "status"]) == 0
    assert "active snapshot: refreshed" in capsys.readouterr().out


def test_reset_returns_to_bundled(site, data_dir, capsys) -> None:
    run(site, data_dir, services=["lambda"])
    assert main(["prices", "reset", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and len(out["removed"]) == 1
    assert active_catalog().label == "bundled"
    assert refreshed_snapshots(data_dir) == []
    assert reset(data_dir) == []


@pytest.mark.parametrize(("argv", "field"), [
    (["--regions", "us-east-9"], "regions='us-east-9'"),
    (["--services", "lambda,rds"], "services='rds'"),
])
def test_bad_input_exits_2_naming_the_field(data_dir, capsys, argv, field) -> None:
    code = main(["prices", "refresh", "--source", "http://127.0.0.1:9", "--quiet", *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert field in err and err.count("\n") == 1


def test_unknown_region_is_an_input_error(data_dir) -> None:
    with pytest.raises(InputError, match="did you mean"):
        refresh(base=Catalog(bundled_root()), source="http://127.0.0.1:9", data_dir=data_dir,
                regions=["us-east-11"])


def test_a_refresh_over_a_refreshed_snapshot(site, data_dir) -> None:
    first = run(site, data_dir)
    set_active_catalog(None)
    assert active_catalog().root == first.path
    other = PriceSite(site_files(factor=1.05))
    try:
        second = run(other, data_dir, services=["lambda"], regions=["us-east-1"])
    finally:
        other.close()
    cat = Catalog(second.path)
    info = cat.table_info("ebs_prices")  # refreshed by the first run, kept by the second
    assert info["sources"] == cat.table_info("ebs_prices")["sources"] == \
        Catalog(first.path).table_info("ebs_prices")["sources"]
    assert info["transformation"].count("Kept from the active snapshot") == 1
    assert cat.table_info("regions")["transformation"].count("Kept from") == 1
    assert cat.manifest["base_snapshot"] == first.label
    assert cat.lambda_prices("us-east-1").require("x86_usd_per_request") == \
        pytest.approx(2e-7 * 1.05)
