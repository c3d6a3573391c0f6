"""One colour per option across every chart, and light/dark mode from the system palette."""

from __future__ import annotations

import zlib

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

# A qualitative palette (Okabe-Ito plus Tableau extras): distinguishable, colour-blind safe.
_BASE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
         "#000000", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#1F77B4", "#FF7F0E",
         "#2CA02C", "#D62728", "#9467BD"]

# Fixed colours for the options people compare most, so they never change between runs.
FIXED = {
    "on_demand": "#D55E00", "spot": "#009E73", "capacity_reservation": "#7F7F7F",
    "dedicated_instance": "#8C564B", "dedicated_host": "#CC79A7",
    "gp2": "#E69F00", "gp3": "#0072B2", "io1": "#D55E00", "io2": "#CC79A7",
    "st1": "#009E73", "sc1": "#56B4E9", "standard": "#7F7F7F",
    "gp2:requested": "#9C6B00",  # gp2 at the capacity asked for (dashed, a darker gp2)
    "lifecycle": "#0072B2", "no_lifecycle": "#D55E00", "intelligent_tiering": "#009E73",
    "lambda": "#E69F00", "ec2": "#0072B2", "lambda_duration": "#56B4E9",
    "break_even": "#CC79A7",
    "cheapest": "#009E73", "fastest": "#D55E00", "balanced": "#0072B2",
    "pass": "#2E8B57", "warn": "#E69F00", "fail": "#C0392B",
    # S3 classes are namespaced: "standard" is also an EBS volume type
    "s3:standard": "#0072B2", "s3:standard_ia": "#E69F00", "s3:intelligent_tiering": "#009E73",
    "s3:onezone_ia": "#F0E442", "s3:glacier_ir": "#56B4E9", "s3:glacier_flexible": "#CC79A7",
    "s3:deep_archive": "#555555", "s3:express_onezone": "#D55E00",
    "efs_storage": "#0072B2", "baseline": "#0072B2", "burst": "#E69F00", "required": "#C0392B",
    "link0": "#56B4E9", "link1": "#0072B2", "link2": "#009E73",
    # EC2 purchasing options (the page's main ones distinct; the rest shades of their kind:
    # Reserved standard blues, convertible purples, Compute SP orange/olive, EC2 Instance SP cyans)
    "reserved_standard_1yr_no_upfront": "#56B4E9",
    "reserved_standard_1yr_partial_upfront": "#3E8FC4",
    "reserved_standard_1yr_all_upfront": "#2B6FA0",
    "reserved_standard_3yr_no_upfront": "#0072B2",
    "reserved_standard_3yr_partial_upfront": "#1A4F8A",
    "reserved_standard_3yr_all_upfront": "#0B2E5E",
    "reserved_convertible_1yr_no_upfront": "#C39BD3",
    "reserved_convertible_1yr_partial_upfront": "#A87BC0",
    "reserved_convertible_1yr_all_upfront": "#8E5DAE",
    "reserved_convertible_3yr_no_upfront": "#9467BD",
    "reserved_convertible_3yr_partial_upfront": "#6C3F99",
    "reserved_convertible_3yr_all_upfront": "#4B2472",
    "savings_plan_compute_1yr_no_upfront": "#E69F00",
    "savings_plan_compute_1yr_partial_upfront": "#F2B84B",
    "savings_plan_compute_1yr_all_upfront": "#C98400",
    "savings_plan_compute_3yr_no_upfront": "#BCBD22",
    "savings_plan_compute_3yr_partial_upfront": "#9C9D12",
    "savings_plan_compute_3yr_all_upfront": "#7A7B00",
    "savings_plan_ec2_instance_1yr_no_upfront": "#7FDBE6",
    "savings_plan_ec2_instance_1yr_partial_upfront": "#5FCBD8",
    "savings_plan_ec2_instance_1yr_all_upfront": "#3FBCCB",
    "savings_plan_ec2_instance_3yr_no_upfront": "#17BECF",
    "savings_plan_ec2_instance_3yr_partial_upfront": "#1296A3",
    "savings_plan_ec2_instance_3yr_all_upfront": "#0C6E78",
    "credits:balance": "#0072B2", "credits:surplus": "#D55E00", "credits:max": "#7F7F7F",
}


def colour(key: str) -> str:
    """The colour of ``key`` (an option id): fixed for known ids, stable hash otherwise."""
    if key in FIXED:
        return FIXED[key]
    return _BASE[zlib.crc32(key.encode()) % len(_BASE)]


def qcolour(key: str) -> QColor:
    return QColor(colour(key))


def is_dark() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def chart_colours() -> tuple[str, str]:
    """(background, foreground) for charts, following the system's light or dark mode."""
    return ("#1e1e1e", "#dddddd") if is_dark() else ("#ffffff", "#202020")
