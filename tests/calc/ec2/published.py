"""AWS's published EC2 prices, as literals, for the formula tests.

m5.large, Linux, shared tenancy, US East (N. Virginia):

- On-Demand $0.096 per hour: Amazon EC2 On-Demand pricing page
  (https://aws.amazon.com/ec2/pricing/on-demand/); rule EC2-OD-BILLING.
- Reserved Instances, Amazon EC2 Reserved Instances pricing page
  (https://aws.amazon.com/ec2/pricing/reserved-instances/pricing/), rule EC2-RI: Standard 1 yr
  No Upfront $0.060/h, Partial Upfront $252 + $0.029/h, All Upfront $494; 3 yr $0.041/h,
  $505 + $0.019/h, $949; Convertible 1 yr $0.071/h, $294 + $0.034/h, $577; 3 yr $0.049/h,
  $592 + $0.023/h, $1,161 (the same figures as the AWS Price List GetProducts item of
  2021-02-05 in ../shared/aws-prices/offer-samples).
- Compute Savings Plans, Savings Plans pricing page
  (https://aws.amazon.com/savingsplans/compute-pricing/), rule EC2-SP: 1 yr No / Partial / All
  Upfront $0.071 / $0.067 / $0.066 per hour, 3 yr $0.049 / $0.045 / $0.044.
- Spot: the Spot Instance Advisor (https://aws.amazon.com/ec2/spot/instance-advisor/), rule
  EC2-SPOT: 66% saving off On-Demand, interruption band 15-20%; a Spot price of $0.0384/h (the
  average Spot price of the ec2instances.info export, SOURCES.md spot_avg_2024-04.csv).

c4.2xlarge, same Region, the Reserved pricing page's *effective* hourly rates (hourly fee +
upfront / term hours) of Standard 1 yr: No Upfront $0.252, Partial Upfront $0.242005, All
Upfront $0.237215 (the figures of ../shared/aws-prices/ec2_reserved_standard_effective_us-east-1_
2026-09.csv), On-Demand $0.398.

The formula tests price with these records (:func:`calc.ec2.rates.resolve_option_rates` takes an
:class:`~calc.pricing.Ec2Prices`), so a refreshed snapshot cannot break them; that the bundled
snapshot carries these figures and their dates is checked once, in ``test_snapshot_prices.py``.
"""

from __future__ import annotations

import math

from calc.pricing import Ec2Prices, Ec2Rate, Ec2Term, Source, SpotAdvice

OD_PAGE = Source("aws_ec2_on_demand_page", "Amazon EC2 On-Demand pricing page, US East",
                 "https://aws.amazon.com/ec2/pricing/on-demand/", "2026-07-20",
                 "Amazon EC2 On-Demand pricing page")
RI_PAGE = Source("aws_ec2_reserved_page", "Amazon EC2 Reserved Instances pricing page, US East",
                 "https://aws.amazon.com/ec2/pricing/reserved-instances/pricing/", "2021-02-05",
                 "Amazon EC2 Reserved Instances pricing page")
RI_EFFECTIVE_PAGE = Source("aws_ec2_reserved_effective", "Amazon EC2 Reserved Instances "
                           "pricing page, US East, effective hourly rates",
                           "https://aws.amazon.com/ec2/pricing/reserved-instances/pricing/",
                           "2026-09-24", "Amazon EC2 Reserved Instances pricing page")
SP_PAGE = Source("aws_compute_sp_page", "Compute Savings Plans pricing page, US East",
                 "https://aws.amazon.com/savingsplans/compute-pricing/", "2026-09-24",
                 "Savings Plans pricing page")
SPOT = Source("spot_price", "average Spot price", "https://aws.amazon.com/ec2/spot/pricing/",
              "2024-04-03", "Spot price")
ADVISOR = Source("spot_advisor_page", "AWS Spot Instance Advisor",
                 "https://aws.amazon.com/ec2/spot/instance-advisor/", "2025-06-28",
                 "Spot Instance Advisor")

ON_DEMAND = 0.096
# (offering class, years, payment option) -> (upfront USD, USD per hour)
M5_LARGE_RESERVED = {
    ("standard", 1, "no_upfront"): (0, 0.060), ("standard", 1, "partial_upfront"): (252, 0.029),
    ("standard", 1, "all_upfront"): (494, 0.0), ("standard", 3, "no_upfront"): (0, 0.041),
    ("standard", 3, "partial_upfront"): (505, 0.019), ("standard", 3, "all_upfront"): (949, 0.0),
    ("convertible", 1, "no_upfront"): (0, 0.071),
    ("convertible", 1, "partial_upfront"): (294, 0.034),
    ("convertible", 1, "all_upfront"): (577, 0.0), ("convertible", 3, "no_upfront"): (0, 0.049),
    ("convertible", 3, "partial_upfront"): (592, 0.023),
    ("convertible", 3, "all_upfront"): (1161, 0.0),
}
# (years, payment option) -> Compute Savings Plan rate, USD per instance-hour
M5_LARGE_COMPUTE_SP = {
    (1, "no_upfront"): 0.071, (1, "partial_upfront"): 0.067, (1, "all_upfront"): 0.066,
    (3, "no_upfront"): 0.049, (3, "partial_upfront"): 0.045, (3, "all_upfront"): 0.044,
}
SPOT_PRICE = 0.0384
SPOT_SAVING_PCT = 66.0
SPOT_BAND = "15-20%"


def _od(instance_type: str, usd: float) -> dict[tuple[str, str], Ec2Rate]:
    return {("Linux", "Shared"): Ec2Rate("us-east-1", instance_type, "Linux", "Shared", usd,
                                         OD_PAGE)}


M5_LARGE = Ec2Prices(
    region="us-east-1", instance_type="m5.large", on_demand=_od("m5.large", ON_DEMAND),
    reserved=tuple(Ec2Term("Linux", "Shared", plan, years, pay, float(up), hourly, RI_PAGE)
                   for (plan, years, pay), (up, hourly) in M5_LARGE_RESERVED.items()),
    savings_plans=tuple(Ec2Term("Linux", "Shared", "compute", years, pay, 0.0, rate, SP_PAGE)
                        for (years, pay), rate in M5_LARGE_COMPUTE_SP.items()),
    spot_average={"Linux": Ec2Rate("us-east-1", "m5.large", "Linux", "Shared", SPOT_PRICE,
                                   SPOT)},
    spot_advisor={"Linux": SpotAdvice("us-east-1", "m5.large", "Linux", SPOT_SAVING_PCT,
                                      SPOT_BAND, ADVISOR)},
    dedicated_host=None,
)

C4_2XLARGE_OD = 0.398
# (years, payment option) -> effective rate, USD per instance-hour (6 significant digits)
C4_2XLARGE_EFFECTIVE = {(1, "no_upfront"): 0.252, (1, "partial_upfront"): 0.242005,
                        (1, "all_upfront"): 0.237215}
_FEES = {"no_upfront": lambda e: (0.0, e), "all_upfront": lambda e: (math.nan, 0.0),
         "partial_upfront": lambda e: (math.nan, math.nan)}
C4_2XLARGE = Ec2Prices(
    region="us-east-1", instance_type="c4.2xlarge", on_demand=_od("c4.2xlarge", C4_2XLARGE_OD),
    reserved=tuple(Ec2Term("Linux", "Shared", "standard", years, pay, *_FEES[pay](e),
                           RI_EFFECTIVE_PAGE, effective_usd_per_hour=e)
                   for (years, pay), e in C4_2XLARGE_EFFECTIVE.items()),
    savings_plans=(), spot_average={}, spot_advisor={}, dedicated_host=None,
)
