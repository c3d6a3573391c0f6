"""Price List file readers and the SKU/term mapping (calc/pricing/refresh/offers.py), on the
real samples of ``../shared/aws-prices/offer-samples`` and on small files in the same formats."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.pricing.catalog import Catalog
from calc.pricing.refresh import offers as off
from calc.pricing.refresh import vocabulary
from calc.pricing.snapshots import bundled_root
from tests.pricing.refresh.test_site import sample
from tests.support import offers_synth as synth


def stream(data: bytes) -> io.BufferedReader:
    return io.BufferedReader(io.BytesIO(data))


# -- indexes (real samples) -------------------------------------------------------------------
def test_real_offer_index_names_every_refreshed_offer() -> None:
    offers = off.offer_index(json.loads(sample("offer_index_2026-04-27.json")), "index")
    for code in ("AWSLambda", "AmazonS3", "AmazonS3GlacierDeepArchive", "AmazonEFS",
                 "AmazonEC2"):
        assert offers[code]["currentRegionIndexUrl"] == \
            f"/offers/v1.0/aws/{code}/current/region_index.json"
    assert offers["AmazonEC2"]["currentSavingsPlanIndexUrl"] == \
        "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"


def test_real_region_indexes_in_both_forms() -> None:
    ec2 = off.region_index(json.loads(sample("AmazonEC2_region_index_2025-05-23.json")), "x")
    assert ec2["us-east-1"] == "/offers/v1.0/aws/AmazonEC2/20250523232744/us-east-1/index.json"
    assert off.csv_url(ec2["us-east-1"]).endswith("/us-east-1/index.csv")
    sp = off.region_index(json.loads(sample(
        "AWSDatabaseSavingsPlans_region_index_2026-04-22.json")), "x")
    assert sp["ap-south-2"] == ("/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans/20260422194203/"
                                "ap-south-2/index.json")


@pytest.mark.parametrize("data", [{}, {"regions": 3}, {"regions": [{"regionCode": "x"}]},
                                  [1, 2]])
def test_region_index_of_another_shape_is_refused(data) -> None:
    with pytest.raises(off.OfferFormatError, match="unexpected schema"):
        off.region_index(data, "f")


# -- the EC2 CSV offer (real sample) ----------------------------------------------------------
def test_real_ec2_sample_metadata_and_rows() -> None:
    data = sample("AmazonEC2_offer_first44rows_2025-09-12.csv")
    meta = off.read_csv_meta(stream(data), "f")
    # AmazonEC2 offer version 20250912225308, publication 2025-09-12 (SOURCES.md)
    assert (meta.version, meta.publication_date, meta.offer_code) == (
        "20250912225308", "2025-09-12", "AmazonEC2")
    assert len(meta.header) == 91 and meta.header == synth.EC2_HEADER
    res = off.read_ec2_csv(stream(data), region="ap-northeast-1", file="f",
                           operating_systems=None)
    # rule: EC2-RI. Rows 1-2 of the sample: 3yr Partial Upfront standard, Dedicated c6i.large
    # Windows with SQL Web: 0.10463 USD/hour + 2750 USD upfront; 1yr All Upfront standard:
    # 2033 USD upfront and an hourly fee of 0.
    key = ("c6i.large", "Windows with SQL Web", "Dedicated", "standard")
    assert res.reserved[(*key, "3", "partial_upfront")] == {"upfront_usd": "2750",
                                                             "usd_per_hour": "0.10463"}
    assert res.reserved[(*key, "1", "all_upfront")] == {"upfront_usd": "2033",
                                                         "usd_per_hour": "0"}
    assert res.on_demand == {("c6i.large", "Windows with SQL Web", "Dedicated"): "0.2773"}
    assert len(res.reserved) == 12  # every class x term x payment option of that type
    rows, incomplete = off.reserved_rows(res, "s")
    assert incomplete == 0
    all_up = [r for r in rows if r["purchase_option"] == "all_upfront"]
    assert all(r["usd_per_hour"] == "" for r in all_up)  # AWS lists 0: the cell is empty
    assert res.operations == {"RunInstances:0202": "Windows with SQL Web"}


def test_real_ec2_sample_skips_capacity_reservations_and_hosts() -> None:
    data = sample("AmazonEC2_offer_first44rows_2025-09-12.csv")
    res = off.read_ec2_csv(stream(data), region="us-west-2", file="f", operating_systems=None)
    # the only us-west-2 row is c6g.4xlarge Linux with Host tenancy, priced 0: not taken
    assert res.on_demand == {} and res.reserved == {}
    assert res.counts["instance rows not in use (capacity reservations) or Host tenancy"] == 1
    res = off.read_ec2_csv(stream(data), region="us-east-1", file="f", operating_systems=None)
    # c5d.2xlarge RHEL with SQL Web, Shared, in use: 0.634 USD/hour
    assert res.on_demand == {("c5d.2xlarge", "RHEL with SQL Web", "Shared"): "0.634"}


def test_operating_system_filter() -> None:
    data = sample("AmazonEC2_offer_first44rows_2025-09-12.csv")
    res = off.read_ec2_csv(stream(data), region="ap-northeast-1", file="f",
                           operating_systems=("Linux",))
    assert res.on_demand == {} and res.reserved == {}
    assert res.counts["instance rows of other operating systems"] == 21


@pytest.mark.parametrize("chunk_rows", [1, 7, 50_000])
def test_chunk_size_does_not_change_the_result(chunk_rows) -> None:
    data = synth.ec2_csv(Catalog(bundled_root()), "eu-west-1", "20261120000000",
                         limit_types=10).encode()
    ref = off.read_ec2_csv(stream(data), region="eu-west-1", file="f")
    res = off.read_ec2_csv(stream(data), region="eu-west-1", file="f", chunk_rows=chunk_rows)
    assert res.to_json() == ref.to_json()


# -- EBS from the EC2 offer: units -----------------------------------------------------------
@pytest.mark.parametrize(("usage", "unit", "usd", "column", "want"), [
    # SOURCES.md ebs.csv: gp3 throughput is published per GiBps-month; /1024 gives 0.04 in
    # us-east-1 (40.96 USD per GiBps-month)
    ("EBS:VolumeP-Throughput.gp3", "GiBps-mo", "40.96", "gp3_usd_per_provisioned_mibps_month",
     "0.04"),
    # SOURCES.md ebs.csv: magnetic I/O per request x 1,000,000 = per million (0.05 us-east-1)
    ("EBS:VolumeIOUsage", "IOs", "0.00000005", "standard_magnetic_usd_per_million_io_requests",
     "0.05"),
    ("EBS:VolumeUsage.gp3", "GB-Mo", "0.0800000000", "gp3_usd_per_gb_month", "0.08"),
    ("EBS:VolumeP-IOPS.io2.tier3", "IOPS-Mo", "0.03185", "io2_usd_per_piops_month_tier3",
     "0.03185"),
])
def test_ebs_units(usage, unit, usd, column, want) -> None:
    w = synth.Ec2CsvWriter("eu-west-1", "20261120000000")
    w._row({"TermType": "OnDemand", "Unit": unit, "PricePerUnit": usd,
            "Product Family": "Storage", "usageType": "EU-" + usage,
            "Region Code": "eu-west-1"})
    res = off.read_ec2_csv(stream((w.head() + w.take()).encode()), region="eu-west-1",
                           file="f")
    assert res.ebs == {column: want}


def test_ebs_two_prices_for_one_meter_is_an_error() -> None:
    w = synth.Ec2CsvWriter("eu-west-1", "20261120000000")
    for usd in ("0.08", "0.09"):
        w._row({"TermType": "OnDemand", "Unit": "GB-Mo", "PricePerUnit": usd,
                "Product Family": "Storage", "usageType": "EU-EBS:VolumeUsage.gp3",
                "Region Code": "eu-west-1"})
    with pytest.raises(off.OfferFormatError, match="two different prices"):
        off.read_ec2_csv(stream((w.head() + w.take()).encode()), region="eu-west-1", file="f")


# -- Savings Plans (real sample) ---------------------------------------------------------------
def test_real_savings_plans_sample() -> None:
    data = sample("AWSComputeSavingsPlan_ap-east-2_offer_first44rows_2025-09-11.csv")
    ops = {"RunInstances": "Linux", "RunInstances:0010": "RHEL"}
    res = off.read_sp_csv(stream(data), region="ap-east-2", file="f", operations=ops,
                          operating_systems=None, source="s")
    got = {(r["instance_type"], r["operating_system"], r["tenancy"]): r["usd_per_hour"]
           for r in res.rows}
    # rule: EC2-SP. Sample rows: APE2-BoxUsage:r7g.2xlarge RunInstances 0.1954;
    # APE2-DedicatedUsage:r7g.16xlarge RunInstances:0010 2.254 (RHEL, Dedicated)
    assert got[("r7g.2xlarge", "Linux", "Shared")] == "0.1954"
    assert got[("r7g.16xlarge", "RHEL", "Dedicated")] == "2.254"
    assert all(r["plan_type"] == "ec2_instance" and r["term_years"] == "3"
               and r["purchase_option"] == "partial_upfront" for r in res.rows)
    # unused capacity reservations, Host usage and unknown operation codes are counted, not kept
    assert res.counts["usage types other than BoxUsage/DedicatedUsage"] > 0
    assert res.counts["operation codes no EC2 offer of this refresh names"] > 0


def test_database_savings_plans_is_not_ec2() -> None:
    data = sample("AWSDatabaseSavingsPlans_ap-south-2_offer_2026-04-22.csv")
    res = off.read_sp_csv(stream(data), region="ap-south-2", file="f",
                          operations={"RunInstances": "Linux"}, operating_systems=None,
                          source="s")
    assert res.rows == []


# -- malformed CSV ---------------------------------------------------------------------------------
def test_another_offer_is_refused() -> None:
    data = sample("comprehend_ap-south-1_offer_2026-01-16.csv")
    with pytest.raises(off.OfferFormatError, match="OfferCode is 'comprehend'"):
        off.read_ec2_csv(stream(data), region="ap-south-1", file="f")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "metadata line 1"),
    (b"<html><body>Access denied</body></html>\n", "metadata line 1"),
    (b'"FormatVersion","v1.0"\n"Disclaimer","x"\n"Publication Date","2025"\n"Version","1"\n'
     b'"OfferCode","AmazonEC2"\n"NOTSKU","x"\n', "header does not start with SKU"),
])
def test_garbage_csv(data, message) -> None:
    with pytest.raises(off.OfferFormatError, match=message):
        off.read_ec2_csv(stream(data), region="us-east-1", file="f")


def test_truncated_csv_inside_a_quoted_field() -> None:
    data = sample("AmazonEC2_offer_first44rows_2025-09-12.csv")
    cut = data.index(b'"Hrs","', len(data) // 2) + 3
    with pytest.raises(off.OfferFormatError, match="corrupt or truncated"):
        off.read_ec2_csv(stream(data[:cut]), region="ap-northeast-1", file="f")


# -- JSON offers -----------------------------------------------------------------------------------
def _lambda_offer(region: str = "us-east-1", **values: float) -> dict:
    return synth.lambda_offer(region, values, "20261120000000")


def test_lambda_groups_and_tiers() -> None:
    # Lambda pricing in us-east-1 (SOURCES.md lambda.csv, 2025-10-30): 0.20 USD per million
    # requests; x86 duration tiers 0.0000166667 / 0.000015 / 0.0000133334 USD per GB-second
    offer = off.read_json_offer(_lambda_offer(
        x86_usd_per_request=2e-7, x86_usd_per_gb_second_tier1=0.0000166667,
        x86_usd_per_gb_second_tier2=0.000015, x86_usd_per_gb_second_tier3=0.0000133334,
        arm64_usd_per_request=2e-7), offer_code="AWSLambda", region="us-east-1", file="f")
    values = off.lambda_values(offer, "f")
    assert values == {"x86_usd_per_request": "0.0000002", "arm64_usd_per_request": "0.0000002",
                      "x86_usd_per_gb_second_tier1": "0.0000166667",
                      "x86_usd_per_gb_second_tier2": "0.000015",
                      "x86_usd_per_gb_second_tier3": "0.0000133334"}


def test_json_offer_of_another_region_or_code() -> None:
    data = _lambda_offer("eu-west-1", x86_usd_per_request=2e-7)
    assert off.read_json_offer(data, offer_code="AWSLambda", region="us-east-1",
                               file="f").dimensions == []
    with pytest.raises(off.OfferFormatError, match="offerCode is 'AWSLambda'"):
        off.read_json_offer(data, offer_code="AmazonS3", region="eu-west-1", file="f")


def test_unexpected_unit_is_refused() -> None:
    data = _lambda_offer(x86_usd_per_request=2e-7)
    for term in data["terms"]["OnDemand"].values():
        for t in term.values():
            for d in t["priceDimensions"].values():
                d["unit"] = "1M Requests"
    offer = off.read_json_offer(data, offer_code="AWSLambda", region="us-east-1", file="f")
    with pytest.raises(off.OfferFormatError, match="unexpected unit '1M Requests'"):
        off.lambda_values(offer, "f")


def test_s3_requests_per_thousand_and_tiers() -> None:
    # SOURCES.md s3.csv: request meters are per request in the feed, usd_per_unit per 1,000;
    # STANDARD PUT/COPY/POST/LIST in us-east-1 0.005 USD per 1,000 = 0.000005 per request
    rows = [{"storage_class": "STANDARD", "component": "requests_put_copy_post_list",
             "tier_start_gb": 0.0, "tier_end_gb": float("nan"), "usd_per_unit": 0.005},
            {"storage_class": "STANDARD", "component": "storage", "tier_start_gb": 0.0,
             "tier_end_gb": 51200.0, "usd_per_unit": 0.023},
            {"storage_class": "STANDARD", "component": "storage", "tier_start_gb": 51200.0,
             "tier_end_gb": float("nan"), "usd_per_unit": 0.022}]
    data = synth.s3_offer("us-east-1", rows, "20261120000000")
    req = [d for p in data["terms"]["OnDemand"].values() for t in p.values()
           for d in t["priceDimensions"].values() if d["unit"] == "Requests"]
    assert [d["pricePerUnit"]["USD"] for d in req] == ["0.000005"]
    offer = off.read_json_offer(data, offer_code="AmazonS3", region="us-east-1", file="f")
    got = {(r["component"], r["tier_start_gb"]): (r["usd_per_unit"], r["tier_end_gb"],
                                                  r["unit"])
           for r in off.s3_rows(offer, "us-east-1", "s", "f")}
    assert got == {("requests_put_copy_post_list", "0"): ("0.005", "", "1000 requests"),
                   ("storage", "0"): ("0.023", "51200", "GB-month"),
                   ("storage", "51200"): ("0.022", "", "GB-month")}


def test_efs_read_and_write_by_operation() -> None:
    data = synth.efs_offer("us-east-1", {"elastic_throughput_read_usd_per_gb": 0.03,
                                         "elastic_throughput_write_usd_per_gb": 0.06,
                                         "standard_usd_per_gb_month": 0.3}, "20261120000000")
    offer = off.read_json_offer(data, offer_code="AmazonEFS", region="us-east-1", file="f")
    # SOURCES.md efs.csv: Elastic Throughput reads 0.03, writes 0.06 USD per GB in us-east-1
    assert off.efs_values(offer, "f") == {"elastic_throughput_read_usd_per_gb": "0.03",
                                          "elastic_throughput_write_usd_per_gb": "0.06",
                                          "standard_usd_per_gb_month": "0.3"}


# -- small helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize(("usage", "want"), [
    ("APN1-EBS:VolumeUsage.gp3", "EBS:VolumeUsage.gp3"),
    ("EBS:VolumeUsage.gp3", "EBS:VolumeUsage.gp3"),  # us-east-1: no prefix
    ("EU-Requests-Tier1", "Requests-Tier1"),
    ("Requests-Tier1", "Requests-Tier1"),
    ("UGW1-TimedStorage-ByteHrs", "TimedStorage-ByteHrs"),
    ("IATimedStorage-ByteHrs", "IATimedStorage-ByteHrs"),
    ("ETDataAccess-Bytes", "ETDataAccess-Bytes"),
])
def test_strip_usage_prefix(usage, want) -> None:
    assert vocabulary.strip_usage_prefix(usage) == want


@pytest.mark.parametrize(("parts", "want"), [
    (("Linux", "NA", "No License required"), "Linux"),
    (("Windows", "SQL Web", "No License required"), "Windows with SQL Web"),
    (("Windows", "NA", "Bring your own license"), "Windows BYOL"),
    (("Red Hat Enterprise Linux with HA", "SQL Std", "No License required"),
     "RHEL with HA and SQL Std"),
    (("FreeBSD", "NA", "No License required"), None),
])
def test_os_label(parts, want) -> None:
    assert vocabulary.os_label(*parts) == want


@pytest.mark.parametrize("bad", ["abc", "-1", "NaN", "Infinity", ""])
def test_decimal_text_refuses_non_prices(bad) -> None:
    with pytest.raises(off.OfferFormatError):
        off.decimal_text(bad, "f")


@settings(max_examples=100)
@given(st.decimals(min_value=0, max_value=10**6, places=10, allow_nan=False,
                   allow_infinity=False))
def test_scaling_is_exact_and_reversible(value: Decimal) -> None:
    text = off.decimal_text(value)
    per_thousand = off.scaled(text, 1000)
    assert Decimal(off.scaled(per_thousand, Decimal(1) / 1000)) == Decimal(text)
    assert Decimal(text) == value
    assert not text.endswith(".") and (text == "0" or "." not in text or text[-1] != "0")
