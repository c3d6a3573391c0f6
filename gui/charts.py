"""Chart widgets (pyqtgraph). Items are created once and updated in place with setData.

Every series is keyed by an option id, so it keeps its colour (:mod:`gui.palette`) in every
chart. Hovering shows the values at the data point nearest the cursor, in the x axis's own words
("Month 19", "Memory 1,024 MB"), in a corner of the plot the legend leaves free (inside the
plot, never over the legend), with a line marking the x read; it hides when the mouse leaves and on
every new result, and is never part of an exported image. Currency is in the axis label text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from gui import format as fmt
from gui.palette import chart_colours, colour


class NumberAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """Tick labels with thousands separators ("12,000", "1,500,000"), never "x1e+09" or an SI
    prefix: a cost axis reads like the table beside it."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        decimals = max(0, -int(np.floor(np.log10(spacing)))) if spacing > 0 else 0
        decimals = min(decimals, 6)
        return [f"{v * scale:,.{decimals}f}" for v in values]


class Chart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """A PlotWidget with a title, axis labels, a legend and a hover read-out."""

    def __init__(self, title: str, x_label: str, y_label: str, *, name: str) -> None:
        bg, fg = chart_colours()
        super().__init__(background=bg, axisItems={"left": NumberAxis("left"),
                                                    "bottom": NumberAxis("bottom")})
        self.setObjectName(name)
        self.setTitle(title, color=fg, size="11pt")
        self.x_label = x_label
        self.setLabel("bottom", x_label, color=fg)
        self.setLabel("left", y_label, color=fg)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.legend = self.addLegend(offset=(10, 10), labelTextColor=fg)
        self.hover = pg.TextItem(color=fg, anchor=(1, 0), fill=pg.mkBrush(bg + "e6"),
                                 border=pg.mkPen(fg + "55"))
        self.hover.setZValue(100)
        self.hover.hide()
        self.addItem(self.hover, ignoreBounds=True)
        self.hover_line = pg.InfiniteLine(angle=90, movable=False,
                                          pen=pg.mkPen(fg + "66", width=1))
        self.hover_line.setZValue(90)
        self.hover_line.hide()
        self.addItem(self.hover_line, ignoreBounds=True)
        self.setMinimumHeight(220)

    # -- hover read-out ---------------------------------------------------------------------
    def x_words(self, x: float) -> str:
        """``x`` in the x axis's words: "Month 19" for "Month", "Memory 1,024 MB" for
        "Memory (MB)"."""
        m = re.fullmatch(r"\s*(.*?)\s*\((.+)\)\s*", self.x_label)
        name, unit = (m.group(1), m.group(2)) if m else (self.x_label, "")
        value = fmt.number(x, 0 if float(x).is_integer() else 2)
        return " ".join(part for part in (name or "x", value, unit) if part)

    def show_hover(self, x: float, lines: Sequence[str]) -> None:
        """The read-out ``lines`` for data x ``x``, in a corner of the plot (top right first)
        that the legend does not cover, so it is never clipped and never hides the legend."""
        vb = self.getPlotItem().vb
        self.hover.setText("\n".join(lines))
        size = self.hover.textItem.boundingRect()  # pixels: the read-out ignores zooming
        plot = vb.sceneBoundingRect()
        legend = self.legend.sceneBoundingRect() if self.legend.isVisible() else None
        corners = [((1, 0), plot.topRight()), ((0, 0), plot.topLeft()),
                   ((1, 1), plot.bottomRight()), ((0, 1), plot.bottomLeft())]
        for anchor, point in corners:
            box = QRectF(point.x() - anchor[0] * size.width(),
                         point.y() - anchor[1] * size.height(), size.width(), size.height())
            if legend is None or not box.adjusted(1, 1, -1, -1).intersects(legend):
                break
        self.hover.setAnchor(anchor)
        self.hover.setPos(vb.mapSceneToView(point))
        self.hover_line.setPos(x)
        self.hover.show()
        self.hover_line.show()

    def hide_hover(self) -> None:
        self.hover.hide()
        self.hover_line.hide()

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        self.hide_hover()
        super().leaveEvent(event)


