"""The explain panel: the rules behind a result and the price rows it used, with dates.

The prices are the result's own ``prices_used`` (:class:`calc.report.PriceUsed`): the panel
only formats them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QTextBrowser

from calc.fields import basis_label
from calc.pricing import Catalog, Limit
from calc.report import PriceUsed
from gui import format as fmt


def explain_html(catalog: Catalog, rule_ids: Sequence[str], prices: Iterable[PriceUsed],
                 *, basis: str = "aws_today", summary: str = "") -> str:
    parts = []
    if summary:
        parts.append(f"<p><b>{html.escape(summary)}</b></p>")
    parts.append("<h4>Rules</h4><ul>")
    for rid in rule_ids:
        limits: list[Limit] = catalog.limits.for_rule(rid)
        parts.append(f"<li><b>{rid}</b>")
        if limits:
            parts.append("<ul>")
            for lim in limits:
                text = html.escape(lim.explain())
                if lim.differs:
                    text = f"<span style='color:#b35900'>{text}</span>"
                parts.append(f"<li>{text} <small>(notes {html.escape(lim.notes_line)})</small>"
                             "</li>")
            parts.append("</ul>")
        parts.append("</li>")
    parts.append("</ul>")
    basis_text = basis_label(basis)
    parts.append(f"<p><small>Limits used: {basis_text}. Where the notes and AWS today differ "
                 "the line is highlighted.</small></p>")
    rows = list(prices)
    if rows:
        parts.append("<h4>Prices used</h4><table cellpadding=2>"
                     "<tr><th align=left>price</th><th align=right>USD</th>"
                     "<th align=left>as of</th><th align=left>source</th></tr>")
        for p in rows:
            parts.append(f"<tr><td>{html.escape(p.what)}</td><td align=right>"
                         f"{html.escape(_price_text(p))}</td><td>{p.as_of}</td>"
                         f"<td><small>{html.escape(p.source)}</small></td></tr>")
        parts.append("</table>")
        lo, hi = catalog.as_of_range
        parts.append(f"<p><small>Prices from the {html.escape(catalog.label)} snapshot "
                     f"({lo} to {hi}).</small></p>")
    return "".join(parts)


def _price_text(p: PriceUsed) -> str:
    if p.usd_per_unit is None and p.note:
        return p.note
    text = fmt.rate(p.usd_per_unit, p.unit)
    return f"{text} {p.note}" if p.note else text


class ExplainPanel(QTextBrowser):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("explain_panel")
        self.setOpenExternalLinks(False)
        self.setMinimumHeight(160)
        self._html = ""

    def show_html(self, html_text: str) -> None:
        """Show ``html_text``; most edits keep the same rules and prices, and laying the
        HTML out again costs ~10 ms, so an unchanged text is skipped."""
        if html_text != self._html:
            self._html = html_text
            self.setHtml(html_text)
