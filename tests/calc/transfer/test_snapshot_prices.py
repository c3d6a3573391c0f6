"""The transfer checks pinned to the bundled snapshot: it prices nothing, so these pin the
dated limits a plan reads (the one-week rule and the Snow device capacities, limits.csv)."""

from __future__ import annotations

from calc.transfer import api
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()  # the bundled snapshot, handed in as every caller does


def test_one_week_rule_and_device_capacities() -> None:
    # rule: SNOW-RULE (notes L3059: more than a week), SNOW-DEVICES (notes L3060-3085:
    # Snowball Edge Storage Optimized 80 TB; AWS today 210 TB; Snowcone retired)
    plan = api.plan(api.TransferInput(data_tb=100, bandwidth_mbps=1_000), catalog=CAT)
    assert plan.one_week_days == 7
    dev = plan.devices.set_index("device")
    row = dev.loc["Snowball Edge Storage Optimized"]
    assert row["capacity_tb_notes"] == 80 and row["capacity_tb_today"] == 210
    assert not dev.loc["Snowcone (HDD)", "available_today"]
