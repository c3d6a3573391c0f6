"""Chart read-outs and exports as a person meets them (issue 14): the mouse moved over the plot
(QTest), the data changed through the form, the mouse leaving, File > Export chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui import format as fmt
from gui.charts import EXPORT_MIN_WIDTH_PX, LineChart
from tests.gui.helpers import type_into


@pytest.fixture
def ec2(make_page, qtbot):  # type: ignore[no-untyped-def]
    page = make_page("ec2")
    page.set_region("us-east-1")
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    page.chart_tabs.setCurrentWidget(page.cost_chart)
    qtbot.wait(50)  # the layout settles
    return page


def _point_of(chart: LineChart, x: float, y: float) -> QPoint:
    """Where data point (x, y) is on the chart widget."""
    scene = chart.getPlotItem().vb.mapViewToScene(QPointF(x, y))
    return chart.mapFromScene(scene)


def _hover(qtbot: Any, chart: LineChart, x: float, y: float) -> str:
    """Move the mouse to data point (x, y) (from one pixel away, so Qt sees a move)."""
    target = _point_of(chart, x, y)
    QTest.mouseMove(chart.viewport(), target + QPoint(1, 1))
    QTest.mouseMove(chart.viewport(), target)
    qtbot.waitUntil(chart.hover.isVisible, timeout=3000)
    qtbot.wait(30)  # the read-out is placed when the view next paints
    return str(chart.hover.toPlainText())


def test_hover_reads_the_nearest_month_in_the_axis_words(ec2, qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = ec2.cost_chart
    months, od = chart.series_data("on_demand")
    # the mouse a little right of month 19: the read-out is month 19's, not the next point's
    text = _hover(qtbot, chart, 19.3, float(od[19]) * 0.5)
    first, *rest = text.splitlines()
    assert first == "Month 19"
    assert f"On-Demand: {fmt.money(float(od[19]))}" in rest
    assert "x =" not in text
    assert chart.hover_line.isVisible() and chart.hover_line.value() == 19


def test_hover_stays_inside_the_plot_and_clear_of_the_legend(ec2, qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = ec2.cost_chart
    months, od = chart.series_data("on_demand")
    for x in (0.2, 18, 35.8):  # left edge, middle, right edge
        _hover(qtbot, chart, x, float(od[int(round(x))]))
        box = chart.hover.sceneBoundingRect()
        plot = chart.getPlotItem().vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
        assert plot.contains(box), (x, box, plot)
        assert not box.intersects(chart.legend.sceneBoundingRect()), x


def test_hover_hides_when_the_mouse_leaves(ec2, qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = ec2.cost_chart
    _hover(qtbot, chart, 10, 100)
    QApplication.sendEvent(chart, QEvent(QEvent.Type.Leave))
    assert not chart.hover.isVisible() and not chart.hover_line.isVisible()
    # over the left axis, outside the plot area: no read-out either
    _hover(qtbot, chart, 12, 200)
    plot = chart.getPlotItem().vb.sceneBoundingRect()
    QTest.mouseMove(chart.viewport(),
                    chart.mapFromScene(QPointF(plot.left() - 20, plot.center().y())))
    qtbot.waitUntil(lambda: not chart.hover.isVisible(), timeout=3000)


def test_hover_hides_on_a_new_result_and_then_reads_the_new_data(ec2, qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = ec2.cost_chart
    _, od_before = chart.series_data("on_demand")
    before = _hover(qtbot, chart, 19, float(od_before[19]))
    type_into(qtbot, ec2, "instance_type", "r6g.xlarge")
    type_into(qtbot, ec2, "count", "3")
    assert not chart.hover.isVisible(), "the old figures stayed over the new lines"
    _, od_after = chart.series_data("on_demand")
    assert od_after[19] != od_before[19]
    qtbot.wait(50)  # the view ranges over the new lines
    after = _hover(qtbot, chart, 19, float(od_after[19]) / 2)
    assert after != before and f"On-Demand: {fmt.money(float(od_after[19]))}" in after


def test_exported_chart_is_wide_titled_and_has_no_read_out(ec2, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = ec2.cost_chart
    caption = ec2.chart_caption()
    # the inputs, the Region and the price dates
    for words in ("t3.large", "Instances 1", "Horizon 36 months", "us-east-1", "prices as of 20"):
        assert words in caption, words
    plain = tmp_path / "plain.png"
    ec2.export_chart_png(chart, plain)
    _hover(qtbot, chart, 12, 300)
    hovered = tmp_path / "hovered.png"
    assert chart.hover.isVisible()
    ec2.export_chart_png(chart, hovered)
    assert hovered.read_bytes() == plain.read_bytes(), "the hover read-out got into the PNG"
    image = QImage(str(plain))
    assert image.width() >= EXPORT_MIN_WIDTH_PX
    ratio = image.width() / chart.width()
    assert image.height() > chart.height() * ratio, "no room for the caption above the chart"
    # the chart on screen keeps its size (the export does not re-layout it)
    assert chart.getPlotItem().sceneBoundingRect().width() == chart.viewport().width()
