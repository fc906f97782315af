"""One document: its text as this visitor may read it, the drafters' workspace, its particulars and drafters."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import allowed, authorize, rule
from ccm_portal.confirm import confirm_then

from .. import forms, loaders, selectors, services
from ..models import OutcomeDocument, Paragraph
from ..rules import accredited_delegations, proposal_refusal
from ._common import doc_context


@rule("outcomes.view_document", load=loaders.document)
def detail(request, document, pk):
    """The text as this visitor may read it, with "propose" links for accredited delegations."""
    user = request.user
    revision = selectors.revision_to_read(document, working_text=allowed(user, "outcomes.view_live_text", document))
    if revision is None:
        outline = selectors.document_outline(document)
    else:
        outline = selectors.snapshot_outline(revision.snapshot)
    footnotes = selectors.render_outline(outline)
    delegations = accredited_delegations(user, document.meeting)
    in_a_delegation = delegations.exists()
    can_propose = allowed(user, "outcomes.propose", document)
    # Why not, told to the delegations' focal points while the document takes proposals.
    told = not can_propose and document.takes_proposals and in_a_delegation
    refusal = proposal_refusal(user, document) if told else ""
    return render(
        request,
        "outcomes/detail.html",
        doc_context(
            request,
            document,
            revision=revision,
            live=revision is None,
            sections=outline,
            footnotes=footnotes,
            can_propose=can_propose,
            proposal_refusal=refusal,
            my_proposals=selectors.proposals_of_delegations(document, delegations) if in_a_delegation else [],
        ),
    )


@rule("outcomes.draft_document", load=loaders.signed_in_document)
def workspace(request, document, pk):
    outline = selectors.document_outline(document)
    footnotes = selectors.render_outline(outline)
    pending = selectors.pending_proposals_by_paragraph(document)
    for section in outline:
        for paragraph in section.paragraphs:
            paragraph.pending = pending.get(paragraph.pk, 0)
    return render(
        request,
        "outcomes/workspace.html",
        doc_context(
            request,
            document,
            sections=outline,
            footnotes=footnotes,
            removed=selectors.removed_paragraphs(document),
            statuses=Paragraph.Status.choices,
            problems=selectors.adoption_problems(document)
            if document.state == OutcomeDocument.State.NEGOTIATION
            else [],
        ),
    )


@rule("outcomes.draft_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def settings_edit(request, document, pk):
    can_edit = allowed(request.user, "outcomes.change_settings", document)
    form = forms.DocumentForm(request.POST or None, instance=document, meeting=document.meeting)
    if request.method == "POST":
        authorize(request.user, "outcomes.change_settings", document)
        if form.is_valid():
            try:
                services.document_update(document=document, by=request.user, **form.particulars())
            except services.OutcomeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The particulars are saved."))
                return redirect("outcomes:settings", pk=document.pk)
    # The form wrote the posted values onto its instance: the page shows the document as stored.
    document = loaders.document_for_user(user=request.user, pk=document.pk)
    return render(
        request,
        "outcomes/document_form.html",
        doc_context(
            request,
            document,
            form=form,
            can_edit_settings=can_edit,
            drafters=list(document.drafters.order_by("full_name")),
            drafter_form=forms.DrafterForm(),
            can_manage=allowed(request.user, "outcomes.manage_document", document),
        ),
        status=400 if form.errors else 200,
    )


@rule("outcomes.manage_document", load=loaders.signed_in_document)
@require_POST
def drafter_add(request, document, pk):
    form = forms.DrafterForm(request.POST)
    if form.is_valid():
        try:
            services.drafter_add(document=document, user=form.user, by=request.user)
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s is now a drafter of this document.") % {"name": form.user})
    else:
        for error in form.errors.get("email", []):
            messages.error(request, error)
    return redirect("outcomes:settings", pk=document.pk)


@rule("outcomes.manage_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def drafter_remove(request, document, pk, user_pk):
    """GET asks; POST removes the drafter, with an Undo that adds the same person back."""
    user = loaders.drafter_of(document, user_pk)
    particulars = reverse("outcomes:settings", kwargs={"pk": document.pk})
    return confirm_then(
        request,
        act=lambda: services.drafter_remove(document=document, user=user, by=request.user),
        errors=(services.OutcomeError,),
        done=_("%(name)s is no longer a drafter.") % {"name": user},
        back=particulars,
        undo={
            "url": reverse("outcomes:drafter_add", kwargs={"pk": document.pk}),
            "label": _("Undo: make them a drafter again"),
            "fields": {"email": user.email},
        },
        template="outcomes/confirm.html",
        context=doc_context(
            request,
            document,
            tab="settings",
            heading=_("Remove %(name)s from the drafters?") % {"name": user},
            explanation=_("They can no longer edit the text or decide on proposals; what they did is kept."),
            button=_("Remove the drafter"),
            cancel_url=particulars,
        ),
    )
