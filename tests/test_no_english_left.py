"""No English left over: the main pages of the seeded demo, rendered in French and in Arabic,
share no word with the same page in English, except the words that come from the data (names of
people, organisations, meetings, rooms, agenda titles, states, symbols), which stay as entered.

The data is taken out of the pages phrase by phrase (every text value of the database rows, every
state's name), so an English word of the interface still counts when the same word happens to occur
in some title. A word the translators themselves wrote in the language's catalogue ("Menu",
"Convention", "Participants" in French) is that language's word too, not a leftover.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from ccm_portal.accounts.models import User
from ccm_portal.context_processors import contact_address
from delegations.models import Delegation, Participant
from outcomes.models import OutcomeDocument, Paragraph
from sessions.models import SpeakersList

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]

LANGUAGES = ["fr", "ar"]
WORD = re.compile(r"[^\W\d_]+")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")  # a word with an accent (Décision, Français) is not English
ROMAN_NUMERAL = re.compile(r"[IVXLC]+")  # section numbers
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]|%[a-z]|\{[^}]*\}|<[^>]*>|&[a-z]+;")
SKIPPED_TAGS = {"script", "style", "template"}
VISIBLE_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

# Words that are the same in every language of the portal, with why.
ALLOWED = {
    "English",  # the language switcher names each language in itself
    "Espa",  # "Español" (the ñ splits it)
    "UTC",  # a zone's offset ("UTC+7") is written so in every language
}
# Words of one page that come from data the database rows do not hold as phrases, with why.
PAGE_ALLOWED = {
    # Paragraph labels ("Action #3") are part of the text, in the text's language (outcomes/numbering.py).
    "outcome document": {"Action"},
}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the label-like attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        self.parts.extend(value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value)

    def handle_startendtag(self, tag, attrs):
        self.parts.extend(value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def data_phrases(language: str) -> list[str]:
    """Every text value stored in the database, and every state's name in English and in `language`
    (longest first)."""
    phrases = set()
    for code in countries:
        phrases.add(code.name)
        with translation.override(language):
            phrases.add(str(code.name))
    for model in apps.get_models():
        # Not the fields with choices: they hold codes ("pending", "expert"), shown through their labels.
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value and len(value) >= 3 and WORD.search(value):
                    phrases.add(" ".join(value.split()))
    # The secretariat's contact address, from the settings (footer, sign-off).
    phrases.add(contact_address())
    # Names as lists and badges print them, the family name in capitals ("Ms. Maria GARCÍA LÓPEZ").
    phrases.update(participant.list_name for participant in Participant.objects.all())
    return sorted(phrases, key=len, reverse=True)


def without_data(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        if phrase in text:
            text = text.replace(phrase, " ")
    return text


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text) if LATIN_WORD.fullmatch(w) and not ROMAN_NUMERAL.fullmatch(w)} - ALLOWED


def content_words() -> set[str]:
    """The words of the outcome documents' text: marked up ([brackets], emphasis), so not found as phrases."""
    texts = Paragraph.objects.values_list("text", flat=True)
    return set().union(*(words(text) for text in texts))


def catalogue_words(language: str) -> set[str]:
    """The words the translators wrote in the language's catalogues (the portal's and Django's):
    placeholders, markup and the header left out. In Arabic a Latin word counts only from a
    translation that differs from its English (an English text copied unchanged is a leftover);
    in French a word spelt as in English ("Menu", "Documents") is French as well."""
    latin_script = language != "ar"
    found = set()
    with translation.override(language):
        catalogue = translation.trans_real.translation(language)._catalog
        for key, value in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or not isinstance(msgid, str):
                continue
            msgid = msgid.split("\x04")[-1]
            if str(value) == msgid and not latin_script:
                continue
            found |= words(PLACEHOLDER.sub(" ", str(value)))
    return found


def snippet(text: str, word: str) -> str:
    at = re.search(rf"\b{re.escape(word)}\b", text)
    start = at.start() if at else 0
    return text[max(0, start - 60) : start + 60]


@pytest.fixture(scope="module")
def pages(seeded_demo, django_db_blocker):
    """(name, user, English path) of each main kind of page, on the demo's first meeting."""
    with django_db_blocker.unblock():
        secretariat = User.objects.filter(role=User.Role.SECRETARIAT, is_active=True).order_by("pk").first()
        delegation = Delegation.objects.filter(meeting__slug="1msp", focal_points__isnull=False).order_by("pk").first()
        focal_point = delegation.focal_points.order_by("pk").first()
        speakers = SpeakersList.objects.filter(meeting__slug="1msp").order_by("pk").first()
        outcome = OutcomeDocument.objects.filter(meeting__slug="1msp").order_by("pk").first()
        slug = "1msp"
        return [
            ("home", None, reverse("home")),
            ("meeting", None, reverse("meetings:detail", args=[slug])),
            ("programme", None, reverse("ccm_sessions:programme", args=[slug])),
            ("agenda", None, reverse("ccm_sessions:agenda", args=[slug])),
            ("speakers list", secretariat, reverse("ccm_sessions:speakers_list", args=[slug, speakers.pk])),
            ("public list of participants", None, reverse("delegations:lop_public", args=[slug])),
            ("delegation (focal point)", focal_point, reverse("delegations:detail", args=[delegation.pk])),
            ("registration form", focal_point, reverse("delegations:register", args=["2msp"])),
            ("outcome document", secretariat, reverse("outcomes:detail", args=[outcome.pk])),
            ("published documents", None, reverse("outcomes:published", args=[slug])),
            ("secretariat dashboard", secretariat, reverse("delegations:dashboard", args=[slug])),
            ("badges", secretariat, reverse("delegations:badges", args=[slug])),
            ("check-in", secretariat, reverse("delegations:checkin", args=[slug])),
        ]


def render(client, user, path: str) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return visible_text(response.content.decode())


def in_language(path: str, language: str) -> str:
    return f"/{language}{path}"


def test_the_main_pages_in_french_and_arabic_have_no_english_left_over(client, pages):
    phrases = {language: data_phrases(language) for language in LANGUAGES}
    allowed = {language: catalogue_words(language) | content_words() for language in LANGUAGES}
    report = []
    for name, user, path in pages:
        english = render(client, user, path)
        for language in LANGUAGES:
            english_words = words(without_data(english, phrases[language]))
            translated = without_data(render(client, user, in_language(path, language)), phrases[language])
            shared = english_words & words(translated)
            leftover = sorted(shared - allowed[language] - PAGE_ALLOWED.get(name, set()))
            if leftover:
                examples = "\n".join(f"      {word}: …{snippet(translated, word)}…" for word in leftover[:8])
                report.append(f"{name} [{language}] {path}: {', '.join(leftover)}\n{examples}")

    assert not report, "English words left over in translated pages:\n" + "\n".join(report)
