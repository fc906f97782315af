"""The account, log-in, password, meeting and privacy templates show no text outside translate tags."""

from pathlib import Path

import pytest

from tests.delegations.test_translation import untranslated_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "folder",
    [
        "ccm_portal/accounts/templates",
        "ccm_portal/meetings/templates",
        "ccm_portal/privacy/templates",
        "templates/registration",
        "templates/errors",
        "templates/pdf",
    ],
)
def test_no_template_shows_text_outside_translate_tags(folder):
    templates = ROOT / folder
    left = [
        (str(path.relative_to(templates)), text)
        for path in sorted(templates.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for text in untranslated_text(path.read_text())
    ]

    assert left == []
