"""UN-style PDFs of outcome documents and of comparisons between two texts.

Everything is rendered by WeasyPrint with the portal's StaticOnlyURLFetcher:
only the portal's static files (and data: URLs) are ever read, whatever a
paragraph contains. The published text is written as a tagged PDF/UA-1 file.
"""

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext_lazy

from ccm_portal.languages import portal_language
from ccm_portal.meetings.models import Language
from ccm_portal.pdf import StaticOnlyURLFetcher, html_to_pdf

from . import selectors
from .agenda import agenda_item_label
from .models import GeneratedText, OutcomeDocument, Revision, Translation

PDF_UA = "pdf/ua-1"

# The lines of the header block as UN documents print them, each one message so that every
# language words it whole (French "Distr. générale", "Original : anglais"; Spanish
# "Distr. general", "Original: inglés"); the catalogues carry them under these contexts.
DISTRIBUTION_LINES = {
    OutcomeDocument.Distribution.GENERAL: pgettext_lazy("distribution line of a UN document header", "Distr.: General"),
    OutcomeDocument.Distribution.LIMITED: pgettext_lazy("distribution line of a UN document header", "Distr.: Limited"),
}
ORIGINAL_LINES = {
    Language.ARABIC: pgettext_lazy("original-language line of a UN document header", "Original: Arabic"),
    Language.CHINESE: pgettext_lazy("original-language line of a UN document header", "Original: Chinese"),
    Language.ENGLISH: pgettext_lazy("original-language line of a UN document header", "Original: English"),
    Language.FRENCH: pgettext_lazy("original-language line of a UN document header", "Original: French"),
    Language.RUSSIAN: pgettext_lazy("original-language line of a UN document header", "Original: Russian"),
    Language.SPANISH: pgettext_lazy("original-language line of a UN document header", "Original: Spanish"),
}
# A language version names its own language under the date (French "Français", Spanish "Español").
VERSION_LINES = {
    Language.ARABIC: pgettext_lazy("language of a version, in its own UN document header", "Arabic"),
    Language.CHINESE: pgettext_lazy("language of a version, in its own UN document header", "Chinese"),
    Language.ENGLISH: pgettext_lazy("language of a version, in its own UN document header", "English"),
    Language.FRENCH: pgettext_lazy("language of a version, in its own UN document header", "French"),
    Language.RUSSIAN: pgettext_lazy("language of a version, in its own UN document header", "Russian"),
    Language.SPANISH: pgettext_lazy("language of a version, in its own UN document header", "Spanish"),
}


# UN practice (../shared/terminology.md): the Arabic, Chinese and Russian versions print the
# header block in English ("Distr.: General", the date, "Arabic", "Original: English"); the
# French and Spanish versions print it in their own language.
HEADER_IN_ENGLISH = {Language.ARABIC, Language.CHINESE, Language.RUSSIAN}


def header_lines(*, distribution: str, original: str, issued, version_language: str = "") -> dict:
    """The header block's lines: distribution, date, the version's own language (language
    versions only) and the original language; in the active language, except for the versions
    whose header UN documents print in English."""
    language = "en" if version_language in HEADER_IN_ENGLISH else translation.get_language()
    with translation.override(language):
        return {
            "distribution_line": str(DISTRIBUTION_LINES.get(distribution, distribution)),
            "date_line": formats.date_format(issued, "DATE_FORMAT"),
            "version_line": str(VERSION_LINES[version_language]) if version_language else "",
            "original_line": str(ORIGINAL_LINES.get(original, original)),
        }


