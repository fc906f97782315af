"""The stored PDFs of outcome documents: each frozen revision, each language version, the working text.

A revision never changes once frozen, so its PDF is rendered once, when it is frozen (and again
when the adopted text is published, as a tagged PDF/UA file); a language version is rendered
when it is saved. Visitors are served the stored copy (outcomes.views), never a render.
The working text's PDF is stored too, keyed by a fingerprint of the text as it stands (the
snapshot a circulation would freeze) and of the day it is dated: every reader of the same text
is served one copy, and a render happens only when the text changed since the last copy.
The PDFs are in the language of their text whoever asks, so they are stored in the default
language only (one copy, not one per visitor's language).
Registered with ccm_portal.jobs in OutcomesConfig.ready.
"""

import hashlib
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.registry import Rendered
from ccm_portal.languages import portal_language

from . import compare, pdfs, selectors
from .models import GeneratedText, OutcomeDocument, Revision, Translation, snapshot_fingerprint

REVISION_KIND = "outcomes.revision"
TRANSLATION_KIND = "outcomes.translation"
WORKING_KIND = "outcomes.working_text"
COMPARISON_KIND = "outcomes.comparison"
# The name of the drafters' text among the revisions a comparison is made of.
WORKING = "working"
# Bumped when the PDF layout changes, so that every stored copy is rendered again.
LAYOUT = "2"


