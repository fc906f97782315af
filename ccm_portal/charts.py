"""Bar charts drawn on the server as inline SVG: readable without JavaScript, in pages and PDFs.

Why not a charting library: pygal and matplotlib write a <style> element (and pygal a
script) into the SVG, which the portal's Content-Security-Policy refuses on a page. Here
every colour and pattern is an SVG presentation attribute, so the same markup renders
under the CSP and in WeasyPrint, which does not read portal.css.

A chart is a list of rows (a label and one value per series). Each row's label sits on
its own line above its bars, so long category names fit a 390 px phone; the value is
written at the end of each bar, with the series' name when there are several, so no
reading depends on colour or on the legend. Every series also has its own fill pattern
(solid, hatched, dotted, cross-hatched), each at least 3:1 against white. In a
right-to-left language the chart is mirrored: labels and bars start from the right.

`bar_chart()` computes the geometry; `templates/charts/bar_chart.html` draws it.
"""

from dataclasses import dataclass, field
from itertools import count

from django.utils.formats import number_format
from django.utils.translation import get_language_bidi

# Drawing units; the SVG scales to its box (width 100%), and 400 keeps 14-unit text readable at 390 px.
WIDTH = 400
PAD = 4
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 12
# Room kept after the longest bar for its value (and series name).
VALUE_ROOM = 60
SERIES_VALUE_ROOM = 150

# (colour, pattern): dark enough to keep 3:1 against the white page (navy 11.3:1,
# teal 6.5:1, brown 6.8:1, plum 10.2:1), and told apart without colour by the pattern.
SERIES_LOOKS = [
    ("#1f3a68", "solid"),
    ("#00677f", "hatch"),
    ("#8a4b08", "dots"),
    ("#5c2d6e", "cross"),
]

_ids = count(1)


@dataclass
class Series:
    name: str
    colour: str
    pattern: str
    pattern_id: str


@dataclass
class Bar:
    x: float
    y: float
    width: float
    fill: str
    stroke: str
    value_x: float
    value_y: float
    text: str


@dataclass
class Row:
    label: str
    label_x: float
    label_y: float
    bars: list[Bar] = field(default_factory=list)
    # The values as the table alternative shows them.
    values: list[str] = field(default_factory=list)


@dataclass
class BarChart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    rtl: bool
    series: list[Series]
    rows: list[Row]
    axis_x: float
    empty: bool
    label_heading: str
    value_heading: str

    @property
    def has_legend(self) -> bool:
        return len(self.series) > 1


def _formatted(value: float, decimals: int) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals if decimals else None, use_l10n=True)


def bar_chart(
    *,
    title: str,
    description: str,
    rows: list[tuple[str, list[float]]],
    series: list[str] | None = None,
    label_heading: str = "",
    value_heading: str = "",
    decimals: int = 0,
    rtl: bool | None = None,
) -> BarChart:
    """The geometry of a horizontal bar chart of `rows` [(label, [value per series])].

    `series` names the values of each row (one unnamed series if None). `title` and
    `description` become the SVG's <title> and <desc>, its accessible name and description;
    `label_heading` and `value_heading` head the columns of the table shown with it.
    """
    rtl = get_language_bidi() if rtl is None else rtl
    chart_id = f"chart-{next(_ids)}"
    names = series or [""]
    looks = [SERIES_LOOKS[index % len(SERIES_LOOKS)] for index in range(len(names))]
    chart_series = [
        Series(name=str(name), colour=colour, pattern=pattern, pattern_id=f"{chart_id}-p{index}")
        for index, (name, (colour, pattern)) in enumerate(zip(names, looks, strict=True))
    ]
    several = len(names) > 1
    plot = WIDTH - 2 * PAD - (SERIES_VALUE_ROOM if several else VALUE_ROOM)
    largest = max((value for _label, values in rows for value in values), default=0) or 1

    def x_of(offset: float, width: float = 0) -> float:
        # Distance from the start edge (left, or right in RTL) to the SVG x coordinate.
        return WIDTH - PAD - offset - width if rtl else PAD + offset

    chart_rows = []
    y = PAD
    for label, values in rows:
        row = Row(label=str(label), label_x=x_of(0), label_y=y + LABEL_HEIGHT - 6)
        y += LABEL_HEIGHT
        for value, item in zip(values, chart_series, strict=True):
            width = round(plot * value / largest, 1)
            text = _formatted(value, decimals)
            row.values.append(text)
            if several:
                text = f"{text} {item.name}"
            fill = item.colour if item.pattern == "solid" else f"url(#{item.pattern_id})"
            row.bars.append(
                Bar(
                    x=round(x_of(0, width), 1),
                    y=y,
                    width=width,
                    fill=fill,
                    stroke=item.colour,
                    value_x=round(x_of(width + 4), 1),
                    value_y=y + BAR_HEIGHT - 4,
                    text=text,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        chart_rows.append(row)
        y += ROW_GAP
    return BarChart(
        chart_id=chart_id,
        title=str(title),
        description=str(description),
        width=WIDTH,
        height=max(int(y), 2 * PAD + LABEL_HEIGHT),
        rtl=rtl,
        series=chart_series,
        rows=chart_rows,
        axis_x=x_of(0),
        empty=not rows or all(value == 0 for _label, values in rows for value in values),
        label_heading=str(label_heading),
        value_heading=str(value_heading),
    )
