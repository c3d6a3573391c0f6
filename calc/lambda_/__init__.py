"""AWS Lambda: monthly cost, the memory sweep, concurrency, and Lambda versus EC2 (issue 5).

Layers (STYLE.md): formulas in :mod:`~calc.lambda_.cost`, :mod:`~calc.lambda_.sweep`,
:mod:`~calc.lambda_.concurrency` and :mod:`~calc.lambda_.vs_ec2` take prices and limits
as values and accept numbers or numpy arrays; :mod:`~calc.lambda_.models` validates input
against the RULES.md limits of the catalog it is validated with; :mod:`~calc.lambda_.limits`
and :mod:`~calc.lambda_.prices` read those values from a catalog; :mod:`~calc.lambda_.api`
wires them (every entry point takes ``catalog=``) for the CLI and GUI.
Rules: LAMBDA-PRICE, LAMBDA-FREE-TIER, LAMBDA-MEMORY, LAMBDA-TIMEOUT, LAMBDA-TMP,
LAMBDA-CONCURRENCY, LAMBDA-ASYNC-RETRY, LAMBDA-PROVISIONED.
"""

from calc.lambda_.api import (
    ConcurrencyResult,
    CostResult,
    LambdaStudy,
    check_concurrency,
    estimate_cost,
    read_measurements_csv,
    report,
    run_study,
    run_sweep,
    run_vs_ec2,
)
from calc.lambda_.concurrency import ConcurrencyCheck
from calc.lambda_.cost import LambdaCost, monthly_cost
from calc.lambda_.limits import LambdaRules, lambda_rules
from calc.lambda_.models import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaStudyInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
)
from calc.lambda_.prices import LambdaPrices, lambda_prices
from calc.lambda_.sweep import SweepResult
from calc.lambda_.vs_ec2 import VsEc2Result

__all__ = [
    "ConcurrencyCheck", "ConcurrencyResult", "CostResult", "LambdaConcurrencyInput",
    "LambdaCost", "LambdaCostInput", "LambdaPrices", "LambdaRules", "LambdaStudy",
    "LambdaStudyInput", "LambdaSweepInput", "LambdaVsEc2Input", "SweepResult", "VsEc2Result",
    "check_concurrency", "estimate_cost", "lambda_prices", "lambda_rules", "monthly_cost",
    "read_measurements_csv", "report", "run_study", "run_sweep", "run_vs_ec2",
]
