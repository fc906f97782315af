"""State names as the UN writes them in each language, and lists sorted in the reader's language."""

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_countries import countries

from ccm_portal.collation import sort_key, sorted_by_name, state_choices
from ccm_portal.un_states import STATES, UN_MEMBER_STATES
from delegations.models import Delegation
from tests.delegations.factories_lists import approved_delegation, approved_participant
from tests.factories import MeetingFactory, TreatyStatusFactory, UserFactory

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.fixture(scope="module")
def compiled_catalogues(tmp_path_factory):
    """The repository's .po files compiled in a copy, so the tests read what the catalogues say now."""
    copy = tmp_path_factory.mktemp("catalogues")
    shutil.copytree(LOCALE, copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    here = os.getcwd()
    os.chdir(copy)  # compilemessages compiles every locale/ folder under the working directory
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("compilemessages", stdout=StringIO(), stderr=StringIO())
    finally:
        os.chdir(here)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        yield copy / "locale"


def positions(text: str, names: list[str]) -> list[int]:
    return [text.index(name) for name in names]


# ---------------------------------------------------------------- which states


def test_the_states_are_the_197_that_can_join_the_convention():
    assert len(countries) == len(set(STATES)) == 197
    assert len(UN_MEMBER_STATES) == 193
    assert len(state_choices()) == 1 + 197  # the empty choice first
    with translation.override("en"):
        names = {str(name) for _code, name in countries}

    assert {"Holy See", "State of Palestine", "Cook Islands", "Niue", "South Sudan", "Türkiye"} <= names
    for territory_or_area in ("Åland Islands", "Antarctica", "Bouvet Island", "Hong Kong", "Puerto Rico", "Taiwan"):
        assert not any(territory_or_area in name for name in names), territory_or_area
    assert {"AX", "AQ", "BV", "HK", "PR", "TW", "EH", "GL"}.isdisjoint(code for code, _name in countries)


def test_every_state_is_an_iso_3166_entry_and_every_un_name_override_is_a_state():
    from django_countries.data import COUNTRIES as ISO

    assert set(STATES) <= set(ISO)
    assert set(django_settings.COUNTRIES_OVERRIDE) <= set(STATES)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["TW", "HK", "PR"])
def test_the_registration_form_refuses_a_territory_as_a_state_next_to_the_field(client, code):
    meeting = MeetingFactory()
    client.force_login(UserFactory())

    response = client.post(f"/meetings/{meeting.slug}/register/", {"kind": "state", "country": code})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "only the states that can join the Convention register as states" in errors["country"][0]
    assert "An organisation registers as an organisation." in errors["country"][0]
    assert not Delegation.objects.filter(meeting=meeting).exists()


@pytest.mark.django_db
def test_the_registration_service_refuses_a_territory_as_a_state():
    from delegations.services import RegistrationError, delegation_register

    user = UserFactory()
    user.email_confirmed_at = timezone.now()

    with pytest.raises(RegistrationError, match="Choose a state from the list"):
        delegation_register(meeting=MeetingFactory(), user=user, kind=Delegation.Kind.STATE, country="TW")
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_the_register_picker_offers_the_holy_see_and_niue_but_not_hong_kong(client):
    meeting = MeetingFactory()
    client.force_login(UserFactory())

    body = client.get(f"/meetings/{meeting.slug}/register/").content.decode()

    codes = re.findall(r'<option value="([A-Z]{2})">', body)
    assert len(codes) == 197
    assert {"VA", "PS", "CK", "NU", "SS"} <= set(codes)
    assert {"TW", "HK", "PR", "AQ"}.isdisjoint(codes)


