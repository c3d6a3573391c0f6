"""Lambda (issue 5): the 10,113-point memory sweep <= 5 ms; one monthly cost <= 0.2 ms."""

from __future__ import annotations

import numpy as np

from bench import Bench
from calc.context import validate
from calc.lambda_ import (
    LambdaConcurrencyInput,
    LambdaCostInput,
    LambdaSweepInput,
    LambdaVsEc2Input,
    check_concurrency,
    estimate_cost,
    lambda_prices,
    lambda_rules,
    run_sweep,
    run_vs_ec2,
)
from calc.lambda_.cost import monthly_cost
from calc.lambda_.sweep import memory_sweep, modelled_duration_ms, sweep_memory_sizes
from calc.pricing import Catalog, bundled_root


def benchmarks() -> list[Bench]:
    # the bundled snapshot, handed to every call (as calc/cli.py:main hands the active one)
    catalog = Catalog(bundled_root(), label="bundled")
    rules = lambda_rules(catalog=catalog)
    prices = lambda_prices("us-east-1", "x86_64", catalog=catalog)
    mem = sweep_memory_sizes(rules)

    def sweep() -> object:
        dur = np.asarray(modelled_duration_ms(memory_mb=mem, measured_memory_mb=512,
                                              measured_duration_ms=1000, cpu_bound_share=0.8,
                                              threads=1, rules=rules))
        return memory_sweep(memory_mb=mem, duration_ms=dur, invocations_per_month=3e6,
                            prices=prices, rules=rules)

    def sweep_costs_only() -> object:
        return monthly_cost(memory_mb=mem, duration_ms=1000.0, invocations_per_month=3e6,
                            prices=prices, rules=rules)

    def one_cost() -> object:
        return monthly_cost(memory_mb=512, duration_ms=1000, invocations_per_month=3e6,
                            prices=prices, rules=rules)

    def one_cost_provisioned() -> object:
        return monthly_cost(memory_mb=1536, duration_ms=120, invocations_per_month=3e6,
                            prices=prices, rules=rules, ephemeral_storage_mb=2048,
                            provisioned_concurrency=100, provisioned_hours=8)

    cost_input = dict(region="us-east-1", memory_mb=512, duration_ms=1000,
                      invocations_per_month=3e6)
    sweep_input = validate(LambdaSweepInput, dict(
        region="us-east-1", memory_mb=512, duration_ms=1000, invocations_per_month=3e6,
        cpu_bound_share=0.8), catalog=catalog)
    conc_input = validate(LambdaConcurrencyInput, dict(requests_per_second=2000,
                                                       duration_ms=600), catalog=catalog)
    vs_input = validate(LambdaVsEc2Input, dict(region="us-east-1", memory_mb=512,
                                               duration_ms=100, requests_per_second=150),
                        catalog=catalog)
    return [
        Bench("lambda: memory sweep, 10,113 sizes (model + cost + picks + DataFrame)", sweep,
              goal_ms=5, repeat=50),
        Bench("lambda: memory sweep, validated input to result (run_sweep)",
              lambda: run_sweep(sweep_input, catalog=catalog), repeat=30),
        Bench("lambda: 10,113 monthly costs, one vectorised call", sweep_costs_only,
              repeat=50),
        Bench("lambda: one monthly cost (formula)", one_cost, goal_ms=0.2, repeat=300),
        Bench("lambda: one monthly cost with /tmp and provisioned concurrency",
              one_cost_provisioned, goal_ms=0.2, repeat=300),
        Bench("lambda: one cost from raw input (validate + look up + formula)",
              lambda: estimate_cost(validate(LambdaCostInput, cost_input, catalog=catalog),
                                    catalog=catalog), repeat=100),
        Bench("lambda: concurrency check (Erlang B at the 1,000 limit)",
              lambda: check_concurrency(conc_input, catalog=catalog), repeat=30),
        Bench("lambda: vs EC2 with instance suggestion and 201-point curve",
              lambda: run_vs_ec2(vs_input, catalog=catalog), repeat=15),
    ]