def write_pdf(html: str, *, tagged: bool = False, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    """The one place this app turns HTML into PDF bytes; tagged means PDF/UA."""
    options = {"pdf_variant": PDF_UA} if tagged else {}
    return html_to_pdf(html, fetcher=fetcher, **options)


def _language_name(code: str) -> str:
    return str(dict(Language.choices).get(code, code))


def document_context(document: OutcomeDocument, revision: Revision | None = None) -> dict:
    """What the PDF (and its header block) shows, for a frozen revision or for the working text."""
    meeting = document.meeting
    if revision is not None:
        snapshot = revision.snapshot
        outline = selectors.snapshot_outline(snapshot)
        issued = timezone.localtime(revision.created_at, meeting.tzinfo).date()
        symbol = revision.symbol
        is_draft = revision.kind != Revision.Kind.ADOPTED
        particulars = snapshot
        title = revision.title
    else:
        outline = selectors.document_outline(document)
        issued = timezone.localdate(timezone=meeting.tzinfo)
        symbol = document.symbol
        is_draft = True
        particulars = {
            "agenda_item": agenda_item_label(document),
            "distribution": document.distribution,
            "original_language": document.original_language,
            "sponsors": [d.sort_name for d in document.sponsors.order_by("sort_name")],
        }
        title = document.title
    selectors.render_outline(outline, mode="pdf")
    annexes = GeneratedText.annex_section_uids(document)
    for section in outline:
        section.annex = section.uid in annexes
    distribution = particulars.get("distribution", document.distribution)
    original = particulars.get("original_language", document.original_language)
    return {
        **header_lines(distribution=distribution, original=original, issued=issued),
        "meeting": meeting,
        "document": document,
        "revision": revision,
        "symbol": symbol,
        "title": title,
        "issued": issued,
        "distribution": dict(OutcomeDocument.Distribution.choices).get(distribution, distribution),
        "original": _language_name(particulars.get("original_language", document.original_language)),
        "lang": particulars.get("original_language", document.original_language),
        "agenda_item": particulars.get("agenda_item", ""),
        "sponsors": particulars.get("sponsors", []),
        "sections": outline,
        "is_draft": is_draft,
        "working_text": revision is None,
    }


def document_pdf(document: OutcomeDocument, revision: Revision | None = None, *, fetcher=None) -> bytes:
    """The text's PDF, its header ("Distr.", "Original", the date) in the language the text is written in."""
    tagged = (
        revision is not None
        and revision.kind == Revision.Kind.ADOPTED
        and document.state == OutcomeDocument.State.PUBLISHED
    )
    with translation.override(portal_language(_text_language(document, revision))):
        context = document_context(document, revision)
        context["tagged"] = tagged
        html = render_to_string("outcomes/pdf/document.html", context)
    return write_pdf(html, tagged=tagged, fetcher=fetcher)


def translation_context(version: Translation, revision: Revision) -> dict:
    """What a language version's PDF shows: the adopted text's symbol, structure and numbers with
    the version's title and text, the header in the version's language (call it under that language)."""
    document = version.document
    snapshot = revision.snapshot
    outline = selectors.translation_outline(version, revision)
    selectors.render_outline(outline, mode="pdf")
    annexes = GeneratedText.annex_section_uids(document)
    for section in outline:
        section.annex = section.uid in annexes
    issued = version.issued_on or timezone.localdate(timezone=document.meeting.tzinfo)
    original = snapshot.get("original_language", document.original_language)
    return {
        **header_lines(
            distribution=snapshot.get("distribution", document.distribution),
            original=original,
            issued=issued,
            version_language=version.language,
        ),
        "meeting": document.meeting,
        "document": document,
        "revision": revision,
        "symbol": revision.symbol,
        "title": version.title or snapshot.get("title", document.title),
        "issued": issued,
        "lang": version.language,
        "agenda_item": version.texts.get("agenda_item", "") if snapshot.get("agenda_item") else "",
        "sponsors": snapshot.get("sponsors", []),
        "sections": outline,
        "is_draft": not version.is_issued,
        "working_text": False,
    }


def translation_pdf(version: Translation, *, fetcher=None) -> bytes:
    """The PDF of a language version rendered from its entered text, in its language (Arabic right to
    left); the issued version of a published document is a tagged PDF/UA file like its original."""
    revision = selectors.adopted_revision(version.document)
    tagged = version.is_issued and version.document.state == OutcomeDocument.State.PUBLISHED
    with translation.override(portal_language(version.language)):
        context = translation_context(version, revision)
        context["tagged"] = tagged
        html = render_to_string("outcomes/pdf/document.html", context)
    return write_pdf(html, tagged=tagged, fetcher=fetcher)


def _text_language(document: OutcomeDocument, revision: Revision | None) -> str:
    if revision is not None:
        return revision.snapshot.get("original_language", document.original_language)
    return document.original_language


def compare_pdf(document: OutcomeDocument, *, old_label: str, new_label: str, comparison, fetcher=None) -> bytes:
    with translation.override(portal_language(document.original_language)):
        html = _render_comparison(document, old_label=old_label, new_label=new_label, comparison=comparison)
    return write_pdf(html, fetcher=fetcher)


def _render_comparison(document: OutcomeDocument, *, old_label: str, new_label: str, comparison) -> str:
    return render_to_string(
        "outcomes/pdf/compare.html",
        {
            "meeting": document.meeting,
            "document": document,
            "old_label": old_label,
            "new_label": new_label,
            "comparison": comparison,
            "issued": timezone.localdate(timezone=document.meeting.tzinfo),
            "lang": document.original_language,
        },
    )