@pytest.mark.django_db
def test_the_treaty_import_refuses_a_territory_and_imports_nothing(secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ccm_portal.meetings.models import TreatyStatus
    from ccm_portal.meetings.services import TreatyImportError, treaty_status_import_csv

    upload = SimpleUploadedFile(
        "register.csv",
        b'country,ratification_date\nNiue,2020-08-18\nTaiwan,2010-01-01\nHKG,2010-01-01\n"Palestine, State of",\n',
        content_type="text/csv",
    )

    with pytest.raises(TreatyImportError) as refused:
        treaty_status_import_csv(upload=upload, by=secretariat)

    messages = [str(message) for message in refused.value.errors]
    assert "Line 3: “Taiwan” is not one of the states that can join the Convention." in messages
    assert "Line 4: “HKG” is not one of the states that can join the Convention." in messages
    assert not TreatyStatus.objects.exists()


# ---------------------------------------------------------------- the UN's names


def test_every_override_is_a_translatable_string_with_an_english_un_name():
    overrides = django_settings.COUNTRIES_OVERRIDE

    assert {"BO", "IR", "LA", "KR", "MD", "GB", "US", "VE", "TR", "CI", "VA", "PS", "VN"} <= set(overrides)
    with translation.override("en"):
        assert countries.name("BO") == "Bolivia (Plurinational State of)"
        assert countries.name("KR") == "Republic of Korea"
        assert countries.name("PS") == "State of Palestine"
        assert countries.name("TR") == "Türkiye"
        assert countries.name("BS") == "Bahamas"
    # Lazy strings, so that each page names the state in its own language.
    assert all(isinstance(name, Promise) for name in overrides.values())


def test_every_overridden_state_has_its_un_name_in_all_five_catalogues():
    import polib

    english = {str(name) for name in django_settings.COUNTRIES_OVERRIDE.values()}
    for language in ("ar", "es", "fr", "ru", "zh_Hans"):
        catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        translated = {entry.msgid for entry in catalogue if entry.msgstr and not entry.obsolete and not entry.fuzzy}
        assert english - translated == set(), language


@pytest.mark.django_db
def test_a_french_page_names_bolivia_with_the_uns_french_short_name(client, secretariat, compiled_catalogues):
    TreatyStatusFactory(country="BO")
    client.force_login(secretariat)

    body = client.get("/fr" + reverse("meetings:treaty_status")).content.decode()

    assert "Bolivie (État plurinational de)" in body
    assert "Bolivia (Plurinational State of)" not in body


@pytest.mark.django_db
def test_the_registration_form_names_the_states_in_the_language_of_its_page(client, compiled_catalogues):
    meeting = MeetingFactory()
    client.force_login(UserFactory())

    english = client.get(f"/meetings/{meeting.slug}/register/").content.decode()
    french = client.get(f"/fr/meetings/{meeting.slug}/register/").content.decode()

    assert '<option value="BO">Bolivie (État plurinational de)</option>' in french
    assert '<option value="LA">République démocratique populaire lao</option>' in french
    assert '<option value="BO">Bolivia (Plurinational State of)</option>' in english


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("ru", "BO", "Боливия (Многонациональное Государство)"),
        ("ru", "LA", "Лаосская Народно-Демократическая Республика"),
        ("ru", "GB", "Соединенное Королевство Великобритании и Северной Ирландии"),
        ("zh-hans", "IR", "伊朗（伊斯兰共和国）"),
        ("zh-hans", "KR", "大韩民国"),
        ("zh-hans", "US", "美利坚合众国"),
        ("ar", "BO", "بوليفيا (دولة - المتعددة القوميات)"),
        ("ar", "PS", "دولة فلسطين"),
        ("ar", "CI", "كوت ديفوار"),
        ("es", "VE", "Venezuela (República Bolivariana de)"),
        ("es", "TR", "Türkiye"),
        ("fr", "CV", "Cabo Verde"),
    ],
)
def test_overridden_states_carry_the_uns_short_name_in_each_language(compiled_catalogues, language, code, name):
    with translation.override(language):
        assert countries.name(code) == name


# ---------------------------------------------------------------- collation


def test_french_collation_puts_egypt_between_denmark_and_spain_not_after_zambia():
    names = ["Zambie", "Espagne", "Égypte", "Danemark", "Équateur"]

    assert sorted(names)[:3] == ["Danemark", "Espagne", "Zambie"]  # code points: É after every unaccented letter
    assert sorted_by_name(names, language="fr") == ["Danemark", "Égypte", "Équateur", "Espagne", "Zambie"]


def test_spanish_collation_keeps_enye_a_letter_of_its_own_after_n():
    names = ["Ñandú", "Nueva Zelandia", "Omán", "Níger", "canto", "cañón"]

    assert sorted_by_name(names, language="es") == ["canto", "cañón", "Níger", "Nueva Zelandia", "Ñandú", "Omán"]
    # Elsewhere ñ is an n with a tilde.
    assert sorted_by_name(names, language="fr").index("Ñandú") < sorted_by_name(names, language="fr").index("Níger")


