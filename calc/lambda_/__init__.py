"""AWS Lambda: monthly cost, the memory sweep, concurrency, and Lambda versus EC2 (issue 5).

Layers (STYLE.md): formulas in :mod:`~calc.lambda_.cost`, :mod:`~calc.lambda_.sweep`,
:mod:`~calc.lambda_.concurrency` and :mod:`~calc.lambda_.vs_ec2` take prices and rules
as values and accept numbers or numpy arrays; :mod:`~calc.lambda_.models` validates input
against the RULES.md limits; :mod:`~calc.lambda_.api` wires the two for the CLI and GUI.
Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-MEMORY, LAMBDA-TIMEOUT, LAMBDA-TMP,
LAMBDA-CONCURRENCY, LAMBDA-ASYNC-RETRY, LAMBDA-PROVISIONED.
"""

from calc.lambda_.api import (
    CostResult,
    check_concurrency,
    concurrency_table,
    estimate_cost,
    read_measurements_csv,
    run_sweep,
    run_vs_ec2,
)
from calc.lambda_.concurrency import ConcurrencyCheck
from calc.lambda_.cost import LambdaCost, monthly_cost
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from calc.lambda_.rules import LambdaPrices, LambdaRules, lambda_prices, lambda_rules
from calc.lambda_.sweep import SweepResult
from calc.lambda_.vs_ec2 import VsEc2Result

__all__ = [
    "ConcurrencyCheck", "CostResult", "LambdaConcurrencyInput", "LambdaCost", "LambdaCostInput",
    "LambdaPrices", "LambdaRules", "LambdaSweepInput", "LambdaVsEc2Input", "SweepResult",
    "VsEc2Result", "check_concurrency", "concurrency_table", "estimate_cost", "lambda_prices",
    "lambda_rules", "monthly_cost", "read_measurements_csv", "run_sweep", "run_vs_ec2",
]
