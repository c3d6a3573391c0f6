"""The bundled price catalog: spot checks against SOURCES.md, validation, laziness.

Spot-check figures are from ../shared/aws-prices/SOURCES.md and the files it describes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from calc.errors import InputError
from calc.pricing import Catalog, PriceNotFound, SnapshotError, bundled_root
from calc.pricing.schema import SCHEMAS

PRICING_DATA = Path(str(bundled_root()))


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog(bundled_root())


def test_lambda_us_east_1_matches_pricing_page(cat: Catalog) -> None:
    # rule: LAMBDA-PRICE. SOURCES.md lambda.csv (Lambda feed, as of 2025-10-30): x86
    # $0.0000166667 per GB-s and $0.20 per million requests in us-east-1.
    p = cat.lambda_prices("us-east-1")
    assert p.require("x86_usd_per_gb_second_tier1") == pytest.approx(0.0000166667, abs=0)
    assert p.require("x86_usd_per_request") * 1_000_000 == pytest.approx(0.20)
    assert p.as_of == "2025-10-30"


def test_gp3_storage_price(cat: Catalog) -> None:
    # rule: EBS-GP3. SOURCES.md ebs.csv (EBS feed, 2024-07-18): gp3 $0.08 per GB-month,
    # $0.005 per provisioned IOPS-month, $0.04 per MiB/s-month in us-east-1.
    p = cat.ebs_prices("us-east-1")
    assert p.require("gp3_usd_per_gb_month") == 0.08
    assert p.require("gp3_usd_per_provisioned_iops_month") == 0.005
    assert p.require("gp3_usd_per_provisioned_mibps_month") == pytest.approx(0.04)
    assert p.as_of == "2024-07-18"


def test_s3_standard_tiers(cat: Catalog) -> None:
    # rule: S3-CLASSES. SOURCES.md s3.csv / s3_storage_2026-06.csv: Standard first 50 TB
    # $0.023, next 450 TB $0.022, over 500 TB $0.021 per GB-month (1 TB = 1,024 GB).
    price = cat.s3_price("us-east-1", "STANDARD", "storage")
    assert [(t.start, t.end, t.usd_per_unit) for t in price.tiers] == [
        (0, 51_200, 0.023), (51_200, 512_000, 0.022), (512_000, None, 0.021)]
    assert price.as_of == "2026-06-22"


def test_m5_large_on_demand(cat: Catalog) -> None:
    # rule: EC2-OD-BILLING. SOURCES.md ec2_ondemand_linux_2026-07.csv: m5.large Linux
    # us-east-1 $0.096 per hour (AWS Pricing API via Karpenter, 2026-07-20).
    rate = cat.ec2_on_demand("us-east-1", "m5.large")
    assert rate.usd_per_hour == 0.096
    assert rate.as_of == "2026-07-20"
    # Other Regions come from the 2025-11 feed (SOURCES.md ec2_ondemand_linux_2025-11.csv).
    assert cat.ec2_on_demand("eu-west-1", "m5.large").as_of == "2025-11-03"


def test_reserved_no_upfront_rows(cat: Catalog) -> None:
    # rule: EC2-RI. SOURCES.md ec2_reserved.csv: No Upfront only, standard and convertible,
    # 1 and 3 years, upfront 0.
    ri = cat.ec2_reserved("us-east-1", "m5.large")
    assert set(zip(ri.offering_class, ri.term_years, strict=True)) == {
        ("standard", 1), ("standard", 3), ("convertible", 1), ("convertible", 3)}
    assert (ri.upfront_usd == 0).all()
    assert (ri.usd_per_hour < 0.096).all()


# Meters AWS prices at zero: Glacier Flexible bulk retrieval is free (S3-RETRIEVAL).
FREE_METERS = {("GLACIER", "retrieval_bulk"), ("GLACIER", "retrieval_requests_bulk")}


def test_every_price_is_positive(cat: Catalog) -> None:
    for name, schema in SCHEMAS.items():
        if not schema.prices:
            continue
        t = cat.table(name)
        for col, unit in schema.units().items():
            if not unit.startswith("USD"):
                continue
            values = t[col].to_numpy(dtype=float)
            present = values[~np.isnan(values)]
            assert (present >= 0).all(), (name, col)
            zero = t.loc[t[col] == 0]
            if name == "s3_prices":
                pairs = set(zip(zero.storage_class, zero.component, strict=True))
                assert pairs <= FREE_METERS, pairs - FREE_METERS
            elif name == "ec2_reserved" and col == "upfront_usd":
                assert set(zero.purchase_option) <= {"no_upfront"}
            else:
                assert zero.empty, (name, col, zero.head())


def test_regions_are_aws_regions_only(cat: Catalog) -> None:
    codes = [r.code for r in cat.regions()]
    assert "us-east-1" in codes and "us-gov-west-1" in codes
    assert not [c for c in codes if c.count("-") > 3 or "wl" in c]
    assert cat.region("eu-west-1").name == "EU (Ireland)"  # the AWS location name


def test_unknown_region_suggests_close_matches(cat: Catalog) -> None:
    with pytest.raises(InputError) as e:
        cat.region("us-east-9")
    assert e.value.field == "region" and "did you mean" in str(e.value)
    assert "us-east-1" in str(e.value)


def test_unknown_instance_type_suggests_close_matches(cat: Catalog) -> None:
    with pytest.raises(InputError, match="did you mean m5.large"):
        cat.ec2_on_demand("us-east-1", "m5.lareg")


def test_missing_price_is_reported_not_guessed(cat: Catalog) -> None:
    # SOURCES.md gaps: no Deep Archive storage in us-east-1; EBS feed has no ap-east-2.
    with pytest.raises(PriceNotFound, match="DEEP_ARCHIVE storage in us-east-1"):
        cat.s3_price("us-east-1", "DEEP_ARCHIVE", "storage")
    rec = cat.ebs_prices("ap-east-2")
    assert rec.get("gp3_usd_per_gb_month") is None
    with pytest.raises(PriceNotFound, match="as of 2024-07-18"):
        rec.require("gp3_usd_per_gb_month", "gp3 storage")


def test_loading_is_lazy() -> None:
    cat = Catalog(bundled_root())
    cat.lambda_prices("us-east-1")
    assert cat.loaded_tables() == ["lambda_prices"]  # regions are read without pandas


def test_as_of_for_every_table(cat: Catalog) -> None:
    for name in SCHEMAS:
        assert len(cat.table_as_of(name)) == 10
        assert cat.table_sources(name)
    lo, hi = cat.as_of_range
    assert lo <= hi


def test_snapshot_size_goal() -> None:
    total = sum(p.stat().st_size for p in PRICING_DATA.iterdir() if p.is_file())
    assert total <= 5 * 1024 * 1024


# -- corrupt snapshots ------------------------------------------------------------------
@pytest.fixture
def snapshot_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "snap"
    shutil.copytree(PRICING_DATA, dst, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return dst


def _rewrite(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(edit(lines)))


def test_missing_column_names_file_and_column(snapshot_copy: Path) -> None:
    def drop_gp3(lines: list[str]) -> list[str]:
        header = lines[0].rstrip("\n").split(",")
        i = header.index("gp3_usd_per_gb_month")
        return [",".join(c for j, c in enumerate(li.rstrip("\n").split(",")) if j != i) + "\n"
                for li in lines]

    _rewrite(snapshot_copy / "ebs_prices.csv", drop_gp3)
    with pytest.raises(SnapshotError) as e:
        Catalog(snapshot_copy).ebs_prices("us-east-1")
    assert e.value.file == "ebs_prices.csv" and e.value.column == "gp3_usd_per_gb_month"
    assert "ebs_prices.csv" in str(e.value) and "gp3_usd_per_gb_month" in str(e.value)


def test_non_numeric_price_names_row_and_column(snapshot_copy: Path) -> None:
    def corrupt(lines: list[str]) -> list[str]:
        cells = lines[3].split(",")
        cells[lines[0].split(",").index("x86_usd_per_request")] = "abc"  # third data row
        lines[3] = ",".join(cells)
        return lines

    _rewrite(snapshot_copy / "lambda_prices.csv", corrupt)
    with pytest.raises(SnapshotError) as e:
        Catalog(snapshot_copy).lambda_prices("us-east-1")
    assert (e.value.file, e.value.row, e.value.column) == (
        "lambda_prices.csv", 4, "x86_usd_per_request")
    assert "'abc' is not a number" in str(e.value)


def test_negative_price_is_rejected(snapshot_copy: Path) -> None:
    def corrupt(lines: list[str]) -> list[str]:
        lines[1] = lines[1].replace(",0.", ",-0.", 1)
        return lines

    _rewrite(snapshot_copy / "efs_prices.csv", corrupt)
    with pytest.raises(SnapshotError, match="row 2.*negative"):
        Catalog(snapshot_copy).efs_prices("us-east-1")


def test_missing_file(snapshot_copy: Path) -> None:
    (snapshot_copy / "s3_prices.csv").unlink()
    with pytest.raises(SnapshotError, match="s3_prices.csv: file is missing"):
        Catalog(snapshot_copy).s3_prices("us-east-1")


def test_truncated_table_is_incomplete(snapshot_copy: Path) -> None:
    _rewrite(snapshot_copy / "regions.csv", lambda lines: lines[:-3])
    with pytest.raises(SnapshotError, match="incomplete snapshot"):
        Catalog(snapshot_copy).regions()


def test_corrupt_gzip_table(snapshot_copy: Path) -> None:
    (snapshot_copy / "ec2_on_demand.csv.gz").write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(SnapshotError, match="ec2_on_demand.csv.gz: cannot be read"):
        Catalog(snapshot_copy).ec2_on_demand("us-east-1", "m5.large")


def test_corrupt_manifest(snapshot_copy: Path) -> None:
    (snapshot_copy / "manifest.json").write_text("{not json")
    with pytest.raises(SnapshotError, match="manifest.json: not valid JSON"):
        Catalog(snapshot_copy).regions()


@pytest.mark.parametrize("table", ["ec2_on_demand", "ec2_reserved", "ec2_spot_advisor",
                                   "ec2_savings_plans", "ec2_dedicated_hosts"])
def test_ec2_lookups_are_the_tables_rows_in_order(cat: Catalog, table: str) -> None:
    """The per-region EC2 lookup (start-up, issue 14 item 6) returns exactly the rows a plain
    filter of the table gives, in the table's order, for types with rows and without."""
    t = cat.table(table)
    for region, itype in [("us-east-1", "m5.large"), ("us-east-1", "t3.large"),
                          ("eu-west-1", "m5.large"), ("us-east-1", "no.such"),
                          ("ap-east-2", "r7g.large")]:
        rows = t[(t["region_code"] == region) & (t["instance_type"] == itype)]
        expected = [{c: (None if isinstance(v, float) and v != v else v) for c, v in r.items()}
                    for r in rows.to_dict("records")]
        assert cat._ec2_records(table, region, itype) == expected


def test_a_table_loads_once_when_two_threads_ask() -> None:
    """The Regions tab prices in a worker thread while the page may read the same table:
    both get the one loaded table."""
    from concurrent.futures import ThreadPoolExecutor

    fresh = Catalog(bundled_root())
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _i: fresh.table("ec2_reserved"), range(4)))
    assert all(g is got[0] for g in got) and fresh.loaded_tables() == ["ec2_reserved"]
