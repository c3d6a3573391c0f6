"""Every unit constant and conversion, in one place.

AWS bills a month as 730 hours (365 days x 24 h / 12) in its pricing pages and calculator.
Storage: AWS prices "GB-month" where the GB is a GiB (2^30 bytes) for EBS, and S3 tiers use
1 TB = 1,024 GB. Names keep the unit: ``*_gib`` vs ``*_gb`` are never mixed silently.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np

T = TypeVar("T", float, np.ndarray)

HOURS_PER_DAY = 24
DAYS_PER_YEAR = 365
HOURS_PER_YEAR = HOURS_PER_DAY * DAYS_PER_YEAR  # 8,760
MONTHS_PER_YEAR = 12
HOURS_PER_MONTH = 730  # the AWS convention: 8,760 / 12
DAYS_PER_MONTH = HOURS_PER_MONTH / HOURS_PER_DAY  # 30.416...
SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3_600
SECONDS_PER_DAY = SECONDS_PER_HOUR * HOURS_PER_DAY  # 86,400
SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR  # 2,628,000
MS_PER_SECOND = 1_000

BYTES_PER_KB = 1_000
BYTES_PER_KIB = 1_024
BYTES_PER_MB = 1_000_000
BYTES_PER_MIB = 1_024**2
BYTES_PER_GB = 1_000_000_000
BYTES_PER_GIB = 1_024**3
BYTES_PER_TIB = 1_024**4
GIB_PER_TIB = 1_024
MIB_PER_GIB = 1_024
MB_PER_GB = 1_024  # AWS Lambda memory: 1,024 MB = 1 GB for GB-seconds
GB_PER_TB_BILLING = 1_024  # S3/EBS/transfer tiers: 1 TB = 1,024 GB as AWS bills
BITS_PER_BYTE = 8
MEGABITS_PER_GIGABIT = 1_000

PCT = 100.0  # percent per unit: 35 % = 35 / PCT
PER_THOUSAND = 1_000
PER_MILLION = 1_000_000


def hours_to_months(hours: T) -> T:
    return hours / HOURS_PER_MONTH


def months_to_hours(months: T) -> T:
    return months * HOURS_PER_MONTH


def gib_to_tib(gib: T) -> T:
    return gib / GIB_PER_TIB


def tib_to_gib(tib: T) -> T:
    return tib * GIB_PER_TIB


def gib_to_gb(gib: T) -> T:
    """GiB (2^30 bytes) to decimal GB (10^9 bytes)."""
    return gib * (BYTES_PER_GIB / BYTES_PER_GB)


def gb_to_gib(gb: T) -> T:
    return gb * (BYTES_PER_GB / BYTES_PER_GIB)


def mb_to_gb_lambda(memory_mb: T) -> T:
    """Lambda memory in MB to GB for GB-seconds (AWS divides by 1,024)."""
    return memory_mb / MB_PER_GB


def tb_to_gb_billing(tb: T) -> T:
    """TB to GB the way AWS bills storage tiers (1 TB = 1,024 GB)."""
    return tb * GB_PER_TB_BILLING


def mbps_to_bytes_per_second(megabits_per_second: T) -> T:
    """A link speed in Mbit/s (decimal, as links are sold) to bytes per second."""
    return megabits_per_second * 1_000_000 / BITS_PER_BYTE


def tb_to_bytes(tb: T) -> T:
    """Decimal terabytes (10^12 bytes), as data sets and Snow devices are sized."""
    return tb * 1_000_000_000_000
