"""Feasibility of one volume configuration: is it within its type's limits (size, IOPS, throughput,
boot, Multi-Attach)?

Each failure raises :class:`~calc.pricing.errors.InputError` naming the field, the value, the
allowed range with the limits set used ("AWS today" or "as in the notes") and the rule ID; where
a larger size or more IOPS would make it valid, the message names the smallest that would.
"""

from __future__ import annotations

import math

from calc.ebs.specs import BOOT_TYPES, MULTI_ATTACH_TYPES, VolumeSpec, fmt_number
from calc.errors import InputError

_EPS = 1e-9


def _smallest(value: float, per: float) -> float:
    return math.ceil(value / per - _EPS)


def _error(field: str, value: object, allowed: str, spec: VolumeSpec, limit: str) -> InputError:
    """An InputError citing the rule behind ``limit`` (or the AWS docs for magnetic volumes)."""
    rule = spec.rule(limit)
    return InputError(field, value, allowed if rule else f"{allowed} {spec.cite(limit)}",
                      rule_id=rule)


def check_size(volume_type: str, size_gib: float, spec: VolumeSpec,
               field: str = "size_gib") -> None:
    """Size within the type's range (rules EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-IO2-BX,
    EBS-ST1, EBS-SC1; magnetic sizes from the AWS docs)."""
    if not spec.min_size_gib <= size_gib <= spec.max_size_gib:
        raise _error(field, size_gib,
                     f"a {volume_type} volume is {fmt_number(spec.min_size_gib)} to "
                     f"{fmt_number(spec.max_size_gib)} GiB ({spec.note('max_size_gib')})",
                     spec, "max_size_gib")


def check_attachment(volume_type: str, *, boot: bool, attach_instances: int,
                     spec: VolumeSpec) -> None:
    """Boot and Multi-Attach support.

    Notes
    -----
    Rules: EBS-BOOT (only gp2/gp3/io1/io2 boot), EBS-MULTI-ATTACH (io1/io2 only, up to 16
    instances in the same AZ).
    """
    if boot and not spec.boot:
        raise InputError("boot", True,
                         f"{volume_type} cannot be a boot volume; only "
                         f"{', '.join(sorted(BOOT_TYPES))} can boot", rule_id="EBS-BOOT")
    if attach_instances > 1 and not spec.multi_attach:
        raise InputError("attach_instances", attach_instances,
                         f"Multi-Attach works only with {' and '.join(sorted(MULTI_ATTACH_TYPES))}"
                         f", not {volume_type}; attach it to 1 instance",
                         rule_id="EBS-MULTI-ATTACH")
    if spec.max_attach_instances is not None and attach_instances > spec.max_attach_instances:
        raise InputError("attach_instances", attach_instances,
                         f"Multi-Attach allows 1 to {fmt_number(spec.max_attach_instances)} "
                         "instances in the same Availability Zone",
                         rule_id="EBS-MULTI-ATTACH")