def test_chinese_collation_follows_pinyin():
    names = ["中国", "阿富汗", "大韩民国", "阿尔巴尼亚", "俄罗斯联邦", "乍得"]

    # a-er, a-fu, da, e, zha, zhong
    assert sorted_by_name(names, language="zh-hans") == [
        "阿尔巴尼亚",
        "阿富汗",
        "大韩民国",
        "俄罗斯联邦",
        "乍得",
        "中国",
    ]


def test_arabic_collation_sorts_teh_marbuta_with_teh_and_russian_yo_with_ye():
    # Root order makes ة a letter before ت; Arabic (CLDR) sorts it as a kind of ت.
    assert sort_key("باة", "ar") > sort_key("بات", "ar")
    assert sort_key("باةب", "ar") > sort_key("باتا", "ar")
    assert sort_key("باةب", "fr") < sort_key("باتا", "fr")
    assert sorted_by_name(["Ежевика", "Ёлка", "Жук"], language="ru") == ["Ежевика", "Ёлка", "Жук"]


def test_the_collation_follows_the_active_language_unless_told():
    with translation.override("es"):
        assert sort_key("ña") > sort_key("nz")
    with translation.override("fr"):
        assert sort_key("ña") < sort_key("nz")
    assert sort_key("ña", "es") > sort_key("nz", "es")


def test_state_choices_start_empty_and_follow_the_active_language(compiled_catalogues):
    with translation.override("fr"):
        names = [name for _code, name in state_choices()]

    assert names[0] == "---------"
    assert names.index("Danemark") < names.index("Égypte") < names.index("Espagne") < names.index("Zambie")


@pytest.mark.django_db
def test_the_french_treaty_register_sorts_egypt_between_denmark_and_spain(client, secretariat, compiled_catalogues):
    for code in ("ZM", "ES", "EG", "DK"):
        TreatyStatusFactory(country=code)
    client.force_login(secretariat)

    english = client.get(reverse("meetings:treaty_status")).content.decode()
    body = client.get("/fr" + reverse("meetings:treaty_status")).content.decode()

    danemark, egypte, espagne, zambie = positions(body, ["Danemark", "Égypte", "Espagne", "Zambie"])
    assert danemark < egypte < espagne < zambie
    assert positions(english, ["Denmark", "Egypt", "Spain", "Zambia"]) == sorted(
        positions(english, ["Denmark", "Egypt", "Spain", "Zambia"])
    )


@pytest.mark.django_db
def test_the_french_registration_form_lists_the_states_in_french_order(client, compiled_catalogues):
    meeting = MeetingFactory()
    client.force_login(UserFactory())

    body = client.get(f"/fr/meetings/{meeting.slug}/register/").content.decode()

    options = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', body)
    assert options.index("Danemark") < options.index("Égypte") < options.index("Espagne") < options.index("Zambie")


@pytest.mark.django_db
def test_the_chinese_meeting_and_register_forms_list_the_states_in_pinyin_order(client, secretariat):
    client.force_login(secretariat)

    for path in ("/zh-hans/meetings/new/", "/zh-hans/meetings/treaty-status/new/"):
        options = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', client.get(path).content.decode())

        # a-er-ba before a-fu (pinyin); code points (and the root order) put 富 before 尔.
        assert options.index("阿尔巴尼亚") < options.index("阿富汗") < options.index("中国"), path


# ---------------------------------------------------------------- the official order stays English


@pytest.mark.django_db
def test_a_state_registered_from_a_french_page_keeps_its_english_short_name(client, compiled_catalogues):
    meeting = MeetingFactory()
    client.force_login(UserFactory())

    client.post(f"/fr/meetings/{meeting.slug}/register/", {"kind": "state", "country": "BO"})

    assert Delegation.objects.get(meeting=meeting, country="BO").sort_name == "Bolivia (Plurinational State of)"


@pytest.mark.django_db
def test_the_list_of_participants_keeps_the_english_order_under_fr_with_a_note(client, compiled_catalogues):
    meeting = MeetingFactory(slug="1msp")
    # English: Finland before United States; French would put États-Unis before Finlande.
    for code, name in (("US", "United States of America"), ("FI", "Finland")):
        approved_participant(approved_delegation(meeting, country=code, sort_name=name))

    body = client.get(f"/fr/meetings/{meeting.slug}/participants/").content.decode()

    finland, united_states = positions(body, ["Finland", "United States of America"])
    assert finland < united_states
    assert "La liste suit l'ordre officiel dans toutes les langues" in body.replace("&#x27;", "'")
    assert "The list follows the official order" not in body
