"""EC2 options other than On-Demand billing, Reserved, Savings Plans and T burst (those are the
EC2 helper's, tested in its files) at their boundaries (issue 13, docs/accuracy.md): zero use,
one instance and many, the per-Region fee, whole hosts, public IPv4 addresses.

The cases compare options of one result with each other (the Capacity Reservation with the
On-Demand rate of the same snapshot) or with the limits table; no snapshot price is pinned
here (those checks live in test_snapshot_prices.py files).
"""

from __future__ import annotations

import pandas as pd
import pytest

from calc.context import validate
from calc.ec2.compare import compare_options
from calc.ec2.models import Ec2Workload
from calc.units import HOURS_PER_MONTH
from tests.support.catalogs import bundled_catalog

CAT = bundled_catalog()
LIM = CAT.limits


def rows(**fields: object) -> pd.DataFrame:
    w = validate(Ec2Workload, fields, catalog=CAT)
    return compare_options(w, catalog=CAT).options.set_index("option")


M5 = {"region": "us-east-1", "instance_type": "m5.large"}


# -- EC2-CAPACITY-RESERVATION ----------------------------------------------------------------
# AWS EC2 User Guide, "On-Demand Capacity Reservations" (billing): "You are charged the
# equivalent On-Demand rate whether you run instances in reserved capacity or not"; no term.
@pytest.mark.parametrize("hours", [0, 1, 365, HOURS_PER_MONTH])
def test_capacity_reservation_pays_every_hour_at_any_use(hours: float) -> None:
    # rule: EC2-CAPACITY-RESERVATION. Zero use still pays 730 h x the On-Demand rate x count.
    full = rows(**M5, count=3, hours_per_month=HOURS_PER_MONTH)
    od_rate = full.loc["on_demand", "effective_usd_per_hour"]
    got = rows(**M5, count=3, hours_per_month=hours).loc["capacity_reservation", "usd_per_month"]
    assert got == pytest.approx(od_rate * HOURS_PER_MONTH * 3)


def test_capacity_reservation_equals_on_demand_at_full_use() -> None:
    # rule: EC2-CAPACITY-RESERVATION. No discount: at 730 h the same as On-Demand.
    full = rows(**M5, hours_per_month=HOURS_PER_MONTH)
    assert full.loc["capacity_reservation", "usd_per_month"] == pytest.approx(
        full.loc["on_demand", "usd_per_month"])


# -- EC2-DEDICATED-INSTANCE ------------------------------------------------------------------
# Amazon EC2 Dedicated Instances pricing page: "an additional fee is charged once per hour in
# which at least one Dedicated Instance of any type is running in a Region" ($2 per hour).
DEDICATED = {"region": "eu-central-1", "instance_type": "r7i.2xlarge", "os": "windows_byol"}


def test_region_fee_is_2_usd_an_hour() -> None:
    # rule: EC2-DEDICATED-INSTANCE
    assert LIM.value("ec2.dedicated_instance.region_fee_usd_per_hour") == 2


def test_region_fee_once_whatever_the_count() -> None:
    # rule: EC2-DEDICATED-INSTANCE. 1 and 10 instances for 1 h: the difference is 9 instance
    # hours, the $2 fee is in both once.
    one = rows(**DEDICATED, count=1, hours_per_month=1).loc["dedicated_instance", "usd_per_month"]
    ten = rows(**DEDICATED, count=10, hours_per_month=1).loc["dedicated_instance",
                                                            "usd_per_month"]
    per_instance = (ten - one) / 9
    assert one == pytest.approx(per_instance + 2)


def test_no_fee_when_nothing_runs() -> None:
    # rule: EC2-DEDICATED-INSTANCE. Zero use: no instance hour, no fee hour.
    got = rows(**DEDICATED, count=3, hours_per_month=0).loc["dedicated_instance",
                                                           "usd_per_month"]
    assert got == 0


# -- EC2-DEDICATED-HOST ----------------------------------------------------------------------
# Amazon EC2 Dedicated Hosts pricing page: On-Demand hosts are billed per host-hour while the
# host is allocated, whether instances run on it or not.
def test_allocated_host_pays_every_hour_at_zero_use() -> None:
    # rule: EC2-DEDICATED-HOST. One x2iedn.32xlarge fills a host (its family's metal size).
    zero = rows(region="us-east-1", instance_type="x2iedn.32xlarge", hours_per_month=0)
    full = rows(region="us-east-1", instance_type="x2iedn.32xlarge",
                hours_per_month=HOURS_PER_MONTH)
    assert zero.loc["dedicated_host", "usd_per_month"] == pytest.approx(
        full.loc["dedicated_host", "usd_per_month"]) != 0


# -- EC2-SPOT --------------------------------------------------------------------------------
# AWS EC2 User Guide, "Spot Instances": up to 90% off On-Demand; a two-minute interruption
# notice.
def test_spot_limits() -> None:
    # rule: EC2-SPOT
    assert LIM.value("ec2.spot.max_discount_pct") == 90
    assert LIM.value("ec2.spot.interruption_notice_s") == 120


def test_spot_at_zero_use_costs_nothing() -> None:
    # rule: EC2-SPOT. No commitment: zero hours, zero cost.
    assert rows(**M5, hours_per_month=0).loc["spot", "usd_per_month"] == 0


# -- EC2-EIP ---------------------------------------------------------------------------------
# Amazon VPC pricing page (public IPv4 addresses, since February 1, 2024): $0.005 per IP per
# hour for every public IPv4 address, in use or idle; EC2 User Guide, "Elastic IP address
# quota": 5 per Region by default.
def test_public_ipv4_limits() -> None:
    # rule: EC2-EIP
    assert LIM.value("ec2.public_ipv4.usd_per_hour") == 0.005
    assert LIM.value("ec2.eip.attached_usd_per_hour", "notes") == 0
    assert LIM.value("ec2.eip.default_per_region") == 5


@pytest.mark.parametrize(("hours", "always", "addresses", "extra"), [
    (0, False, 1, 0.0),                   # nothing runs, addresses released with it
    (0, True, 1, 0.005 * 730),            # an idle address all month: $3.65
    (HOURS_PER_MONTH, False, 2, 2 * 0.005 * 730),
    (100, False, 0, 0.0)])                # no public address
def test_public_ipv4_charge_edges(hours: float, always: bool, addresses: int,
                                  extra: float) -> None:
    # rule: EC2-EIP
    plain = rows(**M5, hours_per_month=hours).loc["on_demand", "usd_per_month"]
    got = rows(**M5, hours_per_month=hours, public_ipv4_per_instance=addresses,
               public_ipv4_always=always).loc["on_demand", "usd_per_month"]
    assert got - plain == pytest.approx(extra)
