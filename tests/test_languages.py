"""The six languages: URLs per language, the switcher, right to left, e-mail in the recipient's language, catalogues."""

import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from ccm_portal.access import PUBLIC, rule_of
from ccm_portal.accounts.services import send_confirmation
from ccm_portal.languages import meeting_language, portal_language, recipient_languages
from ccm_portal.languages import views as language_views
from ccm_portal.mail.models import OutboxMessage
from ccm_portal.mail.services import deliver, queue_mail_in_languages
from ccm_portal.privacy.selectors import personal_data
from ccm_portal.privacy.services import account_delete
from delegations.notifications import focal_point_transferred
from tests.factories import DelegationFactory, MeetingFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
CATALOGUES = ("ar", "es", "fr", "ru", "zh_Hans")


@pytest.fixture(scope="module")
def compiled_catalogues(tmp_path_factory):
    """The repository's .po files compiled by `compilemessages` in a copy, and used for this module's tests.

    The copy keeps the tests from writing .mo files into the checkout, and tests what the
    .po files say now, whether or not `make setup` has compiled them since they changed.
    """
    copy = tmp_path_factory.mktemp("catalogues")
    shutil.copytree(LOCALE, copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    out, err = StringIO(), StringIO()
    here = os.getcwd()
    os.chdir(copy)  # compilemessages compiles every locale/ folder under the working directory
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("compilemessages", stdout=out, stderr=err)
    finally:
        os.chdir(here)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        yield {"dir": copy / "locale", "stdout": out.getvalue(), "stderr": err.getvalue()}


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


# --- catalogues -------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifrxX]|%[#0 +-]*\d*(?:\.\d+)?[sdifrxX]|\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted: `%(name)s`, `%s` and `{name}` (`%%` is a literal percent)."""
    found = []
    for match in PLACEHOLDER.finditer(text.replace("%%", "")):
        whole, named, braced = match.group(0), match.group(1), match.group(2)
        found.append(f"%({named})" if named else f"{{{braced}}}" if braced is not None else f"%{whole[-1]}")
    return sorted(found)


def placeholder_mismatches(po_path: Path) -> list[str]:
    """Translated messages whose placeholders differ from their msgid's.

    A plural form may leave a placeholder out ("one hour" for n = 1, as Arabic does for 1
    and 2) but use none the English does not have, and the last form has them all. Fuzzy
    entries (msgmerge's guesses, for a translator to check) are not compiled, so not checked.
    """
    problems = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            english = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
            for index, form in enumerate(forms):
                if not form:
                    continue
                used = set(placeholders(form))
                if not used <= english or (index == len(forms) - 1 and used != english):
                    problems.append(f"{po_path}: {entry.msgid!r} form {index}: {sorted(used)} vs {sorted(english)}")
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(f"{po_path}: {entry.msgid!r}: {placeholders(entry.msgstr)} vs {placeholders(entry.msgid)}")
    return problems


def test_there_is_a_catalogue_for_each_language_but_english():
    assert sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.po")) == sorted(CATALOGUES)
    portal_codes = {code for code, _name in django_settings.LANGUAGES}
    assert {translation.to_language(name) for name in CATALOGUES} == portal_codes - {"en"}


def test_compilemessages_runs_clean_on_every_catalogue(compiled_catalogues):
    assert compiled_catalogues["stderr"] == ""
    for name in CATALOGUES:
        assert (compiled_catalogues["dir"] / name / "LC_MESSAGES" / "django.mo").stat().st_size > 0


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    problems = [
        problem for path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")) for problem in placeholder_mismatches(path)
    ]

    assert problems == []


def test_the_placeholder_check_catches_a_lost_renamed_or_added_placeholder(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Bonjour %(nom)s"\n\n'
        'msgid "%s participants"\nmsgstr "participants"\n\n'
        'msgid "Open {symbol}"\nmsgstr "Ouvrir {symbol} {extra}"\n\n'
        'msgid "100%% kept: %(name)s"\nmsgstr "100 %% : %(name)s"\n\n'
        'msgid "one hour"\nmsgid_plural "%(hours)s hours"\nmsgstr[0] "une heure"\nmsgstr[1] "%(heures)s heures"\n\n'
        '#, fuzzy\nmsgid "Bye %(name)s"\nmsgstr "Au revoir"\n',
        encoding="utf-8",
    )

    problems = placeholder_mismatches(broken)

    assert len(problems) == 4
    for msgid in ("Hello %(name)s", "%s participants", "Open {symbol}", "one hour"):
        assert sum(repr(msgid) in problem for problem in problems) == 1, msgid


def test_the_switcher_and_the_mail_subjects_are_translated_in_all_five_languages():
    added = [
        "Language of the portal",
        "Confirm your CCM Portal account",
        "[%(meeting)s] %(delegation)s: you are now a focal point",
        "[%(meeting)s] Side event “%(title)s”: %(status)s",
    ]
    for name in CATALOGUES:
        catalogue = polib.pofile(str(LOCALE / name / "LC_MESSAGES" / "django.po"))
        for msgid in added:
            entry = catalogue.find(msgid)
            assert entry is not None, (name, msgid)
            assert entry.msgstr, (name, msgid)
            assert "fuzzy" not in entry.flags, (name, msgid)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_setup_compiles_a_changed_catalogue_and_make_messages_updates_all_five():
    def dry_run(*args):
        return subprocess.run(  # noqa: S603 - fixed arguments
            ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
        ).stdout

    setup = dry_run("-W", "locale/fr/LC_MESSAGES/django.po", "setup")
    messages = dry_run("messages")

    assert "manage.py compilemessages --locale fr --ignore=.venv" in setup
    assert (
        "manage.py makemessages --no-obsolete --locale ar --locale es --locale fr --locale ru --locale zh_Hans"
        in messages
    )
    for skipped in (".venv", "static/vendor", "tests", "node_modules"):
        assert f"--ignore={skipped} " in messages


def test_the_system_check_names_gettext_when_msgfmt_is_missing():
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "scripts" / "check_system.py")],
        env={"PATH": "/usr/bin:/bin", "CCM_CHECK_PRETEND_MISSING": "gettext"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 1
    assert "msgfmt" in result.stderr
    assert "sudo apt-get install gettext\n" in result.stderr


# --- pages in each language -------------------------------------------------------------


@pytest.mark.django_db
def test_french_pages_answer_in_french(client, compiled_catalogues):
    response = client.get("/fr/meetings/")

    assert response.status_code == 200
    assert 'lang="fr"' in html_tag(response)
    assert 'dir="ltr"' in html_tag(response)
    assert response["Content-Language"] == "fr"
    assert "Langue du portail" in response.content.decode()


@pytest.mark.django_db
def test_arabic_pages_run_right_to_left_with_the_rtl_stylesheet(client, compiled_catalogues):
    response = client.get("/ar/")

    assert response.status_code == 200
    assert 'lang="ar"' in html_tag(response)
    assert 'dir="rtl"' in html_tag(response)
    assert "vendor/bootstrap/bootstrap.rtl.min.css" in response.content.decode()
    assert "لغة البوابة" in response.content.decode()
    # Each language is named in itself, whatever the page's language.
    for code, name in (("en", "English"), ("fr", "Français"), ("zh-hans", "中文")):
        assert f'value="{code}" lang="{code}"' in response.content.decode()
        assert re.search(rf'value="{code}" lang="{code}"[^>]*>{name}</button>', response.content.decode()), name


@pytest.mark.django_db
def test_english_pages_keep_their_paths_and_run_left_to_right(client):
    response = client.get(reverse("meetings:list"))

    assert reverse("meetings:list") == "/meetings/"
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "vendor/bootstrap/bootstrap.min.css" in response.content.decode()
    assert "bootstrap.rtl.min.css" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ar", "es", "fr", "ru", "zh-hans"])
def test_every_language_serves_the_same_pages_under_its_prefix(client, code):
    meeting = MeetingFactory(is_published=True)
    with translation.override(code):
        url = reverse("meetings:detail", args=[meeting.slug])

    response = client.get(url)

    assert url.startswith(f"/{code}/meetings/")
    assert response.status_code == 200
    assert f'lang="{code}"' in html_tag(response)


@pytest.mark.django_db
def test_every_page_names_the_same_page_in_the_six_languages_for_search_engines(client):
    meeting = MeetingFactory(is_published=True)

    body = client.get(f"/fr/meetings/{meeting.slug}/").content.decode()

    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))
    assert alternates == {
        "ar": f"http://testserver/ar/meetings/{meeting.slug}/",
        "en": f"http://testserver/meetings/{meeting.slug}/",
        "es": f"http://testserver/es/meetings/{meeting.slug}/",
        "fr": f"http://testserver/fr/meetings/{meeting.slug}/",
        "ru": f"http://testserver/ru/meetings/{meeting.slug}/",
        "zh-hans": f"http://testserver/zh-hans/meetings/{meeting.slug}/",
        "x-default": f"http://testserver/meetings/{meeting.slug}/",
    }


