"""The portal's PDFs outside the outcome documents speak their reader's language.

The agenda, the programme, the list of participants, the badges and the credentials report
render in the request's language (background jobs carry it in their params and store one
copy per language); Arabic lays out right to left, Chinese in a CJK font. The expected
phrases are read from the catalogues under translation.override, so a better translation
never breaks a test; the text comes out through pdftotext and the positions through
`pdftotext -bbox`.
"""

import re
import subprocess
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.models import RenderJob
from delegations import renderers, services_lists
from sessions import services as sessions_services
from tests.delegations.factories_lists import run_jobs
from tests.factories import FirstMeetingFactory
from tests.stored_pdfs import body, fetch_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LANGUAGES = ["fr", "es", "ru", "ar", "zh-hans"]
# Catalogues still being translated: their phrases may still read in English.
PARTLY_TRANSLATED = {"zh-hans"}


@pytest.fixture(autouse=True)
def _jobs_run_when_asked(settings):
    settings.RENDER_JOBS_RUNNER = "inline"


# ---------------------------------------------------------------- reading PDFs


def pdftotext(pdf: bytes, *args: str) -> str:
    done = subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return done.stdout.decode()


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with every run of white space as one space (lines break anywhere in CJK)."""
    return " ".join(pdftotext(pdf, "-enc", "UTF-8").split())


# The bidi embedding marks pdftotext puts around right-to-left runs.
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def squeezed(text: str) -> str:
    return "".join(text.translate(BIDI_MARKS).split())


def words_with_boxes(pdf: bytes) -> tuple[float, list[tuple[str, float, float, float]]]:
    """The first page's width and its words as (word, xMin, xMax, yMin)."""
    page = pdftotext(pdf, "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8")
    width = float(re.search(r'<page width="([\d.]+)"', page).group(1))
    words = [
        (unescape(text).translate(BIDI_MARKS), float(x_min), float(x_max), float(y_min))
        for x_min, y_min, x_max, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page
        )
    ]
    return width, words


