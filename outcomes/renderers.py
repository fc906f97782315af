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
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.registry import Rendered

from . import pdfs, selectors
from .models import GeneratedText, OutcomeDocument, Revision, Translation, snapshot_fingerprint

REVISION_KIND = "outcomes.revision"
TRANSLATION_KIND = "outcomes.translation"
WORKING_KIND = "outcomes.working_text"
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


def working_filename(document: OutcomeDocument) -> str:
    return f"{slugify((document.symbol or document.title).replace('/', '-')) or 'document'}-working-text.pdf"


def current_working_pdf(document: OutcomeDocument, fingerprint: str | None = None):
    """The stored PDF of the working text as it stands now, else the job rendering it, else None."""
    fingerprint = fingerprint or working_fingerprint(document)
    stored = jobs.stored_copy(kind=WORKING_KIND, fingerprint=fingerprint, language=settings.LANGUAGE_CODE)
    if stored is not None:
        return stored
    fingerprint = jobs.language_fingerprint(fingerprint, settings.LANGUAGE_CODE)
    jobs.abandon_stale(kind=WORKING_KIND, fingerprint=fingerprint)  # a dead worker's job blocks no one
    return RenderJob.objects.filter(kind=WORKING_KIND, fingerprint=fingerprint, status__in=RenderJob.ACTIVE).first()


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