def _hash(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def revision_tagged(revision: Revision, document: OutcomeDocument) -> bool:
    return revision.kind == Revision.Kind.ADOPTED and document.state == OutcomeDocument.State.PUBLISHED


def revision_fingerprint(revision: Revision, document: OutcomeDocument) -> str:
    """What a revision's PDF is made of: the frozen text (its own fingerprint) and whether it is tagged."""
    return _hash(
        "revision",
        LAYOUT,
        revision.pk,
        revision.fingerprint,
        revision.symbol,
        revision.title,
        revision.created_at.isoformat(),
        revision_tagged(revision, document),
    )


def revision_key(revision: Revision) -> str:
    return f"{REVISION_KIND}:{revision.pk}"


def translation_fingerprint(version: Translation, revision: Revision) -> str:
    tagged = version.is_issued and version.document.state == OutcomeDocument.State.PUBLISHED
    return _hash("translation", LAYOUT, version.pk, version.version, revision.pk, revision.fingerprint, tagged)


def translation_key(version: Translation) -> str:
    return f"{TRANSLATION_KIND}:{version.pk}"


def stored_revision_pdf(revision: Revision):
    """The stored PDF of this revision as it stands, if it has been rendered."""
    fingerprint = revision_fingerprint(revision, revision.document)
    return jobs.stored_copy(kind=REVISION_KIND, fingerprint=fingerprint, language=settings.LANGUAGE_CODE)


def request_revision_pdf(revision: Revision, *, by=None):
    document = revision.document
    return jobs.request_render(
        kind=REVISION_KIND,
        meeting=document.meeting,
        key=revision_key(revision),
        params={"revision": revision.pk},
        fingerprint=revision_fingerprint(revision, document),
        filename=f"{revision.symbol}.pdf",
        by=by,
        language=settings.LANGUAGE_CODE,
    )


def stored_translation_pdf(version: Translation, revision: Revision):
    fingerprint = translation_fingerprint(version, revision)
    return jobs.stored_copy(kind=TRANSLATION_KIND, fingerprint=fingerprint, language=settings.LANGUAGE_CODE)


def request_translation_pdf(version: Translation, revision: Revision, *, by=None):
    return jobs.request_render(
        kind=TRANSLATION_KIND,
        meeting=version.document.meeting,
        key=translation_key(version),
        params={"translation": version.pk},
        fingerprint=translation_fingerprint(version, revision),
        filename=f"{revision.symbol}-{version.language}.pdf",
        by=by,
        language=settings.LANGUAGE_CODE,
    )


def working_fingerprint(document: OutcomeDocument) -> str:
    """What the working text's PDF is made of: the text and particulars as a circulation would freeze
    them, the symbol, the annexes that start a page, and the day in its header (the meeting's)."""
    return _hash(
        "working",
        LAYOUT,
        document.pk,
        snapshot_fingerprint(selectors.build_snapshot(document)),
        document.symbol,
        sorted(GeneratedText.annex_section_uids(document)),
        timezone.localdate(timezone=document.meeting.tzinfo).isoformat(),
    )


def working_key(document: OutcomeDocument) -> str:
    return f"{WORKING_KIND}:{document.pk}"


def _pdf_name(text: str, suffix: str) -> str:
    return f"{slugify(text.replace('/', '-')) or 'document'}{suffix}.pdf"


def working_filename(document: OutcomeDocument) -> str:
    return _pdf_name(document.symbol or document.title, "-working-text")


def current_working_pdf(document: OutcomeDocument, fingerprint: str | None = None):
    """The stored PDF of the working text as it stands now, else the job rendering it, else None."""
    return _current(WORKING_KIND, fingerprint or working_fingerprint(document))


def request_working_pdf(document: OutcomeDocument, *, by=None, fingerprint: str | None = None):
    return jobs.request_render(
        kind=WORKING_KIND,
        meeting=document.meeting,
        key=working_key(document),
        params={"document": document.pk},
        fingerprint=fingerprint or working_fingerprint(document),
        filename=working_filename(document),
        by=by,
        language=settings.LANGUAGE_CODE,
    )


def revision_choice(revision: Revision) -> str:
    """How a frozen text is named in a comparison: "CCM/MSP/2010/WP.1 (First circulation)"."""
    return _("%(symbol)s (%(label)s)") % {"symbol": revision.symbol, "label": revision.label}


def _compared_text(document: OutcomeDocument, key) -> tuple[dict, str, str]:
    """(snapshot, name, fingerprint) of one side of a comparison: a revision number or WORKING.
    Call it in the text's language (the names are printed in it)."""
    if key == WORKING:
        snapshot = selectors.build_snapshot(document)
        return snapshot, _("the working text"), snapshot_fingerprint(snapshot)
    revision = document.revisions.get(number=key)
    return revision.snapshot, revision_choice(revision), revision.fingerprint or snapshot_fingerprint(revision.snapshot)


def comparison_fingerprint(document: OutcomeDocument, old_key, new_key) -> str:
    """What a comparison's PDF is made of: both texts, their names and the day in its header."""
    with translation.override(portal_language(document.original_language)):
        (_old, old_name, old_fp), (_new, new_name, new_fp) = (
            _compared_text(document, old_key),
            _compared_text(document, new_key),
        )
    day = timezone.localdate(timezone=document.meeting.tzinfo).isoformat()
    return _hash("comparison", LAYOUT, document.pk, old_fp, new_fp, old_name, new_name, day)


def _current(kind: str, fingerprint: str):
    """The stored copy of exactly this data, else the job rendering it, else None."""
    stored = jobs.stored_copy(kind=kind, fingerprint=fingerprint, language=settings.LANGUAGE_CODE)
    if stored is not None:
        return stored
    fingerprint = jobs.language_fingerprint(fingerprint, settings.LANGUAGE_CODE)
    jobs.abandon_stale(kind=kind, fingerprint=fingerprint)  # a dead worker's job blocks no one
    return RenderJob.objects.filter(kind=kind, fingerprint=fingerprint, status__in=RenderJob.ACTIVE).first()


def current_comparison_pdf(document: OutcomeDocument, fingerprint: str):
    return _current(COMPARISON_KIND, fingerprint)


def request_comparison_pdf(document: OutcomeDocument, old_key, new_key, *, fingerprint: str, by=None):
    """Render the comparison of two texts the reader may read (the view checked): revision numbers or WORKING."""
    day = timezone.localdate(timezone=document.meeting.tzinfo)
    return jobs.request_render(
        kind=COMPARISON_KIND,
        meeting=document.meeting,
        key=f"{COMPARISON_KIND}:{document.pk}:{old_key}:{new_key}",
        params={"document": document.pk, "from": old_key, "to": new_key},
        fingerprint=fingerprint,
        filename=_pdf_name(document.symbol or document.title, f"-comparison-{day:%Y%m%d}"),
        by=by,
        language=settings.LANGUAGE_CODE,
    )


def _render_revision_after_commit(revision_pk: int) -> None:
    revision = Revision.objects.select_related("document__meeting").filter(pk=revision_pk).first()
    if revision is not None:
        request_revision_pdf(revision)


def _render_translation_after_commit(version_pk: int) -> None:
    version = Translation.objects.select_related("document__meeting").filter(pk=version_pk).first()
    if version is None or version.is_uploaded:
        return
    revision = selectors.adopted_revision(version.document)
    if revision is not None:
        request_translation_pdf(version, revision)


def render_revision_when_committed(revision: Revision) -> None:
    """Queue the revision's PDF once the transaction that froze (or published) it commits."""
    transaction.on_commit(partial(_render_revision_after_commit, revision.pk))


def render_document_when_committed(document: OutcomeDocument) -> None:
    """Queue the PDFs that change when a document is published: its adopted text and its language versions."""
    for revision in document.revisions.filter(kind=Revision.Kind.ADOPTED):
        render_revision_when_committed(revision)
    for version in Translation.objects.filter(document=document):
        render_translation_when_committed(version)


def render_translation_when_committed(version: Translation) -> None:
    transaction.on_commit(partial(_render_translation_after_commit, version.pk))


def render_revision(job, progress) -> Rendered:
    revision = Revision.objects.select_related("document__meeting").get(pk=job.params["revision"])
    document = revision.document
    progress(10, _("Laying out the text"))
    content = pdfs.document_pdf(document, revision)
    return Rendered(content=content, fingerprint=revision_fingerprint(revision, document))


def render_translation(job, progress) -> Rendered:
    version = Translation.objects.select_related("document__meeting").get(pk=job.params["translation"])
    revision = selectors.adopted_revision(version.document)
    progress(10, _("Laying out the text"))
    content = pdfs.translation_pdf(version)
    return Rendered(content=content, fingerprint=translation_fingerprint(version, revision))


def render_working_text(job, progress) -> Rendered:
    document = OutcomeDocument.objects.select_related("meeting").get(pk=job.params["document"])
    # Taken before the render: a text changed meanwhile gets a new copy on its next request.
    fingerprint = working_fingerprint(document)
    progress(10, _("Laying out the text"))
    return Rendered(content=pdfs.document_pdf(document), fingerprint=fingerprint)


def render_comparison(job, progress) -> Rendered:
    document = OutcomeDocument.objects.select_related("meeting").get(pk=job.params["document"])
    old_key, new_key = job.params["from"], job.params["to"]
    fingerprint = comparison_fingerprint(document, old_key, new_key)
    progress(10, _("Laying out the text"))
    with translation.override(portal_language(document.original_language)):
        old, old_name, _fp = _compared_text(document, old_key)
        new, new_name, _fp = _compared_text(document, new_key)
    content = pdfs.compare_pdf(
        document, old_label=old_name, new_label=new_name, comparison=compare.compare_snapshots(old, new)
    )
    return Rendered(content=content, fingerprint=fingerprint)