@pytest.mark.django_db
def test_the_pdf_frame_follows_the_language():
    from django.template.loader import render_to_string

    with translation.override("ar"):
        frame = render_to_string("pdf/document.html", {})
    with translation.override("fr"):
        french = render_to_string("pdf/document.html", {})

    assert '<html lang="ar" dir="rtl">' in frame
    assert '<html lang="fr" dir="ltr">' in french


def test_admin_and_the_switcher_have_no_language_prefix():
    assert reverse("admin:index") == "/admin/"
    with translation.override("fr"):
        assert reverse("admin:index") == "/admin/"
        assert reverse("set_language") == "/language/"
        assert reverse("home") == "/fr/"


# --- the switcher -----------------------------------------------------------------------


def test_the_switcher_declares_a_public_rule():
    assert rule_of(language_views.set_language) == PUBLIC


@pytest.mark.django_db
def test_every_page_carries_the_switcher_as_a_form_of_its_own_returning_to_the_page(client):
    page = client.get("/accounts/sign-up/?from=home").content.decode()

    switcher = re.search(r'<form method="post" action="/language/" class="language-switcher".*?</form>', page, re.S)
    assert switcher is not None
    assert '<input type="hidden" name="next" value="/accounts/sign-up/?from=home">' in switcher.group(0)
    assert "csrfmiddlewaretoken" in switcher.group(0)
    assert len(re.findall(r'name="language" value="[\w-]+"', switcher.group(0))) == 6
    # The sign-up form is another form: switching does not submit (or lose) what it holds.
    assert page.count("<form") >= 2
    assert 'name="full_name"' not in switcher.group(0)


