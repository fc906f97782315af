"""One way to write times: the language's named formats, in the meeting's zone, never a pattern
or a "UTC" label written into a template, nor strftime in the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["ccm_portal", "delegations", "sessions", "outcomes", "templates"]
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"}
NAMED |= {"MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT"}

DATE_FILTER = re.compile(r"\|(?:date|time):\s*(\"[^\"]*\"|'[^']*'|[\w.]+)")
UTC_LABEL = re.compile(r"\bUTC\b")
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def _templates():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*")):
            if path.suffix in {".html", ".txt"} and "templates" in path.parts:
                yield path, COMMENT.sub("", path.read_text(encoding="utf-8"))


def _python():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, path.read_text(encoding="utf-8")


def test_templates_format_dates_only_by_the_languages_named_formats():
    literal = []
    for path, text in _templates():
        for match in DATE_FILTER.finditer(text):
            argument = match.group(1).strip("\"'")
            if argument not in NAMED:
                literal.append(f"{path.relative_to(ROOT)}: {match.group(0)}")

    assert literal == []


def test_no_template_labels_a_time_utc_by_hand():
    labelled = [
        f"{path.relative_to(ROOT)}:{number}"
        for path, text in _templates()
        for number, line in enumerate(text.splitlines(), 1)
        if UTC_LABEL.search(line)
    ]

    assert labelled == []


def test_no_code_formats_a_time_with_strftime():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path, text in _python()
        for number, line in enumerate(text.splitlines(), 1)
        if "strftime(" in line
    ]

    assert found == []


def test_the_scanner_catches_a_pattern_and_a_utc_label():
    text = '{{ a|date:"j M Y" }} {{ b|date:"DATE_FORMAT" }} {{ c|time:"H:i" }} {{ d|date }} opens 10:00 UTC'

    arguments = [m.group(1).strip("\"'") for m in DATE_FILTER.finditer(text)]

    assert [a for a in arguments if a not in NAMED] == ["j M Y", "H:i"]
    assert UTC_LABEL.search(text)
