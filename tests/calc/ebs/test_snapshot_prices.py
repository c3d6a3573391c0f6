"""The bundled snapshot's dated EBS prices: every check that holds only for the prices of
``pricing_data/`` (the EBS pricing-page feed of 2024-07-18) lives here, so a refreshed or
replaced snapshot breaks this one file and no formula test.

Sources: SOURCES.md ``ebs_feed`` (https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/
current/ebs.json, hawkFilePublicationDate 2024-07-18); Regions opened after that date
(mx-central-1, ap-east-2) have no EBS row, and af-south-1 has no io2 rows in that feed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from calc.cli import main
from calc.ebs import SnapshotPlan, VolumeConfig, snapshot_rules, volume_cost
from calc.ebs.api import SizingRequirement, price_record, size, size_charts
from calc.pricing import PriceNotFound
from tests.calc.ebs.bundled import CATALOG, make
from tests.calc.ebs.published import US_EAST_1_USD

AS_OF = "2024-07-18"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0 and err == "", err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def _req(**kw: Any) -> SizingRequirement:
    return make(SizingRequirement, **kw)


def size_output(req: SizingRequirement, region: str) -> Any:
    return None, size(req, region=region, catalog=CATALOG)


# -- the snapshot's records -------------------------------------------------------------------
def test_bundled_us_east_1_carries_the_published_prices() -> None:
    # rules: EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1,
    # EBS-SNAPSHOT-ARCHIVE - the bundled us-east-1 row is the AWS EBS pricing page's figures
    rec = price_record("us-east-1", catalog=CATALOG)
    assert {c: rec.values[c] for c in US_EAST_1_USD} == US_EAST_1_USD
    assert rec.as_of == AS_OF and rec.source.id == "ebs_feed"


def test_af_south_1_has_no_io2_prices() -> None:
    rec = price_record("af-south-1", catalog=CATALOG)
    assert rec.values["io2_usd_per_gb_month"] is None and rec.values["gp3_usd_per_gb_month"]


def test_snapshot_archive_prices_bear_the_75_pct_out() -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE - us-east-1: 0.0125 vs 0.05 per GB-month
    rules = snapshot_rules(CATALOG.limits)
    rec = CATALOG.ebs_prices("us-east-1")
    archive = rec.require("snapshot_archive_usd_per_gb_month")
    standard = rec.require("snapshot_standard_usd_per_gb_month")
    assert archive == pytest.approx(standard * (1 - rules.archive_discount_pct / 100))


def test_a_cost_says_the_snapshot_date() -> None:
    res = volume_cost(make(VolumeConfig, volume_type="gp3", size_gib=100),
                      price_record("us-east-1", catalog=CATALOG), limits=CATALOG.limits)
    assert res.as_of == AS_OF and {p.as_of for p in res.prices_used} == {AS_OF}
    assert SnapshotPlan().retention_days == 0


# -- the CLI and the api on the bundled snapshot ----------------------------------------------
def test_region_without_ebs_prices_raises() -> None:
    with pytest.raises(PriceNotFound, match="mx-central-1.*2024-07-18"):
        price_record("mx-central-1", catalog=CATALOG)


def test_cost_gp3_pricing_page_example(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-GP3 - AWS EBS pricing page example 1 (2,000 GB, 10,000 IOPS, 500 MB/s), a whole
    # month at the bundled us-east-1 prices (0.08, 0.005, 0.04; EBS feed 2024-07-18)
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "2000", "--iops",
                 "10000", "--throughput-mibps", "500", "--region", "us-east-1")
    assert d["usd_per_month"] == pytest.approx(210.0)
    assert d["limits"] == "aws_today" and d["as_of"] == "2024-07-18"
    assert [(b["component"], b["usd_per_month"]) for b in d["breakdown"]] == [
        ("storage", pytest.approx(160.0)), ("iops_above_included", pytest.approx(35.0)),
        ("throughput_above_included", pytest.approx(15.0))]
    assert d["price_available"] is True


def test_cost_reports_the_notes_limits(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp3", "--size-gib", "100",
                 "--region", "us-east-1", "--limits", "notes")
    assert d["limits"] == "notes" and d["usd_per_month"] == pytest.approx(8.0)


def test_cost_with_snapshots_and_partial_month(capsys: pytest.CaptureFixture[str]) -> None:
    # rule: EBS-SNAPSHOT-ARCHIVE
    d = run_json(capsys, "ebs", "cost", "--volume-type", "gp2", "--size-gib", "100", "--region",
                 "us-east-1", "--hours", "365", "--count", "2", "--snapshot-retention-days", "7",
                 "--snapshot-daily-change-pct", "10", "--archive-gib-per-month", "100")
    comps = {b["component"]: b["usd_per_month"] for b in d["breakdown"]}
    assert comps["storage"] == pytest.approx(2 * 100 * 0.10 / 2)  # half of a 730-hour month
    assert comps["snapshot_standard"] == pytest.approx(2 * 160 * 0.05)
    assert "snapshot_archive" in comps


def test_size_table_and_csv_render(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ebs", "size", "--size-gib", "100", "--region", "us-east-1")
    assert code == 0 and "cheapest first" in out and "gp3" in out
    code, out, _ = run(capsys, "ebs", "size", "--size-gib", "100", "--region", "us-east-1",
                       "--format", "csv")
    header, first = out.splitlines()[:2]
    assert code == 0 and header.startswith("rank,volume_type,size_gib")
    # every CSV row says where and when its prices are from and which limits were used
    assert header.endswith(",region,prices_as_of,limits")
    assert first.endswith(",us-east-1,2024-07-18,aws_today")


def test_migrate(capsys: pytest.CaptureFixture[str]) -> None:
    # rules: EBS-GP3, EBS-RESIZE - 500 GiB gp2 (0.10) -> gp3 (0.08) with 3,000 IOPS and gp2's
    # 250 MiB/s (125 above the included, 0.04): 50 - 45 = 5 USD saved
    d = run_json(capsys, "ebs", "migrate", "--size-gib", "500", "--region", "us-east-1")
    assert d["gp2_usd_per_month"] == pytest.approx(50.0)
    assert d["saving_usd_per_month"] == pytest.approx(5.0) and d["saving_pct"] == pytest.approx(10)
    assert d["limits"] == "aws_today" and len(d["options"]) == 3
    assert any("[EBS-RESIZE]" in n for n in d["notes"])
    code, out, _ = run(capsys, "ebs", "migrate", "--size-gib", "500", "--region", "us-east-1")
    assert code == 0 and "saves 5.00 USD per month" in out


@pytest.mark.parametrize("command", [
    ["ebs", "cost", "--volume-type", "gp3", "--size-gib", "100"],
    ["ebs", "size", "--size-gib", "100"],
    ["ebs", "migrate", "--size-gib", "100"],
])
def test_region_without_ebs_prices_exits_1(capsys: pytest.CaptureFixture[str],
                                           command: list[str]) -> None:
    # mx-central-1 opened after the EBS feed's date (2024-07-18): no EBS prices in the snapshot
    code, out, err = run(capsys, *command, "--region", "mx-central-1")
    assert code == 1 and out == ""
    assert "no price for EBS volumes in mx-central-1" in err and "2024-07-18" in err


def test_missing_io2_price_exits_1_for_cost_but_not_for_size(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ebs", "cost", "--volume-type", "io2", "--size-gib", "100",
                       "--iops", "1000", "--region", "af-south-1")
    assert code == 1 and "io2" in err and "af-south-1" in err
    d = run_json(capsys, "ebs", "size", "--size-gib", "100", "--region", "af-south-1")
    io2 = next(o for o in d["options"] if o["volume_type"] == "io2")
    assert io2["price_available"] is False and io2["usd_per_month"] is None


def test_size_output_without_ebs_prices_raises() -> None:
    # ap-east-2 opened after the EBS feed's date (2024-07-18)
    with pytest.raises(PriceNotFound, match="ap-east-2"):
        size_output(_req(size_gib=100), "ap-east-2")


def test_migration_at_the_capacity_asked() -> None:
    # rules: EBS-GP3, EBS-RESIZE - as test_migrate: 500 GiB gp2 -> gp3 saves 5 USD a month
    _, res = size_output(_req(size_gib=500, iops=1000, throughput_mibps=125, burst_iops=3000,
                              burst_seconds=2700, burst_every_hours=6), "us-east-1")
    mig = size_charts(res, catalog=CATALOG).migration
    assert mig is not None and mig.saving_usd_per_month == pytest.approx(5.0)
    # 70,000 GiB is more than gp2 holds: no migration figure, the reason instead
    _, res = size_output(_req(size_gib=70000, iops=90000), "us-east-1")
    charts = size_charts(res, catalog=CATALOG)
    assert charts.migration is None
    assert "size_gib=70000" in charts.migration_note and "[EBS-GP2-IOPS]" in charts.migration_note
