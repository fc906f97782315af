"""The programme's dates, times and counts follow the reader's language, by Django's named formats."""

import datetime as dt
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from ccm_portal.audit.templatetags.audit import audit_action
from sessions.slots import slot_label
from sessions.templatetags.sessions_extras import day_heading, minutes_label
from tests.delegations.test_translation import untranslated_text
from tests.factories import MeetingFactory

from .factories import MeetingSessionFactory, RoomFactory, local


def test_a_day_heading_has_the_weekday_and_the_date_in_the_language_of_the_page():
    day = dt.date(2010, 11, 10)

    with translation.override("en"):
        english = day_heading(day)
    with translation.override("fr"):
        french = day_heading(day)

    assert english == "Wednesday 10 November 2010"
    assert french == "mercredi 10 novembre 2010"


def test_the_french_programme_shows_french_days_and_local_times(client, db):
    meeting = MeetingFactory(
        time_zone="Asia/Vientiane", start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12)
    )
    room = RoomFactory(meeting=meeting, name="Plenary Hall")
    MeetingSessionFactory(
        meeting=meeting,
        room=room,
        title="Early briefing",
        starts_at=local(meeting, 1, 8, 30),
        ends_at=local(meeting, 1, 9, 30),
    )

    with translation.override("fr"):
        url = reverse("ccm_sessions:programme", args=[meeting.slug])
    html = client.get(url).content.decode()

    assert url.startswith("/fr/")
    assert "mercredi 10 novembre 2010" in html
    assert "Wednesday" not in html
    assert "08:30–09:30" in html
    assert "Asia/Vientiane" in html


def test_a_side_event_slot_is_labelled_in_the_language_of_the_form():
    with translation.override("en"):
        english = slot_label("2010-11-10/lunch")
    with translation.override("fr"):
        french = slot_label("2010-11-10/lunch")

    assert english == "Wednesday 10 November, lunchtime (13:15-14:45)"
    assert french.startswith("mercredi 10 novembre, ")
    assert french.endswith("(13:15-14:45)")


def test_speaking_time_labels_use_the_singular_for_one():
    with translation.override("en"):
        labels = [minutes_label(60), minutes_label(300), minutes_label(90), minutes_label("none")]

    assert labels == ["1 minute", "5 minutes", "90 seconds", ""]


def test_a_stored_audit_action_is_shown_through_the_catalogue_and_an_unknown_one_as_stored():
    with translation.override("en"):
        assert audit_action("moved speaker") == "moved speaker"
        assert audit_action("something new") == "something new"


TEMPLATES = Path(__file__).resolve().parents[2] / "sessions" / "templates"

# The <option> values of the "open a list" form are keys the view parses, not text.
UNTRANSLATED = {("ccm_sessions/speakers_index.html", "item: "), ("ccm_sessions/speakers_index.html", "session: ")}


def test_no_sessions_template_shows_text_outside_translate_tags():
    left = [
        (str(path.relative_to(TEMPLATES)), text)
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for text in untranslated_text(path.read_text())
    ]

    assert [entry for entry in left if entry not in UNTRANSLATED] == []
