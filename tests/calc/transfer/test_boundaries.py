"""Data transfer rules at their boundaries (issue 13, docs/accuracy.md): the one-week rule
exactly at 7 days, utilisation 0 and 1, device counts at each capacity, retired devices and the
notes' job cap. Limits come from the bundled catalog's limits table (no prices).
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from calc.transfer import api
from calc.transfer.api import SNOWBALL_NEW_CUSTOMERS_NOTE
from calc.transfer.models import TransferInput
from calc.transfer.network import network_transfer_days
from calc.transfer.snow import devices_needed
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()

# 1 TB = 10^12 bytes; 1 Mbit/s = 125,000 bytes/s. 7 days = 604,800 s. At 1,000 Mbit/s and full
# use, 7 days move 604,800 x 1.25e8 bytes = 75.6 TB.
TB_IN_A_WEEK_AT_1_GBPS = 75.6


# -- SNOW-RULE -------------------------------------------------------------------------------
# Notes L3059: "if it takes more than a week to transfer over the network, use Snowball"; AWS
# Snowball Edge Developer Guide, "When to use": the same one-week rule of thumb.
def test_exactly_one_week_is_not_more_than_a_week() -> None:
    # rule: SNOW-RULE
    days = network_transfer_days(data_tb=TB_IN_A_WEEK_AT_1_GBPS, bandwidth_mbps=1_000,
                                 utilization=1.0)
    assert days == pytest.approx(7.0)
    res = api.plan(TransferInput(data_tb=TB_IN_A_WEEK_AT_1_GBPS, bandwidth_mbps=1_000,
                                 utilization=1.0), catalog=CAT)
    assert res.network_days <= res.one_week_days == 7
    assert not res.recommend_snow


def test_just_over_a_week_recommends_snow() -> None:
    # rule: SNOW-RULE. 75.7 TB at 1 Gbps: 7.009 days.
    res = api.plan(TransferInput(data_tb=75.7, bandwidth_mbps=1_000, utilization=1.0),
                   catalog=CAT)
    assert res.network_days > 7 and res.recommend_snow


@pytest.mark.parametrize("utilization", [0.0, -0.1, 1.0001])
def test_utilisation_outside_0_to_1_is_refused(utilization: float) -> None:
    # rule: SNOW-RULE. The share of the link is in (0, 1]: 0 would never finish.
    with pytest.raises(ValidationError, match="SNOW-RULE"):
        TransferInput(data_tb=1, bandwidth_mbps=100, utilization=utilization)


def test_full_link_is_allowed() -> None:
    # rule: SNOW-RULE. Utilisation exactly 1.
    assert TransferInput(data_tb=1, bandwidth_mbps=100, utilization=1.0).utilization == 1.0


@pytest.mark.parametrize("field", ["data_tb", "bandwidth_mbps"])
def test_zero_data_or_link_is_refused(field: str) -> None:
    # rule: SNOW-RULE. Zero data: nothing to plan; zero link: never finishes.
    with pytest.raises(ValidationError):
        TransferInput.model_validate({"data_tb": 1, "bandwidth_mbps": 100, field: 0})


def test_snow_recommendation_says_snowball_is_closed_to_new_customers() -> None:
    # rule: SNOW-DEVICES. Fixed (issue 13): AWS Snowball Edge API reference banner, "AWS
    # Snowball Edge is no longer available to new customers. New customers should explore AWS
    # DataSync ... AWS Data Transfer Terminal". Said beside the recommendation (AWS today),
    # not under the notes' basis, nor when the network will do.
    big = TransferInput(data_tb=100, bandwidth_mbps=1_000)
    assert SNOWBALL_NEW_CUSTOMERS_NOTE in api.plan(big, catalog=CAT).notes
    notes_basis = TransferInput(data_tb=100, bandwidth_mbps=1_000, basis="notes")
    assert SNOWBALL_NEW_CUSTOMERS_NOTE not in api.plan(notes_basis, catalog=CAT).notes
    small = TransferInput(data_tb=1, bandwidth_mbps=1_000)
    assert SNOWBALL_NEW_CUSTOMERS_NOTE not in api.plan(small, catalog=CAT).notes


# -- SNOW-DEVICES ----------------------------------------------------------------------------
# Notes L3060-3085: Snowcone 8 TB HDD / 14 TB SSD (jobs up to 24 TB), Snowball Edge Storage
# Optimized 80 TB, Compute Optimized 42 TB, Snowmobile 100 PB. AWS today (Snowball Edge
# Developer Guide, device configurations: "storage optimized 210 TB"; end-of-support notice
# of November 12, 2024 for Snowcone; Snowmobile retired): Storage Optimized 210 TB.
@pytest.mark.parametrize(("data_tb", "capacity", "n"), [
    (0.001, 210, 1), (210, 210, 1), (210.001, 210, 2), (420, 210, 2), (80, 80, 1), (81, 80, 2)])
def test_devices_at_each_capacity(data_tb: float, capacity: float, n: int) -> None:
    # rule: SNOW-DEVICES. Exactly one device's capacity fits one device.
    assert devices_needed(data_tb=data_tb, capacity_tb=capacity) == n


def _row(data_tb: float, device: str) -> dict[str, object]:
    devices = api.plan(TransferInput(data_tb=data_tb, bandwidth_mbps=100), catalog=CAT).devices
    rows = devices[devices["device"] == device]
    assert len(rows) == 1
    return dict(rows.iloc[0])


def test_storage_optimized_80_tb_notes_210_tb_today() -> None:
    # rule: SNOW-DEVICES. 200 TB: 3 devices of 80 TB (notes), 1 of 210 TB (today).
    r = _row(200, "Snowball Edge Storage Optimized")
    assert (r["capacity_tb_notes"], r["capacity_tb_today"]) == (80, 210)
    assert (r["devices_notes"], r["devices_today"]) == (3, 1)


@pytest.mark.parametrize("device", ["Snowcone (HDD)", "Snowcone SSD", "Snowmobile"])
def test_retired_devices_have_no_capacity_today(device: str) -> None:
    # rule: SNOW-DEVICES
    r = _row(10, device)
    assert not r["available_today"]
    assert "retired" in str(r["note"])


@pytest.mark.parametrize(("data_tb", "capped"), [(24, False), (24.001, True)])
def test_snowcone_job_cap_24_tb(data_tb: float, capped: bool) -> None:
    # rule: SNOW-DEVICES. Notes L3069: Snowcone for jobs up to 24 TB.
    r = _row(data_tb, "Snowcone SSD")
    assert ("up to 24 TB" in str(r["note"])) == capped


def test_snowmobile_100_pb_in_decimal_tb() -> None:
    # rule: SNOW-DEVICES. Notes L3083: 100 PB = 100,000 TB (decimal, "1 EB = 1000 PB").
    r = _row(100_001, "Snowmobile")
    assert r["capacity_tb_notes"] == 100_000 and r["devices_notes"] == 2
