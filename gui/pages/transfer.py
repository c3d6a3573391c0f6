"""EFS & data transfer page: EFS cost by class mix and whether bursting throughput is enough;
days to move data over the network against the one-week rule and the Snow devices needed.

Both calculators run on every edit; the results table shows the one chosen in "Table"
(the same rows as ``python -m calc efs cost`` or ``python -m calc transfer plan``).
"""

from __future__ import annotations

from typing import Any, Literal

import pyqtgraph as pg
from pydantic import BaseModel, ConfigDict, Field

from calc.efs import api as efs_api
from calc.efs.api import EfsCostInput, EfsCostResult
from calc.fields import BASIS_LABELS
from calc.report import Output
from calc.transfer import api as transfer_api
from calc.transfer.api import TransferInput, TransferPlan
from gui import format as fmt
from gui.charts import BarChart, LineChart
from gui.explain import explain_html
from gui.form import FieldSpec
from gui.pages.calculator import CalculatorPage


class EfsTransferInput(BaseModel):
    """The page's inputs: an EFS file system and a data transfer, each a calc model."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    region: str = Field("us-east-1", description="AWS Region code")
    efs: EfsCostInput
    transfer: TransferInput
    table: Literal["efs", "transfer"] = Field(
        "efs", description="which calculator's rows the results table shows")


def _tip(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or ""


def _efs(name: str, label: str, kind: str = "number", **kw: Any) -> FieldSpec:
    return FieldSpec(f"efs_{name}", label, kind, tooltip=_tip(EfsCostInput, name), **kw)


def _tr(name: str, label: str, kind: str = "number", **kw: Any) -> FieldSpec:
    return FieldSpec(f"transfer_{name}", label, kind, tooltip=_tip(TransferInput, name), **kw)


THROUGHPUT = [(m, efs_api.MODE_LABELS[m]) for m in efs_api.THROUGHPUT_MODES]
RULE_IDS = ["EFS-BURST", "EFS-IA", "EFS-ONE-ZONE", "FSX-SCRATCH", "SNOW-RULE", "SNOW-DEVICES"]


class TransferPage(CalculatorPage):
    key = "transfer"
    title = "EFS & data transfer"
    intro = ("EFS: storage cost by class mix and whether bursting throughput is enough. "
             "Transfer: days over the network against the one-week rule, and Snow devices.")
    model_cls = EfsTransferInput
    field_specs = [
        FieldSpec("table", "Table shows", "choice",
                  [("efs", "EFS cost breakdown"), ("transfer", "Transfer: Snow devices")],
                  tooltip="Which calculator's rows the results table (and Export CSV) holds"),
        _efs("storage_gb", "EFS stored", unit="GB"),
        _efs("ia_percent", "EFS in Infrequent Access", unit="%"),
        _efs("archive_percent", "EFS in Archive", unit="%"),
        _efs("one_zone", "EFS One Zone", "bool"),
        _efs("ia_read_gb", "EFS read from IA", unit="GB/mo"),
        _efs("throughput_mode", "EFS throughput mode", "choice", choices=THROUGHPUT),
        _efs("required_mibps", "EFS throughput needed", unit="MiB/s"),
        _efs("provisioned_mibps", "EFS provisioned", unit="MiB/s", optional=True),
        _efs("elastic_read_gb", "EFS elastic reads", unit="GB/mo"),
        _efs("elastic_write_gb", "EFS elastic writes", unit="GB/mo"),
        _efs("hours", "EFS hours this month", unit="h", optional=True),
        _efs("month_days", "EFS days in the month", "integer", optional=True),
        _tr("data_tb", "Data to move", unit="TB"),
        _tr("bandwidth_mbps", "Link speed", unit="Mbit/s"),
        _tr("utilization", "Link share used", unit="0.01-1"),
        FieldSpec("basis", "Limits", "choice", list(BASIS_LABELS.items()),
                  tooltip="Limits as AWS states them today, or as the notes give them"),
    ]
    defaults = {"table": "efs", "efs_storage_gb": "1,000", "efs_ia_percent": "80",
                "efs_archive_percent": "0", "efs_one_zone": False, "efs_ia_read_gb": "0",
                "efs_throughput_mode": "bursting", "efs_required_mibps": "50",
                "efs_provisioned_mibps": "", "efs_elastic_read_gb": "0",
                "efs_elastic_write_gb": "0", "efs_hours": "", "efs_month_days": "",
                "transfer_data_tb": "100",
                "transfer_bandwidth_mbps": "1,000", "transfer_utilization": "0.8",
                "basis": "aws_today"}

    # -- form <-> model ---------------------------------------------------------------------
    def model_input(self, parsed: dict[str, Any]) -> dict[str, Any]:
        efs = {k[4:]: v for k, v in parsed.items() if k.startswith("efs_") and v is not None}
        tr = {k[9:]: v for k, v in parsed.items() if k.startswith("transfer_")}
        basis = parsed.get("basis", "aws_today")
        region = parsed.get("region", "us-east-1")
        return {"region": region, "table": parsed.get("table", "efs"),
                "efs": {**efs, "region": region, "basis": basis},
                "transfer": {**tr, "basis": basis}}

    def field_for(self, loc: str) -> str:
        head, _, rest = loc.partition(".")
        if head == "efs" and rest:
            return f"efs_{rest}"
        if head == "transfer" and rest:
            return f"transfer_{rest}"
        return loc

    # -- compute and draw -------------------------------------------------------------------
    def compute(self, model: EfsTransferInput
                ) -> tuple[Output, tuple[EfsCostResult, TransferPlan, str]]:
        efs_res = efs_api.cost(model.efs, catalog=self.catalog)
        tr_res = transfer_api.plan(model.transfer, catalog=self.catalog)
        out = efs_api.report(efs_res) if model.table == "efs" else transfer_api.report(tr_res)
        return out, (efs_res, tr_res, model.table)

    def build_charts(self) -> None:
        self.mix_chart = LineChart("EFS storage cost by Infrequent Access share",
                                   "Share in Infrequent Access (%)",
                                   "Storage cost (USD per month)", name="chart_efs_class_mix")
        self.burst_chart = LineChart("EFS bursting throughput by data in Standard",
                                     "Data in EFS Standard (GB)", "Throughput (MiB/s)",
                                     name="chart_efs_burst", y_money=False)
        self.days_chart = BarChart("Days to transfer over the network", "Days",
                                   name="chart_transfer_days")
        self.week_line = pg.InfiniteLine(angle=0, movable=False,
                                         pen=pg.mkPen("#C0392B", width=2,
                                                      style=pg.QtCore.Qt.PenStyle.DashLine),
                                         label="one week", labelOpts={"position": 0.95})
        self.days_chart.addItem(self.week_line)
        self.add_chart(self.mix_chart, "EFS class mix")
        self.add_chart(self.burst_chart, "EFS throughput")
        self.add_chart(self.days_chart, "Transfer days")

    def draw(self, output: Output, extra: tuple[EfsCostResult, TransferPlan, str]) -> None:
        efs, plan, _table = extra
        mix = efs.class_mix
        self.mix_chart.set_series(
            {"efs_storage": (mix["ia_percent"].tolist(),
                             mix["storage_usd_per_month"].tolist())},
            {"efs_storage": "Storage cost"})
        model = self.presenter.model
        assert isinstance(model, EfsTransferInput)
        current = mix[mix["current"]].iloc[0]
        self.mix_chart.set_markers([(float(current["ia_percent"]),
                                     float(current["storage_usd_per_month"]), "efs_storage",
                                     f"{current['ia_percent']:g}% in IA: "
                                     f"{fmt.money(current['storage_usd_per_month'])} a month")])
        b = efs.burst
        x = b["standard_gb"].tolist()
        self.burst_chart.set_series(
            {"baseline": (x, b["baseline_mibps"].tolist()),
             "burst": (x, b["burst_mibps"].tolist()),
             "required": (x, b["required_mibps"].tolist())},
            {"baseline": f"Baseline ({fmt.number(efs.baseline_mibps_per_tib)} MiB/s per TiB)",
             "burst": "Burst",
             "required": "Needed"}, dashed=["required"])
        opts = plan.options
        self.days_chart.set_bars(
            [f"link{i}" for i in range(len(opts))], opts["days"].tolist(),
            opts["option"].tolist(),
            tips=[f"{o}: {fmt.number(d, 1)} days" for o, d in zip(opts["option"], opts["days"],
                                                                     strict=True)])
        self.week_line.setValue(plan.one_week_days)
        t = efs.throughput
        enough = "enough" if efs.bursting_enough else "not enough"
        self.summary.setText(
            (f"<b>EFS</b>: {fmt.money(efs.usd_per_month)} a month" if efs.complete
             else f"<b>EFS</b>: unknown - {'; '.join(efs.missing)}")
            + f"; bursting is {enough} (baseline {fmt.number(t['baseline_mibps'], 1)} MiB/s, "
              f"needed {fmt.number(t['required_mibps'])} MiB/s)."
            + f"<br><b>Transfer</b>: {fmt.number(plan.network_days, 1)} days over the network"
            + (" - more than a week: use the Snow Family." if plan.recommend_snow
               else " - within a week: use the network."))
        self.explain.show_html(explain_html(
            self.catalog, RULE_IDS, [*efs.prices_used, *plan.prices_used],
            basis=model.efs.basis, summary="; ".join([*efs.notes[:1], *plan.notes[:1]])))