def check_volume(volume_type: str, *, size_gib: float, iops: float | None,
                 throughput_mibps: float | None, spec: VolumeSpec, boot: bool = False,
                 attach_instances: int = 1) -> tuple[float | None, float | None]:
    """Check a configuration; return its provisioned (IOPS, throughput), defaults filled in.

    Parameters
    ----------
    volume_type : str
        gp2, gp3, io1, io2, st1, sc1 or standard.
    size_gib : float
        Size [GiB].
    iops : float or None
        Provisioned IOPS [IOPS]: gp3 (default: the included 3,000), io1/io2 (required); the
        other types take none (gp2 IOPS follow size, HDD and magnetic are fixed).
    throughput_mibps : float or None
        Provisioned throughput [MiB/s]: gp3 only (default: the included 125).
    spec : VolumeSpec
        The type's limits.
    boot : bool
        Used as a boot volume.
    attach_instances : int
        Instances it is attached to (more than 1 = Multi-Attach).

    Returns
    -------
    tuple
        (IOPS, throughput) to bill: gp3 both, io1/io2 IOPS only, others (None, None).

    Raises
    ------
    InputError
        Out of range, with the range, the limits set and the rule ID; for a ratio (IOPS per
        GiB, MiB/s per IOPS) also the smallest size or IOPS that allows the value.

    Notes
    -----
    Rules: EBS-GP3, EBS-GP2-IOPS, EBS-IO1-IO2, EBS-IO2-BX, EBS-ST1, EBS-SC1, EBS-BOOT,
    EBS-MULTI-ATTACH.
    """
    check_size(volume_type, size_gib, spec)
    check_attachment(volume_type, boot=boot, attach_instances=attach_instances, spec=spec)
    if not spec.iops_provisioned and iops is not None:
        raise _error("iops", iops, _not_provisioned_iops(volume_type, spec), spec, "max_iops")
    if not spec.throughput_provisioned and throughput_mibps is not None:
        raise _error("throughput_mibps", throughput_mibps,
                     f"throughput is provisioned only on gp3; {volume_type} "
                     + _derived_throughput(volume_type, spec), spec, "max_throughput_mibps")
    if volume_type == "gp3":
        return _check_gp3(size_gib, iops, throughput_mibps, spec)
    if volume_type in ("io1", "io2"):
        return _check_piops(volume_type, size_gib, iops, spec), None
    return None, None


def _not_provisioned_iops(volume_type: str, spec: VolumeSpec) -> str:
    if volume_type == "gp2":
        assert spec.iops_per_gib is not None and spec.max_iops is not None
        return (f"gp2 IOPS are not provisioned: the baseline is {fmt_number(spec.iops_per_gib)} "
                f"IOPS per GiB of size, at most {fmt_number(spec.max_iops)} (see `ebs gp2`, or "
                "`ebs size` for the size that gives your IOPS)")
    assert spec.max_iops is not None
    return (f"{volume_type} IOPS are not provisioned; it delivers at most "
            f"{fmt_number(spec.max_iops)} IOPS ({spec.note('max_iops')})")


def _derived_throughput(volume_type: str, spec: VolumeSpec) -> str:
    assert spec.max_throughput_mibps is not None
    cap = fmt_number(spec.max_throughput_mibps)
    if volume_type == "gp2":
        return f"throughput follows size (IOPS x 256 KiB), at most {cap} MiB/s"
    if volume_type in ("io1", "io2"):
        return f"throughput follows provisioned IOPS, at most {cap} MiB/s"
    if volume_type in ("st1", "sc1"):
        return (f"throughput follows size ({fmt_number(spec.baseline_mibps_per_tib or 0)} MiB/s "
                f"per TiB baseline), at most {cap} MiB/s")
    return f"delivers at most {cap} MiB/s"


