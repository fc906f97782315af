"""The delegations pages in any of the six languages: every text goes through a catalogue,
names typed by users are isolated from the sentence around them, times are the meeting's."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from ccm_portal.audit.services import log_action
from delegations import selectors_lists
from delegations.audit_actions import AUDIT_ACTIONS
from tests.factories import DelegationFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "delegations" / "templates"

# Left in the source on purpose: a document symbol is the same in every language.
UNTRANSLATED: set[tuple[str, str]] = set()

_TRANSLATED = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}|{%\s*trans(?:late)?\b.*?%}", re.S
)
_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_STYLE_SCRIPT = re.compile(r"<(style|script)\b.*?</\1>", re.S)
_TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_TEXT_ATTRIBUTE = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')
_FILTER_LITERAL = re.compile(r'{{[^}]*\|(?:default|yesno):"([^"]*[A-Za-z][^"]*)"')
_WORD = re.compile(r"[A-Za-z]{2,}")


def untranslated_text(source: str) -> list[str]:
    """Text a reader would see that is outside {% translate %} and {% blocktranslate %}."""
    source = _STYLE_SCRIPT.sub(" ", _COMMENTS.sub(" ", source))
    found = _FILTER_LITERAL.findall(source)
    source = _TEMPLATE_SYNTAX.sub(" ", _TRANSLATED.sub(" ", source))
    found += [value for value in _TEXT_ATTRIBUTE.findall(source) if _WORD.search(value)]
    found += [value for value in re.findall(r'<option[^>]*\bvalue="([^"]*)"', source) if _WORD.search(value)]
    text = re.sub(r"&[a-z]+;", " ", re.sub(r"<[^>]*>", "\n", source))
    found += [" ".join(line.split()) for line in text.split("\n") if _WORD.search(line)]
    return found


def test_the_scanner_finds_text_outside_translate_tags():
    source = (
        '<p title="Hover me">{% translate "Kept" %} Left out {{ name }}</p>'
        '{% blocktranslate %}In {{ x }}{% endblocktranslate %}<option value="Mr.">'
    )

    assert untranslated_text(source) == ["Hover me", "Mr.", "Left out"]


def test_no_delegations_template_shows_text_outside_translate_tags():
    left = [
        (str(path.relative_to(TEMPLATES)), text)
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for text in untranslated_text(path.read_text())
    ]

    assert [entry for entry in left if entry not in UNTRANSLATED] == []


def test_arabic_page_isolates_the_names_inside_its_sentence(client, delegation, focal_point):
    participant = ParticipantFactory(delegation=delegation, title="Mr.", given_name="محمد", family_name="Ali")
    client.force_login(focal_point)
    with translation.override("ar"):
        url = reverse("delegations:participant_remove", args=[delegation.pk, participant.pk])

    page = client.get(url).content.decode()

    assert url.startswith("/ar/")
    assert 'dir="rtl"' in page
    assert f"<bdi>{participant.display_name}</bdi>" in page
    assert "<bdi>France</bdi>" in page


def test_registration_page_gives_the_deadline_in_the_meeting_time_zone(client, focal_point):
    meeting = MeetingFactory(
        time_zone="Asia/Vientiane", registration_deadline=dt.datetime(2030, 11, 8, 20, 0, tzinfo=dt.UTC)
    )
    client.force_login(focal_point)

    page = client.get(reverse("delegations:register", args=[meeting.slug])).content.decode()

    assert "Registration deadline 9 November 2030, 03:00 (Asia/Vientiane)" in page
    assert "UTC" not in page


def test_one_bulk_decision_is_announced_in_the_singular(client, secretariat, meeting):
    submitted = DelegationFactory(meeting=meeting, status="submitted", country="AT", sort_name="Austria")
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:dashboard", args=[meeting.slug]), {"delegations": [submitted.pk], "decision": "approve"}
    )

    assert [str(message) for message in get_messages(response.wsgi_request)] == ["1 decision recorded."]


def test_staff_list_gives_badge_print_times_in_the_meeting_time_zone():
    meeting = MeetingFactory(time_zone="Asia/Vientiane")
    participant = ParticipantFactory(
        delegation=DelegationFactory(meeting=meeting, status="approved"),
        status="approved",
        badge_printed_at=dt.datetime(2010, 11, 8, 20, 0, tzinfo=dt.UTC),
    )

    (row,) = selectors_lists.staff_rows([participant], meeting)

    assert row["badge"] == "9 Nov 2010 03:00"
    assert row["arrived"] == "—"


def _logged_actions() -> set[str]:
    """Every action the delegations services write to the audit trail (the action= of log_action)."""
    actions = set()
    for name in ("services.py", "services_lists.py"):
        tree = ast.parse((TEMPLATES.parent / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "log_action":
                for keyword in node.keywords:
                    if keyword.arg != "action":
                        continue
                    # The strings of the expression, not the keys it reads (counts["reprints"]).
                    keys = {id(n.slice) for n in ast.walk(keyword.value) if isinstance(n, ast.Subscript)}
                    actions |= {
                        c.value
                        for c in ast.walk(keyword.value)
                        if isinstance(c, ast.Constant) and isinstance(c.value, str) and id(c) not in keys
                    }
    return actions


def test_every_audit_action_of_delegations_has_a_translatable_label():
    actions = _logged_actions()

    assert "approved participant" in actions  # the scan finds them
    assert "checked in" in actions
    assert actions - set(AUDIT_ACTIONS) == set()


def test_the_history_shows_each_action_through_its_label(client, secretariat, delegation, monkeypatch):
    log_action(trail=delegation.trail, actor=secretariat, action="submitted", subject=delegation)
    client.force_login(secretariat)
    monkeypatch.setitem(AUDIT_ACTIONS, "submitted", "sent to the secretariat")

    page = client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    assert "sent to the secretariat <bdi>France</bdi>" in page