class LineChart(Chart):
    """Several x/y series (one per option id) with optional point markers."""

    def __init__(self, title: str, x_label: str, y_label: str, *, name: str,
                 y_money: bool = True) -> None:
        super().__init__(title, x_label, y_label, name=name)
        self.y_money = y_money
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.markers = pg.ScatterPlotItem(size=11, hoverable=True, tip=self._marker_tip,
                                          pen=pg.mkPen("k"), symbol="d")
        self.markers.setZValue(50)
        self.addItem(self.markers)
        self._data: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._on_mouse)

    def set_series(self, series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
                   labels: Mapping[str, str] | None = None, *,
                   dashed: Sequence[str] = ()) -> None:
        labels = labels or {}
        self.hide_hover()  # a new result: the read-out of the old one would lie
        for key, (x, y) in series.items():
            xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
            item = self.lines.get(key)
            style = Qt.PenStyle.DashLine if key in dashed else Qt.PenStyle.SolidLine
            pen = pg.mkPen(colour(key), width=2, style=style)
            if item is None:
                item = self.plot(xs, ys, pen=pen, name=labels.get(key, key))
                self.lines[key] = item
            else:
                item.setData(xs, ys)
                item.setPen(pen)
                item.show()
            self._data[key] = (xs, ys)
        for key, item in self.lines.items():
            if key not in series:
                item.hide()
                self._data.pop(key, None)
                self.legend.removeItem(item)
            elif self.legend.getLabel(item) is None:
                self.legend.addItem(item, labels.get(key, key))
            elif key in labels and self.legend.getLabel(item).text != labels[key]:
                self.legend.getLabel(item).setText(labels[key])  # e.g. another instance type

    def clear_data(self) -> None:
        """No series and no markers (e.g. while the inputs are invalid)."""
        self.set_series({})
        self.set_markers([])

    def set_markers(self, points: Sequence[tuple[float, float, str, str]]) -> None:
        """Markers as (x, y, option id, tooltip)."""
        self.markers.setData(
            x=[p[0] for p in points], y=[p[1] for p in points],
            brush=[pg.mkBrush(colour(p[2])) for p in points], data=[p[3] for p in points])

    def _marker_tip(self, x: float, y: float, data: object) -> str:
        return str(data)

    def series_data(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        return self._data[key]

    def _on_mouse(self, event: tuple[object]) -> None:
        pos = event[0]
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(pos) or not self._data:
            self.hide_hover()
            return
        x = self.nearest_x(vb.mapSceneToView(pos).x())
        if x is None:
            self.hide_hover()
            return
        lines = [self.x_words(x)]
        for key, (xs, ys) in self._data.items():
            i = _at(xs, x)
            if i is not None:
                v = ys[i]
                lines.append(f"{self.legend_label(key)}: "
                             f"{fmt.money(v) if self.y_money else fmt.number(v)}")
        self.show_hover(x, lines[:12])

    def nearest_x(self, x: float) -> float | None:
        """The data x nearest ``x`` over every series (the point the read-out shows)."""
        xs = [xs for xs, _ys in self._data.values() if len(xs)]
        if not xs:
            return None
        every = np.unique(np.concatenate(xs))
        return float(every[int(np.argmin(np.abs(every - x)))])

    def legend_label(self, key: str) -> str:
        item = self.lines.get(key)
        label = self.legend.getLabel(item) if item is not None else None
        return label.text if label is not None else key


class BarChart(Chart):
    """Bars at integer x, one per category (option id), with hover tips."""

    def __init__(self, title: str, y_label: str, *, name: str) -> None:
        super().__init__(title, "", y_label, name=name)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.addItem(self.bars)
        self.tops = pg.ScatterPlotItem(size=14, hoverable=True, pen=None,
                                       brush=pg.mkBrush(0, 0, 0, 0), tip=self._tip)
        self.addItem(self.tops)
        self.legend.hide()
        self.keys: list[str] = []
        self.heights: list[float] = []

    def clear_data(self) -> None:
        self.set_bars([], [], [])

    def set_bars(self, keys: Sequence[str], heights: Sequence[float],
                 labels: Sequence[str], *, greyed: Sequence[bool] | None = None,
                 tips: Sequence[str] | None = None) -> None:
        self.hide_hover()
        greyed = greyed or [False] * len(keys)
        xs = list(range(len(keys)))
        hs = [0.0 if fmt.is_missing(h) else float(h) for h in heights]
        brushes = [pg.mkBrush("#c8c8c8") if g else pg.mkBrush(colour(k))
                   for k, g in zip(keys, greyed, strict=True)]
        self.bars.setOpts(x=xs, height=hs, width=0.6, brushes=brushes)
        tips = tips or [f"{lab}: {fmt.money(h)}" for lab, h in zip(labels, hs, strict=True)]
        self.tops.setData(x=xs, y=hs, data=list(tips))
        self.getAxis("bottom").setTicks([list(zip(xs, labels, strict=True))])
        self.keys, self.heights = list(keys), hs
        self.enableAutoRange()

    def _tip(self, x: float, y: float, data: object) -> str:
        return str(data)


class StackedAreaChart(Chart):
    """Stacked areas, one band per key (created once, in a fixed order).

    Each band is its cumulative top curve filled down to zero, drawn so that lower bands
    paint over higher ones (opaque fills), which keeps the legend a plain curve legend.
    """

    def __init__(self, title: str, x_label: str, y_label: str, keys: Sequence[str],
                 labels: Mapping[str, str], *, name: str) -> None:
        super().__init__(title, x_label, y_label, name=name)
        self.keys = list(keys)
        self.tops: dict[str, pg.PlotDataItem] = {}
        self._labels = dict(labels)
        for z, key in enumerate(self.keys):
            top = pg.PlotDataItem([0.0], [0.0], pen=pg.mkPen(colour(key), width=1),
                                  fillLevel=0.0, brush=pg.mkBrush(colour(key)),
                                  name=labels.get(key, key))
            top.setZValue(-z)  # the first key is the bottom band, painted last
            self.addItem(top)
            self.tops[key] = top
        self.values: dict[str, np.ndarray] = {}
        self.x = np.array([])
        self._proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._on_mouse)
        self._labels = dict(labels)

    def clear_data(self) -> None:
        self.set_stack([], {})

    def set_stack(self, x: Sequence[float], values: Mapping[str, Sequence[float]]) -> None:
        """``values[key]`` per x; keys not given are zero bands."""
        self.hide_hover()
        self.x = np.asarray(x, dtype=float)
        total = np.zeros_like(self.x)
        self.values = {}
        for key in self.keys:
            v = np.asarray(values.get(key, np.zeros_like(self.x)), dtype=float)
            self.values[key] = v
            total = total + v
            item = self.tops[key]
            item.setData(self.x, total)
            used = bool(np.any(v > 0))
            item.setVisible(used)
            in_legend = self.legend.getLabel(item) is not None
            if used and not in_legend:
                self.legend.addItem(item, self._labels.get(key, key))
            elif not used and in_legend:
                self.legend.removeItem(item)
        self.enableAutoRange()

    def _on_mouse(self, event: tuple[object]) -> None:
        pos = event[0]
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(pos) or not len(self.x):
            self.hide_hover()
            return
        p = vb.mapSceneToView(pos)
        i = int(np.argmin(np.abs(self.x - p.x())))
        lines = [self.x_words(float(self.x[i]))]
        lines += [f"{self._labels.get(k, k)}: {fmt.number(v[i], 0)}"
                  for k, v in self.values.items() if v[i] > 0]
        self.show_hover(float(self.x[i]), lines)