def _check_gp3(size_gib: float, iops: float | None, throughput_mibps: float | None,
               spec: VolumeSpec) -> tuple[float, float]:
    """gp3 IOPS and throughput (rule EBS-GP3)."""
    assert spec.included_iops is not None and spec.max_iops is not None
    assert spec.max_iops_per_gib is not None and spec.max_mibps_per_iops is not None
    assert spec.included_throughput_mibps is not None and spec.max_throughput_mibps is not None
    i = spec.included_iops if iops is None else float(iops)
    t = spec.included_throughput_mibps if throughput_mibps is None else float(throughput_mibps)
    if not spec.included_iops <= i <= spec.max_iops:
        raise InputError("iops", iops,
                         f"gp3 IOPS are {fmt_number(spec.included_iops)} (included) to "
                         f"{fmt_number(spec.max_iops)} ({spec.note('max_iops')})",
                         rule_id=spec.rule("max_iops"))
    allowed_iops = max(spec.included_iops, spec.max_iops_per_gib * size_gib)
    if i > allowed_iops:
        need = _smallest(i, spec.max_iops_per_gib)
        raise InputError("iops", iops,
                         f"gp3 allows at most {fmt_number(spec.max_iops_per_gib)} IOPS per GiB "
                         f"(and always {fmt_number(spec.included_iops)}): "
                         f"{fmt_number(allowed_iops)} at {fmt_number(size_gib)} GiB; "
                         f"{fmt_number(i)} IOPS needs size_gib >= {fmt_number(need)} "
                         f"({spec.note('max_iops_per_gib')})",
                         rule_id=spec.rule("max_iops_per_gib"))
    if not spec.included_throughput_mibps <= t <= spec.max_throughput_mibps:
        raise InputError("throughput_mibps", throughput_mibps,
                         f"gp3 throughput is {fmt_number(spec.included_throughput_mibps)} "
                         f"(included) to {fmt_number(spec.max_throughput_mibps)} MiB/s "
                         f"({spec.note('max_throughput_mibps')})",
                         rule_id=spec.rule("max_throughput_mibps"))
    allowed_thr = max(spec.included_throughput_mibps, spec.max_mibps_per_iops * i)
    if t > allowed_thr:
        need = _smallest(t, spec.max_mibps_per_iops)
        raise InputError("throughput_mibps", throughput_mibps,
                         f"gp3 allows at most {fmt_number(spec.max_mibps_per_iops)} MiB/s per "
                         f"provisioned IOPS: {fmt_number(allowed_thr)} MiB/s at "
                         f"{fmt_number(i)} IOPS; {fmt_number(t)} MiB/s needs iops >= "
                         f"{fmt_number(need)} ({spec.note('max_mibps_per_iops')})",
                         rule_id=spec.rule("max_mibps_per_iops"))
    return i, t


def _check_piops(volume_type: str, size_gib: float, iops: float | None,
                 spec: VolumeSpec) -> float:
    """io1/io2 provisioned IOPS (rules EBS-IO1-IO2, EBS-IO2-BX)."""
    assert spec.min_iops is not None and spec.max_iops is not None
    assert spec.max_iops_per_gib is not None
    where = "" if spec.nitro else " on non-Nitro instances"
    if iops is None:
        raise InputError("iops", None,
                         f"{volume_type} needs provisioned IOPS: {fmt_number(spec.min_iops)} to "
                         f"{fmt_number(spec.max_iops)}{where} ({spec.note('max_iops')})",
                         rule_id=spec.rule("max_iops"))
    i = float(iops)
    if not spec.min_iops <= i <= spec.max_iops:
        raise InputError("iops", iops,
                         f"{volume_type} IOPS are {fmt_number(spec.min_iops)} to "
                         f"{fmt_number(spec.max_iops)}{where} ({spec.note('max_iops')})",
                         rule_id=spec.rule("max_iops"))
    allowed = spec.max_iops_per_gib * size_gib
    if i > allowed:
        need = _smallest(i, spec.max_iops_per_gib)
        raise InputError("iops", iops,
                         f"{volume_type} allows at most {fmt_number(spec.max_iops_per_gib)} IOPS "
                         f"per GiB: {fmt_number(allowed)} at {fmt_number(size_gib)} GiB; "
                         f"{fmt_number(i)} IOPS needs size_gib >= {fmt_number(need)} "
                         f"({spec.note('max_iops_per_gib')})",
                         rule_id=spec.rule("max_iops_per_gib"))
    return i


def check_resize(*, from_size_gib: float, to_size_gib: float) -> None:
    """A volume can only grow in place.

    Raises
    ------
    InputError
        When ``to_size_gib`` is smaller: shrinking needs a new, smaller volume and a data copy.

    Notes
    -----
    Rule: EBS-RESIZE (notes L2622-2633).
    """
    if to_size_gib < from_size_gib:
        raise InputError("size_gib", to_size_gib,
                         f"an EBS volume can only grow: at least {fmt_number(from_size_gib)} GiB; "
                         "a smaller one needs a new volume and a copy of the data",
                         rule_id="EBS-RESIZE")
