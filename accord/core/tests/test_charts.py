"""The SVG charts: well-formed, accessible, escaped, CSP-safe, and calm with no data."""

import xml.etree.ElementTree as ET

import pytest

from accord.core.charts import bar_chart, format_value, line_chart, nice_ticks, sparkline

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "q"'


def parse(markup: str) -> ET.Element:
    svg = markup[: markup.index("</svg>") + len("</svg>")]
    return ET.fromstring(svg)


def assert_csp_safe(markup: str) -> None:
    assert "<style" not in markup
    assert "style=" not in markup
    assert "<script" not in markup


def series(values, label="Availability"):
    return [{"label": label, "points": [(f"P{i}", v) for i, v in enumerate(values)]}]


def test_line_chart_is_accessible_svg():
    markup = line_chart(series([1, 2, 3]), target=2.5, width=400, height=200, y_label="%", title="Trend")
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Trend"
    desc = root.find(f"{SVG}desc").text
    assert "latest 3" in desc and "Target: 2.5" in desc
    assert_csp_safe(markup)


def test_line_chart_gap_splits_the_line():
    root = parse(line_chart(series([1, 2, None, 4, 5]), width=400, height=200, y_label="n"))
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2
    assert all(len(line.get("points").split()) == 2 for line in lines)
    assert "1 period without a value" in root.find(f"{SVG}desc").text


def test_line_chart_lone_value_between_gaps_is_a_marker():
    root = parse(line_chart(series([None, 3, None]), width=400, height=200, y_label="n"))
    assert root.findall(f"{SVG}polyline") == []
    assert len(root.findall(f"{SVG}circle")) == 1


def test_line_chart_target_and_threshold_bands():
    markup = line_chart(
        series([90, 95, 99]),
        target={"value": 98, "label": "Goal"},
        thresholds=[
            {"low": 98, "high": None, "tone": "good", "label": "On track"},
            {"low": 95, "high": 98, "tone": "warn", "label": "At risk"},
            {"low": None, "high": 95, "tone": "bad", "label": "Off track"},
        ],
        width=400,
        height=200,
        y_label="%",
    )
    root = parse(markup)
    band_titles = [
        r.find(f"{SVG}title").text for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None
    ]
    assert band_titles == ["On track", "At risk", "Off track"]
    dashed = [line for line in root.findall(f"{SVG}line") if line.get("stroke-dasharray") == "8 4"]
    assert len(dashed) == 1
    assert "Goal" in markup


def test_every_label_is_escaped():
    markup = line_chart(
        [{"label": EVIL, "points": [(EVIL, 1), ("b", 2)]}, {"label": "other", "points": [("b", 3)]}],
        target={"value": 2, "label": EVIL},
        thresholds=[{"low": 0, "high": 1, "tone": "bad", "label": EVIL}],
        width=400,
        height=200,
        y_label=EVIL,
        title=EVIL,
        table=True,
    )
    assert "<script>" not in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == EVIL
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert EVIL in texts
    bars = bar_chart(
        [(EVIL, [1, 2])], series_labels=[EVIL, "b"], width=400, height=200, y_label=EVIL, table=True
    )
    assert "<script>" not in bars
    assert parse(bars).find(f"{SVG}title").text == EVIL
    spark = sparkline([1, 2], label=EVIL)
    assert "<script>" not in spark
    parse(spark)


def test_table_option_lists_the_figures():
    markup = line_chart(series([1, None, 3]), width=400, height=200, y_label="n", table=True)
    table = ET.fromstring(markup[markup.index("<table") :])
    rows = table.findall("./tbody/tr")
    assert [r.find("th").text for r in rows] == ["P0", "P1", "P2"]
    assert [r.find("td").text for r in rows] == ["1", "–", "3"]


@pytest.mark.parametrize("data", [[], series([]), series([None, None])])
def test_empty_line_chart_is_an_empty_state(data):
    markup = line_chart(data, width=300, height=150, y_label="x", title="Nothing")
    root = parse(markup)
    assert root.get("role") == "img"
    assert "No data" in "".join(root.itertext())


@pytest.mark.parametrize("groups", [[], [("A", [])], [("A", [None, None])]])
def test_empty_bar_chart_is_an_empty_state(groups):
    root = parse(
        bar_chart(groups, series_labels=["Expected", "Realised"], width=300, height=150, y_label="€")
    )
    assert "No data" in "".join(root.itertext())


def test_bar_chart_groups_and_negative_values():
    markup = bar_chart(
        [{"label": "Brightwave", "values": [100, 80]}, {"label": "Lumen", "values": [50, -20]}],
        series_labels=["Expected", "Realised"],
        width=400,
        height=240,
        y_label="€",
        table=True,
    )
    root = parse(markup)
    bars = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "Brightwave, Expected: 100",
        "Brightwave, Realised: 80",
        "Lumen, Expected: 50",
        "Lumen, Realised: -20",
    ]
    assert all(float(b.get("height")) > 0 for b in bars)
    assert "Lumen: Expected 50, Realised -20." in root.find(f"{SVG}desc").text
    assert_csp_safe(markup)


def test_sparkline():
    assert sparkline([]) == ""
    assert sparkline([None]) == ""
    root = parse(sparkline([1, None, 2, 3], label="KPI", target=2))
    assert root.get("role") == "img"
    assert len(root.findall(f"{SVG}polyline")) == 1  # [1] alone, then [2, 3]
    assert "latest 3" in root.get("aria-label")


def test_constant_series_and_ticks():
    parse(line_chart(series([5, 5, 5]), width=300, height=150, y_label="x"))
    ticks = nice_ticks(0, 97)
    assert ticks[0] == 0 and ticks[-1] >= 97
    assert nice_ticks(3, 3)[0] < 3 < nice_ticks(3, 3)[-1]
    assert format_value(2.0) == "2" and format_value(2.345) == "2.35" and format_value(None) == "–"


def test_many_periods_keep_labels_readable():
    values = list(range(60))
    root = parse(line_chart(series(values), width=640, height=200, y_label="n", max_x_labels=12))
    x_labels = [t for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("P")]
    assert len(x_labels) <= 13
    assert x_labels[-1].text == "P59"
