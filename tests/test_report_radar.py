"""The server-drawn radar chart."""

import re

from webapp.reports.radar import Series, radar_svg

AXES = [("a", "Professional knowledge"), ("b", "Skill match"), ("c", "Communication"), ("d", "Presence")]


def test_one_series_draws_measured_axes_and_labels_every_value():
    svg = str(radar_svg(AXES, [Series("Ada", {"a": 80, "b": 40, "c": 100, "d": None})], title="Radar"))
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "<title>Radar</title>" in svg
    polygons = re.findall(r'<polygon points="([^"]+)" fill="#', svg)
    assert len(polygons) == 1 and len(polygons[0].split()) == 3  # the unmeasured axis is skipped, not drawn at 0
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert {"80", "40", "100", "—"} <= set(texts)
    assert "Professional" in svg and "knowledge" in svg  # long labels wrap onto two lines


def test_overlay_has_a_legend_with_distinct_dashes_and_escapes_names():
    series = [Series("<b>One</b>", {"a": 50, "b": 50, "c": 50}), Series("Two", {"a": 90, "b": 20, "c": 60})]
    svg = str(radar_svg(AXES[:3], series, legend=True))
    assert "&lt;b&gt;One&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'stroke-dasharray="6 3"' in svg
    assert svg.count('stroke-width="3"') == 2  # one legend line per series


def test_too_few_axes_draw_nothing():
    assert str(radar_svg(AXES[:2], [Series("x", {"a": 1, "b": 2})])) == ""
