"""The final report's pages say everything through the catalogue; the report itself is English."""

from pathlib import Path

from tests.delegations.test_translation import untranslated_text

TEMPLATES = Path(__file__).resolve().parents[2] / "proceedings" / "templates"


def test_no_proceedings_template_shows_text_outside_translate_tags():
    left = [
        (str(path.relative_to(TEMPLATES)), text)
        for path in sorted(TEMPLATES.rglob("*.html"))
        for text in untranslated_text(path.read_text())
    ]

    assert left == []