class DualAxisLineChart(LineChart):
    """A :class:`LineChart` with a second y axis on the right for series in another unit
    (e.g. cost on the left, duration on the right). Right-axis series live in their own
    ViewBox that shares the x axis; they share the legend and the hover read-out."""

    def __init__(self, title: str, x_label: str, y_label: str, right_label: str, *,
                 name: str, y_money: bool = True) -> None:
        super().__init__(title, x_label, y_label, name=name, y_money=y_money)
        _bg, fg = chart_colours()
        plot = self.getPlotItem()
        self.right_vb = pg.ViewBox()
        plot.showAxis("right")
        plot.scene().addItem(self.right_vb)
        plot.getAxis("right").linkToView(self.right_vb)
        plot.getAxis("right").setLabel(right_label, color=fg)
        self.right_vb.setXLink(plot.vb)
        plot.vb.sigResized.connect(self._sync_views)
        self.right_lines: dict[str, pg.PlotDataItem] = {}
        self._right_data: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._right_labels: dict[str, str] = {}

    def _sync_views(self) -> None:
        vb = self.getPlotItem().vb
        self.right_vb.setGeometry(vb.sceneBoundingRect())
        self.right_vb.linkedViewChanged(vb, self.right_vb.XAxis)

    def set_right_series(self, series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
                         labels: Mapping[str, str] | None = None, *,
                         dashed: Sequence[str] = ()) -> None:
        """Series on the right axis, keyed by option id (created once, then setData)."""
        labels = labels or {}
        for key, (x, y) in series.items():
            xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
            style = Qt.PenStyle.DashLine if key in dashed else Qt.PenStyle.SolidLine
            pen = pg.mkPen(colour(key), width=2, style=style)
            item = self.right_lines.get(key)
            if item is None:
                item = pg.PlotDataItem(xs, ys, pen=pen)
                self.right_vb.addItem(item)
                self.right_lines[key] = item
            else:
                item.setData(xs, ys)
                item.setPen(pen)
                item.show()
            self._right_data[key] = (xs, ys)
            self._right_labels[key] = labels.get(key, key)
            label = self.legend.getLabel(item)
            if label is None:
                self.legend.addItem(item, self._right_labels[key])
            elif label.text != self._right_labels[key]:
                label.setText(self._right_labels[key])
        for key, item in self.right_lines.items():
            if key not in series:
                item.hide()
                self._right_data.pop(key, None)
                self.legend.removeItem(item)
        self.right_vb.enableAutoRange()

    def series_data(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        return self._right_data[key] if key in self._right_data else self._data[key]

    def clear_data(self) -> None:
        super().clear_data()
        self.set_right_series({})

    def _on_mouse(self, event: tuple[object]) -> None:
        super()._on_mouse(event)
        if not self.hover.isVisible() or not self._right_data:
            return
        x = self.hover_line.value()
        lines = [self.hover.toPlainText()]
        for key, (xs, ys) in self._right_data.items():
            i = _at(xs, x)
            if i is not None:
                lines.append(f"{self._right_labels[key]}: {fmt.number(ys[i])}")
        self.show_hover(x, lines)

    def nearest_x(self, x: float) -> float | None:
        xs = [xs for xs, _ys in [*self._data.values(), *self._right_data.values()] if len(xs)]
        if not xs:
            return None
        every = np.unique(np.concatenate(xs))
        return float(every[int(np.argmin(np.abs(every - x)))])


class HBarChart(BarChart):
    """A :class:`BarChart` lying down, for many categories or long names: one row per
    category (option id), its label on the left axis, the first category at the top. Same
    ``set_bars`` call; ``heights`` are the bar lengths along the x axis."""

    def __init__(self, title: str, x_label: str, *, name: str) -> None:
        super().__init__(title, "", name=name)
        _bg, fg = chart_colours()
        self.setLabel("bottom", x_label, color=fg)
        self.removeItem(self.bars)
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        self.addItem(self.bars)
        self.getViewBox().invertY(True)

    def set_bars(self, keys: Sequence[str], heights: Sequence[float],
                 labels: Sequence[str], *, greyed: Sequence[bool] | None = None,
                 tips: Sequence[str] | None = None) -> None:
        self.hide_hover()
        greyed = greyed or [False] * len(keys)
        ys = list(range(len(keys)))
        ws = [0.0 if fmt.is_missing(h) else float(h) for h in heights]
        brushes = [pg.mkBrush("#c8c8c8") if g else pg.mkBrush(colour(k))
                   for k, g in zip(keys, greyed, strict=True)]
        self.bars.setOpts(x0=[0.0] * len(ys), y=ys, width=ws, height=0.6, brushes=brushes)
        tips = tips or [f"{lab}: {fmt.money(w)}" for lab, w in zip(labels, ws, strict=True)]
        self.tops.setData(x=ws, y=ys, data=list(tips))
        axis = self.getAxis("left")
        axis.setTicks([list(zip(ys, labels, strict=True))])
        metrics = QFontMetrics(axis.style.get("tickFont") or self.font())
        axis.setWidth(max([metrics.horizontalAdvance(str(lab)) for lab in labels] or [0]) + 16)
        self.keys, self.heights = list(keys), ws
        self.enableAutoRange()


def _at(xs: np.ndarray, x: float) -> int | None:
    """The index of ``x`` in ``xs`` (a series read at a data x it has), or None."""
    if not len(xs):
        return None
    i = int(np.argmin(np.abs(xs - x)))
    return i if np.isclose(xs[i], x) else None


EXPORT_MIN_WIDTH_PX = 1600


def chart_png(chart: Chart, caption: str) -> bytes:
    """``chart`` as PNG bytes for File > Export chart: at least 1,600 px wide, at the
    screen's pixel ratio where that is more, with ``caption`` (the inputs, Region and price
    dates) above it and without the hover read-out (which describes the mouse, not the
    result). The chart on screen is not changed (its layout is not touched)."""
    chart.hide_hover()
    bg, fg = chart_colours()
    scale = max(chart.devicePixelRatioF(), EXPORT_MIN_WIDTH_PX / max(chart.width(), 1))
    width = round(chart.width() * scale)
    font = QFont(chart.font())
    font.setPixelSize(max(12, round(10 * scale)))
    margin = round(8 * scale)
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    text_box = QFontMetrics(font).boundingRect(0, 0, width - 2 * margin, 10_000, flags, caption)
    top = text_box.height() + 2 * margin if caption else 0
    image = QImage(width, top + round(chart.height() * scale),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(bg))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if caption:
        painter.setFont(font)
        painter.setPen(QColor(fg))
        painter.drawText(QRectF(margin, margin, width - 2 * margin, text_box.height()), flags,
                         caption)
    # the scene drawn as vectors into the larger image: lines and text stay sharp
    source = chart.mapToScene(chart.viewport().rect()).boundingRect()
    chart.scene().render(painter, QRectF(0, top, width, image.height() - top), source)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stub lacks str
        raise OSError("cannot render the chart as PNG")
    buffer.close()
    return bytes(data.data())
