"""``s3`` commands: cost, choose, lifecycle, prefixes. Parsing only: the options are generated
from the input models (:mod:`calc.s3.models`), the numbers come from :mod:`calc.s3.api`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from calc.cliargs import add_model_arguments, model_data, name_flags
from calc.context import validate
from calc.errors import InputError
from calc.fileio import ReadError, read_json
from calc.report import Output
from calc.s3 import api
from calc.s3.classes import CLASS_IDS
from calc.s3.models import S3ChooseInput, S3CostInput, S3LifecycleInput, S3PrefixInput

IT_TIERS = ("infrequent", "archive_instant", "archive_access", "deep_archive_access")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("s3", help="Amazon S3: class costs, cheapest class, lifecycle, prefixes")
    ps = p.add_subparsers(dest="command", metavar="SUBCOMMAND")
    ps.required = True

    c = ps.add_parser("cost", parents=[common], help="monthly cost of one storage class")
    # a class id is checked by the model, whose error lists the ids with the rule (S3-CLASSES)
    c.add_argument("--storage-class", required=True, help=f"one of {', '.join(CLASS_IDS)}")
    add_model_arguments(c, S3CostInput, exclude=("storage_class",))
    c.set_defaults(handler=cost_command)

    ch = ps.add_parser("choose", parents=[common],
                       help="rank the classes by monthly cost for an access pattern")
    add_model_arguments(ch, S3ChooseInput)
    ch.set_defaults(handler=choose_command)

    lc = ps.add_parser("lifecycle", parents=[common],
                       help="simulate lifecycle rules month by month, beside no lifecycle and "
                            "Intelligent-Tiering")
    lc.add_argument("--start-class", help="class objects are written to (default standard)")
    add_model_arguments(lc, S3LifecycleInput, exclude=("start_class", "rules"),
                        rename={"monthly_growth_pct": "growth_pct"},
                        aliases={"monthly_growth_pct": ("--monthly-growth-pct",)})
    lc.add_argument("--rule", action="append", default=[], metavar="CLASS:DAYS",
                    help="a transition, e.g. standard_ia:30 (repeat)")
    lc.add_argument("--rules-file", type=Path,
                    help='JSON: {"rules": [{"storage_class": "standard_ia", "days": 30}], '
                         '"expire_days": 365}')
    name_flags(lc, {"rules": "--rule"})
    lc.set_defaults(handler=lifecycle_command)

    pr = ps.add_parser("prefixes", parents=[common],
                       help="prefixes for a request rate, SSE-KMS quota, multipart advice")
    add_model_arguments(pr, S3PrefixInput)
    pr.set_defaults(handler=prefixes_command)


def cost_command(args: argparse.Namespace) -> Output:
    data = model_data(args, S3CostInput)
    inp = validate(S3CostInput, data, catalog=args.catalog)
    return api.report(api.cost(inp, catalog=args.catalog))


def choose_command(args: argparse.Namespace) -> Output:
    inp = validate(S3ChooseInput, model_data(args, S3ChooseInput), catalog=args.catalog)
    return api.report(api.choose(inp, catalog=args.catalog))


def lifecycle_command(args: argparse.Namespace) -> Output:
    fields = model_data(args, S3LifecycleInput)
    rules = rules_from_text(args.rule)
    if args.rules_file is not None:
        data = rules_from_file(args.rules_file)
        rules = [*rules, *data.get("rules", [])]
        for key in ("expire_days", "start_class"):
            if key in data and key not in fields:
                fields[key] = data[key]
    inp = validate(S3LifecycleInput, {**fields, "rules": tuple(rules)}, catalog=args.catalog)
    return api.report(api.lifecycle(inp, catalog=args.catalog))


def prefixes_command(args: argparse.Namespace) -> Output:
    inp = validate(S3PrefixInput, model_data(args, S3PrefixInput), catalog=args.catalog)
    return api.report(api.prefixes(inp, catalog=args.catalog))


def rules_from_text(values: Sequence[str]) -> list[dict[str, Any]]:
    """``["standard_ia:30", ...]`` -> rule dicts; InputError naming a malformed one."""
    out = []
    for text in values:
        name, sep, days = text.partition(":")
        digits = days.strip()
        if not sep or not (digits.isdecimal() and digits.isascii() and len(digits) <= 6):
            raise InputError("rule", text, "write CLASS:DAYS, e.g. standard_ia:30",
                             rule_id="S3-LIFECYCLE")
        out.append({"storage_class": name.strip(), "days": int(days)})
    return out


def rules_from_file(path: Path) -> dict[str, Any]:
    """A JSON file: ``{"rules": [{"storage_class": ..., "days": ...}], "expire_days": N}``
    (``start_class`` optional), or just the list of rules."""
    try:
        data = read_json(path)
    except ReadError as e:
        raise InputError("rules_file", str(path), e.reason) from None
    if isinstance(data, list):
        data = {"rules": data}
    if not isinstance(data, dict):
        raise InputError("rules_file", str(path), "a JSON object with 'rules' or a list")
    allowed = {"rules", "expire_days", "start_class"}
    extra = set(data) - allowed
    if extra:
        raise InputError("rules_file", sorted(extra)[0], f"keys allowed: {', '.join(allowed)}")
    _check_json_types(path, data)
    return data


def _check_json_types(path: Path, data: dict[str, Any]) -> None:
    """JSON types exactly, as a file is read everywhere (calc.fileio): no ``"30"`` or
    ``true`` for a number of days, no number for a class."""
    def want(where: str, value: Any, kind: type, what: str) -> None:
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InputError(where, value, f"in the rules file {path}: must be {what}",
                             rule_id="S3-LIFECYCLE")

    if "expire_days" in data and data["expire_days"] is not None:
        want("expire_days", data["expire_days"], int, "a whole number of days (JSON integer)")
    if "start_class" in data:
        want("start_class", data["start_class"], str, "a storage class id (JSON string)")
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise InputError("rules", rules, f"in the rules file {path}: must be a JSON list",
                         rule_id="S3-LIFECYCLE")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            raise InputError(f"rules[{i}]", rule, f"in the rules file {path}: must be an "
                             'object {"storage_class": ..., "days": ...}',
                             rule_id="S3-LIFECYCLE")
        if "storage_class" in rule:
            want(f"rules[{i}].storage_class", rule["storage_class"], str,
                 "a storage class id (JSON string)")
        if "days" in rule:
            want(f"rules[{i}].days", rule["days"], int, "a whole number of days (JSON integer)")


