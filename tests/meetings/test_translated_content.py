"""A meeting's title, city and venue entered in each of its languages (issue 10 §2)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import translation

from ccm_portal.meetings.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "msp",
    "number": "1",
    "short_title": "1MSP",
    "slug": "1msp",
    "symbol_prefix": "CCM/MSP/2010",
    "country": "LA",
    "start_date": "2010-11-09",
    "end_date": "2010-11-12",
    "time_zone": "Asia/Vientiane",
    "registration_opens": "2010-08-01T00:00",
    "registration_deadline": "2010-10-15T17:00",
    "official_languages": ["en", "fr", "es"],
    "presiding_state": "LA",
    "is_published": "on",
}
ENGLISH = "First Meeting of States Parties to the Convention on Cluster Munitions"
FRENCH = "Première Assemblée des États parties à la Convention sur les armes à sous-munitions"


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def test_a_french_title_shows_on_french_pages_and_the_english_one_elsewhere(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        url("meetings:create"),
        {**FORM, "title_en": ENGLISH, "title_fr": FRENCH, "city_en": "Vientiane", "city_es": "Vientián"},
    )
    assert response.status_code == 302
    client.logout()

    french = client.get(url("meetings:detail", "1msp", language="fr")).content.decode()
    english = client.get(url("meetings:detail", "1msp")).content.decode()
    spanish = client.get(url("meetings:detail", "1msp", language="es")).content.decode()

    assert FRENCH in french
    assert ENGLISH in english
    assert FRENCH not in english
    assert ENGLISH in spanish  # no Spanish title: the English one
    assert "Vientián" in spanish
    assert "Vientiane" in french  # no French city: the English one


def test_the_meeting_list_in_french_shows_the_french_title(client):
    MeetingFactory(slug="1msp", title_en=ENGLISH, title_fr=FRENCH)

    html = client.get(url("meetings:list", language="fr")).content.decode()

    assert FRENCH in html
    assert ENGLISH not in html


def test_a_missing_translation_falls_back_and_the_text_is_never_blank():
    meeting = MeetingFactory(title_en=None, title_es="Primera Reunión de los Estados Partes")

    for language in ["en", "fr", "ar", "zh-hans"]:
        with translation.override(language):
            assert meeting.title == "Primera Reunión de los Estados Partes", language
    meeting.refresh_from_db()
    assert meeting.title_es == "Primera Reunión de los Estados Partes"


def test_the_form_requires_the_title_in_the_meetings_first_language(client, secretariat):
    client.force_login(secretariat)

    response = client.post(url("meetings:create"), {**FORM, "title_fr": FRENCH, "city_en": "Vientiane"})

    assert response.status_code == 200
    assert "title_en" in response.context["form"].errors
    assert "title_fr" not in response.context["form"].errors
    assert not Meeting.objects.filter(slug="1msp").exists()


def test_the_edit_form_has_one_input_per_official_language_with_the_saved_texts(client, secretariat):
    meeting = MeetingFactory(official_languages=["fr", "en"], title_en=ENGLISH, title_fr=FRENCH)
    client.force_login(secretariat)

    html = client.get(url("meetings:edit", meeting.slug)).content.decode()

    assert "Title (Français)" in html
    assert "Title (English)" in html
    assert 'name="title_es"' not in html
    assert 'name="title_ar"' not in html
    assert f'value="{FRENCH}"' in html
    # French first: its input comes first and is the required one.
    assert html.index('name="title_fr"') < html.index('name="title_en"')


def test_editing_in_french_keeps_the_english_title(client, secretariat):
    meeting = MeetingFactory(slug="1msp", title_en=ENGLISH)
    client.force_login(secretariat)

    response = client.post(
        url("meetings:edit", meeting.slug, language="fr"),
        {**FORM, "title_en": ENGLISH, "title_fr": FRENCH, "city_en": "Vientiane"},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.title_fr, meeting.title_es) == (ENGLISH, FRENCH, None)


def test_a_delegate_cannot_change_a_meetings_titles(client, focal_point, delegation):
    meeting = delegation.meeting
    client.force_login(focal_point)

    response = client.post(url("meetings:edit", meeting.slug), {**FORM, "slug": meeting.slug, "title_fr": "À moi"})

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title_fr is None


def test_the_migration_copies_each_meetings_existing_text_into_its_english_column():
    meeting = MeetingFactory(title_en="Old title", city_en="Geneva", venue_en="Palais des Nations")
    Meeting.objects.filter(pk=meeting.pk).update(title_en=None, city_en=None, venue_en=None)
    migration = importlib.import_module("ccm_portal.meetings.migrations.0005_translated_texts")
    # The models as the migration sees them: plain columns, without modeltranslation's rewriting.
    historical = MigrationLoader(connection).project_state(("meetings", "0005_translated_texts")).apps

    migration.copy_existing_text_to_english(historical, None)

    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.city_en, meeting.venue_en) == ("Old title", "Geneva", "Palais des Nations")