def box_of(pdf: bytes, word: str) -> tuple[float, float, float]:
    """(xMin, xMax, page width) of the first occurrence of `word` on page 1."""
    width, words = words_with_boxes(pdf)
    for text, x_min, x_max, _y in words:
        if text == word:
            return x_min, x_max, width
    raise AssertionError(f"{word!r} is not on the first page: {[w[0] for w in words][:40]}")


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for each font of the PDF, from pdffonts."""
    lines = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    rows = lines.stdout.decode().splitlines()[2:]
    found = []
    for row in rows:
        columns = row.split()
        # name type [type...] encoding emb sub uni object ID: emb is the fifth column from the end.
        found.append((columns[0], columns[-5] == "yes"))
    return found


ARABIC = re.compile(r"[\u0600-\u06ff]")


# Short vowels and other marks, which pdftotext may give apart from their letter or not at all.
HARAKAT = re.compile(r"[\u064b-\u065f\u0670]")


def arabic_words(phrase: str) -> list[str]:
    return re.findall(r"[\u0600-\u06ff]+", HARAKAT.sub("", phrase))


def has_word(words, word: str) -> bool:
    """Whether `word` is among `words`: pdftotext gives Arabic words in logical or in visual order."""
    return word in words or word[::-1] in words


def assert_says(text: str, *phrases: str) -> None:
    """Each phrase is in the text; an Arabic phrase word by word (pdftotext may order the words of a
    right-to-left line and the punctuation between them visually)."""
    for phrase in phrases:
        if ARABIC.search(phrase):
            found = set(arabic_words(text))
            assert all(has_word(found, word) for word in arabic_words(phrase)), phrase
        else:
            assert squeezed(phrase) in squeezed(text), phrase


def translated(language: str, message: str, context: str | None = None, *, differs: bool = False) -> str:
    """The catalogue's translation; `differs` for a title that no language keeps in English (so a catalogue
    left uncompiled fails instead of passing on English text). Some do keep words: "General" in Russian."""
    with translation.override(language):
        text = pgettext(context, message) if context else gettext(message)
    if differs and language not in PARTLY_TRANSLATED:
        assert text != message, f"{message!r} has no {language} translation: is the catalogue compiled?"
    return text


# ---------------------------------------------------------------- the documents


@pytest.fixture
def vientiane(secretariat):
    meeting = FirstMeetingFactory()
    agenda = sessions_services.agenda_for(meeting)
    for title in ["Opening of the Meeting", "Election of the President", "Closing of the Meeting"]:
        sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": title})
    return meeting


def agenda_pdf(client, meeting, language: str) -> bytes:
    with translation.override(language):
        url = reverse("ccm_sessions:agenda_pdf", args=[meeting.slug])
    if language != settings.LANGUAGE_CODE:
        assert url.startswith(f"/{language}/")
    response = fetch_pdf(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return body(response)


def lop_pdf(meeting, language: str) -> tuple[RenderJob, bytes]:
    with translation.override(language):
        job, _how = services_lists.request_lop_pdf(meeting=meeting, variant="public")
    run_jobs()
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        return job, handle.read()


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_agenda_pdf_is_in_the_language_of_the_page_it_is_downloaded_from(client, vientiane, language):
    pdf = agenda_pdf(client, vientiane, language)

    text = pdf_text(pdf)
    assert_says(
        text,
        translated(language, "Convention on Cluster Munitions"),
        translated(language, "Provisional agenda", differs=True),
        translated(language, "General", "distribution of a UN document"),
        "CCM/MSP/2010/1",
        "Opening of the Meeting",
    )
    assert "Provisional agenda" not in text or language in PARTLY_TRANSLATED


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_pdf_is_in_the_language_of_the_page_it_is_downloaded_from(client, vientiane, language):
    with translation.override(language):
        url = reverse("ccm_sessions:programme_pdf", args=[vientiane.slug])
    response = fetch_pdf(client, url)

    assert response.status_code == 200
    assert_says(
        pdf_text(body(response)),
        translated(language, "Programme of work", differs=True),
        translated(language, "No session has been scheduled yet."),
        "CCM/MSP/2010/2",
    )


def test_the_english_agenda_stays_english(client, vientiane):
    text = pdf_text(agenda_pdf(client, vientiane, "en"))

    assert "Distribution: General" in text
    assert "Provisional agenda" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_of_participants_renders_in_the_requesting_language(world, secretariat, language):
    services_lists.lop_settings_save(
        meeting=world["meeting"],
        data={"symbol": "CCM/MSP/2010/INF.1", "distribution": "general", "original_language": "fr"},
        by=secretariat,
    )

    job, pdf = lop_pdf(world["meeting"], language)

    assert job.params["lang"] == language
    text = pdf_text(pdf)
    assert_says(
        text,
        translated(language, "List of participants", differs=True),
        translated(language, "Distribution:"),
        translated(language, "Original:"),
        translated(language, "French"),
        translated(language, "Head of delegation"),
        "CCM/MSP/2010/INF.1",
        "Thongloun SISOULITH",
    )
    assert all(embedded for _name, embedded in fonts(pdf)), fonts(pdf)


def test_each_language_has_its_own_stored_list_and_english_keeps_its_wording(world, secretariat):
    meeting = world["meeting"]
    services_lists.lop_settings_save(
        meeting=meeting,
        data={"symbol": "CCM/MSP/2010/INF.1", "distribution": "general", "original_language": "fr"},
        by=secretariat,
    )
    english, english_pdf = lop_pdf(meeting, "en")
    french, _french_pdf = lop_pdf(meeting, "fr")

    assert french.pk != english.pk
    assert french.fingerprint != english.fingerprint
    english_text = pdf_text(english_pdf)
    assert "Distribution: General" in english_text
    assert "Original: French" in english_text
    # Asking again in either language is answered by that language's stored copy.
    for language, job in (("en", english), ("fr", french)):
        with translation.override(language):
            again, how = services_lists.request_lop_pdf(meeting=meeting, variant="public")
            assert jobs.last_good(meeting=meeting, key=job.key) == job
        assert (again.pk, how) == (job.pk, "stored")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_credentials_report_and_the_badges_render_in_the_language(world, language):
    with translation.override(language):
        report = renderers.credentials_report_pdf(world["meeting"])
        job, _how = services_lists.request_badges(meeting=world["meeting"], params={"set": "all"})
    run_jobs()
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.params == {"set": "all", "lang": language}
    with job.file.open("rb") as handle:
        badges = handle.read()

    assert_says(
        pdf_text(report),
        translated(language, "Report on credentials", differs=True),
        translated(language, "Distribution:"),
    )
    head = translated(language, "%(delegation)s · Head of delegation") % {"delegation": "Cuba"}
    assert_says(pdf_text(badges), head.split("·")[-1])


def test_arabic_pdfs_run_right_to_left_and_english_ones_left_to_right(client, vientiane, world):
    english, arabic = agenda_pdf(client, vientiane, "en"), agenda_pdf(client, vientiane, "ar")

    # The symbol block stands at the end side: the right in English, the left in Arabic ...
    x_min, _x_max, width = box_of(english, "CCM/MSP/2010/1")
    assert x_min > width / 2
    _x_min, x_max, width = box_of(arabic, "CCM/MSP/2010/1")
    assert x_max < width / 2
    # ... and the convention's name, the headings and the item numbers at the start side.
    x_min, x_max, width = box_of(english, "Convention")
    assert x_max < width / 2
    convention = translated("ar", "Convention on Cluster Munitions")
    width, words = words_with_boxes(arabic)
    wanted = arabic_words(convention)
    placed = [(x_min, x_max) for text, x_min, x_max, _y in words if has_word(wanted, HARAKAT.sub("", text))]
    assert placed, [w[0] for w in words][:20]
    assert all(x_min > width / 2 for x_min, _x_max in placed)
    item = [(x_min, x_max) for text, x_min, x_max, _y in words_with_boxes(arabic)[1] if text == "Opening"]
    assert item
    assert item[0][0] > width / 2

    # The names of the list start at the right margin in Arabic, at the left one in English.
    _job, english_list = lop_pdf(world["meeting"], "en")
    _job, arabic_list = lop_pdf(world["meeting"], "ar")
    x_min, _x_max, width = box_of(english_list, "Thongloun")
    assert x_min < width / 4
    # (a Latin line is one left-to-right run set against the right margin: it ends there)
    _x_min, x_max, width = box_of(arabic_list, "Minister")
    assert x_max > width * 3 / 4


def test_chinese_pdfs_use_a_cjk_font_and_keep_chinese_text_extractable(client, vientiane, secretariat):
    with translation.override("zh-hans"):
        sessions_services.agenda_item_add(
            agenda=vientiane.agenda, by=secretariat, data={"title": "审议《集束弹药公约》的执行情况和普遍加入问题" * 3}
        )

    pdf = agenda_pdf(client, vientiane, "zh-hans")

    assert any("CJK" in name for name, _embedded in fonts(pdf)), fonts(pdf)
    assert all(embedded for _name, embedded in fonts(pdf))
    assert "审议《集束弹药公约》的执行情况和普遍加入问题" in squeezed(pdf_text(pdf))
    # A title without a single space still breaks into lines that stay inside the 20 mm margins.
    width, words = words_with_boxes(pdf)
    chinese = [(x_max, y_min) for text, _x_min, x_max, y_min in words if re.search(r"[\u4e00-\u9fff]", text)]
    assert len({round(y_min) for _x_max, y_min in chinese}) >= 2
    assert max(x_max for x_max, _y in chinese) <= width - 20 / 25.4 * 72 + 1