@pytest.mark.django_db
def test_switching_sets_the_cookie_and_returns_to_the_same_page_in_the_new_language(client):
    response = client.post("/language/", {"language": "fr", "next": "/accounts/sign-up/?from=home"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/sign-up/?from=home"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_switching_back_to_english_drops_the_prefix(client):
    meeting = MeetingFactory(is_published=True)

    response = client.post("/language/", {"language": "en", "next": f"/ru/meetings/{meeting.slug}/"})

    assert response["Location"] == f"/meetings/{meeting.slug}/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_switching_when_logged_in_remembers_the_language_for_the_user(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/language/", {"language": "zh-hans", "next": "/meetings/"})

    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert response["Location"] == "/zh-hans/meetings/"


@pytest.mark.django_db
def test_the_account_page_shows_the_chosen_language(client):
    user = UserFactory(language="")
    client.force_login(user)
    before = client.get(reverse("privacy:account")).content.decode()

    client.post("/language/", {"language": "ru", "next": reverse("privacy:account")})
    after = client.get("/ru/accounts/account/").content.decode()

    assert re.search(r'data-testid="account-language">not chosen', before)
    assert 'data-testid="account-language">Русский<' in after


@pytest.mark.django_db
def test_the_chosen_language_is_in_the_personal_data_and_goes_with_the_account(client):
    user = UserFactory(language="ar")

    assert personal_data(user)["account"]["language"] == "ar"
    account_delete(user=user, password="correct horse battery")
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.django_db
def test_an_unknown_language_or_a_foreign_next_changes_nothing(client):
    user = UserFactory(language="es")
    client.force_login(user)

    unknown = client.post("/language/", {"language": "xx", "next": "/meetings/"})
    foreign = client.post("/language/", {"language": "fr", "next": "https://evil.example/phish"})

    user.refresh_from_db()
    assert unknown["Location"] == "/meetings/"
    assert django_settings.LANGUAGE_COOKIE_NAME not in unknown.cookies
    assert foreign["Location"] == "/fr/"
    assert user.language == "fr"


@pytest.mark.django_db
def test_the_switcher_takes_posts_only(client):
    assert client.get("/language/").status_code == 405


# --- the visitor's language on unprefixed URLs -------------------------------------------


@pytest.mark.django_db
def test_a_user_with_a_chosen_language_is_sent_to_its_prefix_on_unprefixed_pages(client):
    client.force_login(UserFactory(language="fr"))

    page = client.get("/meetings/?page=2")
    prefixed = client.get("/fr/meetings/")
    english = client.get("/en/meetings/")  # not a URL: English has no prefix

    assert page.status_code == 302
    assert page["Location"] == "/fr/meetings/?page=2"
    assert "Cookie" in page["Vary"]
    assert prefixed.status_code == 200
    assert english.status_code == 404


@pytest.mark.django_db
def test_posts_static_files_and_the_admin_are_never_redirected(client):
    client.force_login(UserFactory(language="ru"))

    # A form posted to an English URL is handled there: its data is not dropped by a redirect.
    assert client.post("/accounts/password/", {"old_password": "wrong"}).status_code == 200
    assert client.get("/admin/").status_code == 302
    assert not client.get("/admin/")["Location"].startswith("/ru/")
    stylesheet = client.get("/static/css/portal.css")
    assert stylesheet.status_code == 200
    assert b"".join(stylesheet.streaming_content).startswith(b"/* Portal colours")
    stylesheet.close()


@pytest.mark.django_db
def test_a_user_who_chose_english_or_nothing_stays_on_english_urls(client):
    client.force_login(UserFactory(language="en"))
    assert client.get("/meetings/").status_code == 200

    client.force_login(UserFactory(language=""))
    assert client.get("/meetings/").status_code == 200


@pytest.mark.django_db
def test_an_anonymous_visitor_follows_the_cookie_then_accept_language(client):
    """Decided: Accept-Language picks the language of an unprefixed page; the switcher's cookie overrides it.

    A request with neither (the test client, crawlers) stays on English, so every test that
    reverses URLs under English keeps working.
    """
    english = client.get("/meetings/")
    assert english.status_code == 200
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in english["Vary"].split(",")}

    browser_french = client.get("/meetings/", headers={"accept-language": "fr-CH,fr;q=0.9,en;q=0.5"})
    assert browser_french.status_code == 302
    assert browser_french["Location"] == "/fr/meetings/"
    assert "Accept-Language" in browser_french["Vary"]

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/meetings/", headers={"accept-language": "fr"}).status_code == 200

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert client.get("/meetings/")["Location"] == "/ar/meetings/"


