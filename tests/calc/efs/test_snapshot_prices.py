"""The EFS checks pinned to the bundled snapshot's dated prices (efs_prices as of 2025-09-25).

They fail, on purpose, when the bundled snapshot is refreshed, and are re-checked against
the AWS EFS pricing page then. The other EFS tests take published prices as literals or
check behaviour that holds for any snapshot.
"""

from __future__ import annotations

import json

import pytest

from calc.cli import main
from calc.efs import api
from calc.efs.models import EfsCostInput
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does
LIM = CAT.limits
EAST = CAT.efs_prices("us-east-1")


def efs_cost(inp: EfsCostInput) -> api.EfsCostResult:
    return api.cost(inp, catalog=CAT)


def test_efs_pricing_page_storage_example() -> None:
    # rule: EFS-IA
    # AWS EFS pricing page (aws.amazon.com/efs/pricing, stored copy read 2026-11-26):
    # 100 GB for 15 days + 250 GB for 16 days of March = 132,000 GB-hours / 744 h =
    # 177 GB-months x $0.30 = $53.10.
    gb_months = round((100 * 15 * 24 + 250 * 16 * 24) / 744)
    assert gb_months == 177
    res = efs_cost(EfsCostInput(storage_gb=gb_months))
    assert res.usd_per_month == pytest.approx(53.10)
    assert res.as_of == "2025-09-25"


def test_efs_pricing_page_storage_example_by_hours_of_march() -> None:
    # rule: EFS-BILLING, EFS-IA. The same page example given as hours of a 31-day month: 100 GB
    # for 360 h and 250 GB for 384 h; 36,000 / 744 + 96,000 / 744 = 177.42 GB-months (the page
    # rounds to 177) x $0.30 = $53.23 ($53.10 on the page after its rounding).
    first = efs_cost(EfsCostInput(storage_gb=100, hours=15 * 24, month_days=31))
    second = efs_cost(EfsCostInput(storage_gb=250, hours=16 * 24, month_days=31))
    gb_months = sum(float(r.breakdown.loc[0, "quantity"]) for r in (first, second))
    assert gb_months == pytest.approx(132_000 / 744)
    assert round(gb_months) == 177
    assert first.usd_per_month + second.usd_per_month == pytest.approx(132_000 / 744 * 0.30)
    assert all(any("31-day month" in n and "[EFS-BILLING]" in n for n in r.notes)
               for r in (first, second))
    # in the app's 730-hour month the same hours are a larger share: 132,000 / 730
    app = [efs_cost(EfsCostInput(storage_gb=gb, hours=h))
           for gb, h in ((100, 360), (250, 384))]
    assert sum(float(r.breakdown.loc[0, "quantity"]) for r in app) == pytest.approx(
        132_000 / 730)
    assert all(any("730 hours" in n and "month_days" in n for n in r.notes) for r in app)


def test_provisioned_throughput_prorated_over_the_month() -> None:
    # rule: EFS-BILLING, EFS-BURST. re:Post ("Is EFS Provisioned Throughput mode billed at
    # daily granularity?"): MB/s-months, prorated for the hours used. 1 TiB (50 MiB/s
    # baseline) provisioned at 150 MiB/s for 10 days of a 30-day month: 100 x $6 x 240 / 720.
    res = efs_cost(EfsCostInput(storage_gb=1_024, throughput_mode="provisioned",
                                provisioned_mibps=150, hours=240, month_days=30))
    row = res.breakdown[res.breakdown["component"] == "provisioned_throughput"].iloc[0]
    assert row["quantity"] == pytest.approx(100 / 3)
    assert row["usd_per_month"] == pytest.approx(200.0)


def test_class_mix_ia_and_archive() -> None:
    # rule: EFS-IA. 1,000 GB: 20% Standard ($0.30), 70% IA ($0.025), 10% Archive ($0.008)
    # = 60 + 17.50 + 0.80 = $78.30; plus 50 GB read from IA at $0.01 = $0.50.
    res = efs_cost(EfsCostInput(storage_gb=1_000, ia_percent=70, archive_percent=10,
                                ia_read_gb=50))
    assert res.usd_per_month == pytest.approx(60 + 17.50 + 0.80 + 0.50)
    assert res.complete


def test_ia_saving_matches_the_notes_up_to_92_pct() -> None:
    # rule: EFS-IA (notes L2683: IA up to 92% cheaper than Standard)
    res = efs_cost(EfsCostInput(storage_gb=100, ia_percent=50))
    saving = res.throughput["ia_saving_pct"]
    assert saving == pytest.approx((1 - 0.025 / 0.30) * 100)  # 91.7%
    assert saving <= LIM.value("efs.ia.max_saving_pct")


def test_one_zone_is_cheaper_and_has_no_archive_price() -> None:
    # rule: EFS-ONE-ZONE (notes L2685-2687: One Zone cheaper than Regional)
    regional = efs_cost(EfsCostInput(storage_gb=1_000, ia_percent=50))
    zonal = efs_cost(EfsCostInput(storage_gb=1_000, ia_percent=50, one_zone=True))
    assert zonal.usd_per_month < regional.usd_per_month
    assert zonal.usd_per_month == pytest.approx(500 * 0.16 + 500 * 0.0133)
    # the snapshot has no One Zone Archive price: a missing line, not a guess
    res = efs_cost(EfsCostInput(storage_gb=1_000, archive_percent=10, one_zone=True))
    assert not res.complete
    row = res.breakdown[res.breakdown["component"] == "archive_storage"].iloc[0]
    assert not row["price_available"] and "one_zone_archive" in row["note"]


def test_cli_efs_cost_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["efs", "cost", "--storage-gb", "1000", "--ia-percent", "80", "--format",
                 "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["usd_per_month"] == pytest.approx(200 * 0.30 + 800 * 0.025)
    assert data["throughput"]["baseline_mibps"] == pytest.approx(200 / 1_024 * 50)
    assert isinstance(data["breakdown"], list) and isinstance(data["class_mix"], list)


def test_efs_prices_are_those_of_the_snapshot() -> None:
    assert EAST.require("standard_usd_per_gb_month") == 0.30
