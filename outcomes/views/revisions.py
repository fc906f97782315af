"""Frozen revisions, the comparison of two texts, and the PDFs of revisions, working text and comparison."""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ccm_portal.access import allowed, rule
from ccm_portal.jobs.serving import on_demand_allowed, preparing, serve_job, too_many_renders
from ccm_portal.languages import portal_language
from ccm_portal.params import parse_id

from .. import compare as comparing
from .. import loaders, renderers, selectors
from ._common import doc_context, filename


@rule("outcomes.view_document", load=loaders.signed_in_document)
def revision_list(request, document, pk):
    visible = selectors.readable_revisions(request.user, document)
    for previous, revision in zip([None, *visible], visible, strict=False):
        revision.prev = previous.number if previous else None
    return render(request, "outcomes/revision_list.html", doc_context(request, document, revisions=visible))


@rule("outcomes.view_revision", load=loaders.revision)
def revision_detail(request, revision, pk, number):
    document = revision.document
    outline = selectors.snapshot_outline(revision.snapshot)
    footnotes = selectors.render_outline(outline)
    return render(
        request,
        "outcomes/revision_detail.html",
        doc_context(request, document, revision=revision, sections=outline, footnotes=footnotes),
    )


@rule("outcomes.view_revision", load=loaders.revision)
def revision_pdf(request, revision, pk, number):
    """The stored PDF of a frozen text (rendered when it was frozen): never rendered on a reader's request."""
    job = renderers.stored_revision_pdf(revision)
    if job is None:
        job, _how = renderers.request_revision_pdf(revision)
    if not job.is_done:
        return preparing(
            request,
            job,
            title=revision.symbol,
            back_url=reverse("outcomes:revision", kwargs={"pk": revision.document_id, "number": revision.number}),
        )
    return serve_job(request, job, filename=filename(revision.symbol))


@rule("outcomes.view_live_text", load=loaders.signed_in_document)
def working_pdf(request, document, pk):
    """The working text from the stored copy every reader of the same text shares. When the text
    changed since the last copy it is rendered in the background while the reader waits a few
    seconds; starting such a render counts against the reader's allowance (a few a minute)."""
    fingerprint = renderers.working_fingerprint(document)
    job = renderers.current_working_pdf(document, fingerprint)
    back_url = reverse("outcomes:detail", kwargs={"pk": document.pk})
    if job is None:
        if not on_demand_allowed(request.user):
            return too_many_renders(request, back_url=back_url)
        job, _how = renderers.request_working_pdf(document, by=request.user, fingerprint=fingerprint)
    if not job.is_done:
        return preparing(request, job, title=document.symbol or document.title, back_url=back_url)
    return serve_job(request, job, filename=renderers.working_filename(document))


def _comparison(request, document):
    """The two texts named by ?from=&to= (revision numbers, or "working" for the drafters' text)."""
    readable = {r.number: r for r in selectors.readable_revisions(request.user, document)}
    may_see_working = allowed(request.user, "outcomes.view_live_text", document)
    numbers = sorted(readable)
    default_old = numbers[-2] if len(numbers) >= 2 else (numbers[0] if numbers else None)
    default_new = numbers[-1] if len(numbers) >= 2 else ("working" if may_see_working else None)

    def pick(value, default):
        if value in (None, ""):
            return default
        if value == "working":
            if not may_see_working:
                raise Http404
            return "working"
        number = parse_id(value, minimum=0)
        if number is None:
            raise BadRequest(_("Choose revisions to compare from the list."))
        if number not in readable:
            raise Http404
        return number

    old_key = pick(request.GET.get("from"), default_old)
    new_key = pick(request.GET.get("to"), default_new)
    if old_key is None or new_key is None:
        return None

    def load(key):
        if key == "working":
            return selectors.build_snapshot(document), _("the working text")
        revision = readable[key]
        return revision.snapshot, _revision_choice(revision)

    (old, old_label), (new, new_label) = load(old_key), load(new_key)
    return {
        "comparison": comparing.compare_snapshots(old, new),
        "old_key": old_key,
        "new_key": new_key,
        "old_label": old_label,
        "new_label": new_label,
        "choices": [(n, _revision_choice(r)) for n, r in readable.items()]
        + ([("working", _("Working text"))] if may_see_working else []),
    }


_revision_choice = renderers.revision_choice


@rule("outcomes.view_document", load=loaders.signed_in_document)
def compare(request, document, pk):
    result = _comparison(request, document)
    return render(request, "outcomes/compare.html", doc_context(request, document, result=result))


@rule("outcomes.view_document", load=loaders.signed_in_document)
def compare_pdf(request, document, pk):
    """The comparison from a stored copy every reader of the same two texts shares; rendered in the
    background (the reader waits a few seconds) when one of them changed, which counts against the
    reader's allowance of new renders."""
    with translation.override(portal_language(document.original_language)):
        result = _comparison(request, document)
    if result is None:
        raise Http404
    old_key, new_key = result["old_key"], result["new_key"]
    back_url = f"{reverse('outcomes:compare', kwargs={'pk': document.pk})}?from={old_key}&to={new_key}"
    fingerprint = renderers.comparison_fingerprint(document, old_key, new_key)
    job = renderers.current_comparison_pdf(document, fingerprint)
    if job is None:
        if not on_demand_allowed(request.user):
            return too_many_renders(request, back_url=back_url)
        job, _how = renderers.request_comparison_pdf(
            document, old_key, new_key, fingerprint=fingerprint, by=request.user
        )
    if not job.is_done:
        return preparing(request, job, title=document.symbol or document.title, back_url=back_url)
    return serve_job(request, job)