@pytest.mark.django_db
def test_an_unknown_page_is_a_plain_404_in_any_language(client):
    client.force_login(UserFactory(language="es"))

    assert client.get("/no-such-page/").status_code == 404


# --- e-mail -----------------------------------------------------------------------------


def test_meeting_languages_map_to_portal_languages():
    class Meeting:
        official_languages = ["zh", "en"]

    assert meeting_language(Meeting()) == "zh-hans"
    assert portal_language("fr-CA") == "fr"
    assert portal_language("de") is None
    assert portal_language("") is None


@pytest.mark.django_db
def test_the_recipient_language_is_the_users_then_the_fallback_then_english():
    UserFactory(email="chose@example.org", language="ru")
    UserFactory(email="silent@example.org", language="")

    languages = recipient_languages(["Chose@Example.org", "silent@example.org", "outside@example.org"], fallback="es")

    assert languages == {"Chose@Example.org": "ru", "silent@example.org": "es", "outside@example.org": "es"}
    assert recipient_languages(["outside@example.org"]) == {"outside@example.org": "en"}


@pytest.mark.django_db
def test_a_french_user_gets_the_confirmation_mail_in_french(compiled_catalogues):
    user = UserFactory(language="fr", is_active=False)

    send_confirmation(user)

    (message,) = OutboxMessage.objects.all()
    assert message.subject == "Confirmez votre compte sur le portail CCM"
    assert "/fr/accounts/confirm/" in message.body


@pytest.mark.django_db
def test_a_notification_goes_out_in_each_recipients_language_else_the_meetings(compiled_catalogues):
    meeting = MeetingFactory(official_languages=["es", "en"], short_title="11MSP")
    new = UserFactory(language="")
    removed = UserFactory(language="ru")
    delegation = DelegationFactory(meeting=meeting, sort_name="Chile", focal_points=[removed])

    focal_point_transferred(delegation.pk, new.pk, [removed.pk])

    subjects = {tuple(message.to): message.subject for message in OutboxMessage.objects.all()}
    assert subjects == {
        (new.email,): "[11MSP] Chile: ahora es usted punto focal",
        (removed.email,): "[11MSP] Chile: вы больше не координатор",
    }


@pytest.mark.django_db
def test_recipients_of_one_message_are_split_by_language(compiled_catalogues):
    UserFactory(email="fr@example.org", language="fr")
    UserFactory(email="en@example.org", language="en")

    def compose():
        return translation.gettext("Language of the portal"), translation.get_language()

    messages = queue_mail_in_languages(
        to=["fr@example.org", "en@example.org", "x@example.org"], compose=compose, fallback="fr"
    )

    # Each body is compose()'s followed by the sign-off (ccm_portal.mail.services.signed).
    assert sorted((message.to, message.subject, message.body.split("\n\n-- \n")[0]) for message in messages) == [
        (["en@example.org"], "Language of the portal", "en"),
        (["fr@example.org", "x@example.org"], "Langue du portail", "fr"),
    ]


@pytest.mark.django_db
def test_every_message_is_sent_with_an_html_part_made_from_its_text():
    queue_mail_in_languages(
        to=["a@example.org"],
        compose=lambda: ("Subject", "Hello <Ana> & co,\n\nsee https://portal.example.org/fr/\nbye"),
    )
    deliver()

    (sent,) = mail.outbox
    (html, mimetype) = sent.alternatives[0]
    assert mimetype == "text/html"
    assert sent.body.startswith("Hello <Ana> & co")
    assert "Hello &lt;Ana&gt; &amp; co,</p>" in html
    assert '<a href="https://portal.example.org/fr/"' in html
    assert 'dir="auto"' in html
