"""The negotiation and the proposals: delegations propose and comment, drafters decide."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import allowed, rule
from ccm_portal.concurrency import check_version
from ccm_portal.confirm import confirm_then
from ccm_portal.idempotency.tokens import AlreadySubmitted, InvalidFormToken, submit_once
from ccm_portal.params import id_from_query
from ccm_portal.tables import paginate_rows

from .. import compare as comparing
from .. import forms, loaders, markup, selectors, services
from ..models import Paragraph, Proposal
from ..rules import accredited_delegations, proposal_refusal
from ._common import doc_context

# Proposals whose acceptance writes over an existing paragraph: deciding them needs the version seen.
VERSIONED_KINDS = (Proposal.Kind.REPLACE, Proposal.Kind.DELETE)


@rule("outcomes.view_live_text", load=loaders.signed_in_document)
def negotiation(request, document, pk):
    proposals = selectors.visible_proposal_list(request.user, document)
    selectors.annotate_proposal_cards(request.user, document, proposals)
    outline = selectors.negotiation_outline(document, proposals)
    footnotes = selectors.render_outline(outline)
    return render(
        request,
        "outcomes/negotiation.html",
        doc_context(
            request,
            document,
            sections=outline,
            footnotes=footnotes,
            counts=selectors.status_counts(outline),
            comments=[p for p in proposals if p.paragraph_id is None],
            statuses=Paragraph.Status.choices,
            can_decide=allowed(request.user, "outcomes.decide_proposal", document),
            can_propose=allowed(request.user, "outcomes.propose", document),
        ),
    )


@rule("outcomes.view_proposals", load=loaders.signed_in_document)
def proposal_list(request, document, pk):
    status = request.GET.get("status", "")
    if status not in Proposal.Status.values:
        status = ""
    labels = selectors.paragraph_labels(document)
    # Grouped paragraph by paragraph, in the order of the text; general comments first; 25 a page.
    page = paginate_rows(request, selectors.proposal_ids_in_text_order(request.user, document, labels, status=status))
    proposals = selectors.proposals_by_ids(page.object_list)
    selectors.annotate_proposal_cards(request.user, document, proposals)
    for proposal in proposals:
        proposal.current_label = labels.get(proposal.paragraph_id, "")
    return render(
        request,
        "outcomes/proposal_list.html",
        doc_context(
            request,
            document,
            proposals=proposals,
            page=page,
            status=status,
            statuses=Proposal.Status.choices,
            can_decide=allowed(request.user, "outcomes.decide_proposal", document),
            can_propose=allowed(request.user, "outcomes.propose", document),
        ),
    )


def _proposal_delegations(request, document):
    return accredited_delegations(request.user, document.meeting).order_by("sort_name")


# Proposing and commenting are open to whoever reads the document: those who may not
# propose (now) are told why on the document's page rather than shown a 403.


@rule("outcomes.view_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def propose(request, document, pk, uid):
    paragraph = loaders.paragraph_by_uid(document, uid)
    refusal = proposal_refusal(request.user, document)
    if refusal:
        messages.error(request, refusal)
        return redirect(document)
    delegations = _proposal_delegations(request, document)
    # What the delegate reads: the circulated text, or the working text during the negotiation.
    try:
        base_text, base_label, revision = services.proposal_base(document, paragraph)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
        return redirect(document)
    form = forms.ProposalForm(
        request.POST or None,
        delegations=delegations,
        initial={"text": base_text, "seen_version": paragraph.version, "kind": Proposal.Kind.REPLACE},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submit_once(
                request,
                "outcomes.propose",
                lambda: services.proposal_create(
                    document=document,
                    delegation=data["delegation"],
                    by=request.user,
                    kind=data["kind"],
                    paragraph=paragraph,
                    text=data["text"],
                    rationale=data["rationale"],
                    seen_version=data["seen_version"],
                ),
            )
        except AlreadySubmitted as exc:
            messages.info(request, str(exc))
            return redirect("outcomes:proposals", pk=document.pk)
        except InvalidFormToken as exc:
            form.add_error(None, str(exc))
        except services.ParagraphConflict as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "The paragraph changed since you opened this page. Its current text is shown; "
                    "your proposal is kept below. Check it and send again."
                ),
            )
            form.data = form.data.copy()
            form.data["seen_version"] = conflict.version
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your proposal is sent to the drafters."))
            return redirect("outcomes:proposals", pk=document.pk)
    return render(
        request,
        "outcomes/proposal_form.html",
        doc_context(
            request,
            document,
            form=form,
            paragraph=paragraph,
            base_text=base_text,
            base_html=markup.render(base_text),
            base_label=base_label,
            revision=revision,
            conflict=conflict,
        ),
        status=409 if conflict else (400 if form.errors else 200),
    )


@rule("outcomes.view_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def comment(request, document, pk):
    refusal = proposal_refusal(request.user, document)
    if refusal:
        messages.error(request, refusal)
        return redirect(document)
    delegations = _proposal_delegations(request, document)
    form = forms.CommentForm(request.POST or None, delegations=delegations)
    if request.method == "POST" and form.is_valid():
        try:
            submit_once(
                request,
                "outcomes.comment",
                lambda: services.proposal_create(
                    document=document,
                    delegation=form.cleaned_data["delegation"],
                    by=request.user,
                    kind=Proposal.Kind.COMMENT,
                    text=form.cleaned_data["text"],
                ),
            )
        except AlreadySubmitted as exc:
            messages.info(request, str(exc))
            return redirect("outcomes:proposals", pk=document.pk)
        except InvalidFormToken as exc:
            form.add_error(None, str(exc))
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your comment is sent to the drafters."))
            return redirect("outcomes:proposals", pk=document.pk)
    return render(
        request,
        "outcomes/comment_form.html",
        doc_context(request, document, form=form),
        status=400 if form.errors else 200,
    )


# Whole sentences per outcome, so each language can agree the participle with "proposal".
DECIDED_MESSAGES = {
    Proposal.Status.ACCEPTED: gettext_lazy("Proposal accepted."),
    Proposal.Status.ACCEPTED_MODIFIED: gettext_lazy("Proposal accepted with changes."),
    Proposal.Status.REJECTED: gettext_lazy("Proposal rejected."),
}
ALREADY_DECIDED_MESSAGES = {
    Proposal.Status.ACCEPTED: gettext_lazy("This proposal is already accepted."),
    Proposal.Status.ACCEPTED_MODIFIED: gettext_lazy("This proposal is already accepted with changes."),
    Proposal.Status.REJECTED: gettext_lazy("This proposal is already rejected."),
    Proposal.Status.WITHDRAWN: gettext_lazy("This proposal is already withdrawn."),
}


@rule("outcomes.decide_proposal", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def proposal_decide(request, document, pk, prpk):
    proposal = loaders.proposal_for_user(user=request.user, document=document, pk=prpk)
    if not proposal.is_pending:
        messages.info(request, ALREADY_DECIDED_MESSAGES[proposal.status])
        return redirect("outcomes:proposals", pk=document.pk)
    paragraph = proposal.paragraph
    current = selectors.current_paragraph(paragraph)
    reconcile = proposal.is_outdated
    form = forms.DecideForm(
        request.POST or None,
        initial={
            "final_text": proposal.text,
            "reconciled": reconcile,
            "expected_version": current.version if current else None,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current is not None and data["decision"] != "reject" and proposal.kind in VERSIONED_KINDS:
                # The service takes a missing version as "no check": a form that lost it must not get there.
                check_version(current, data["expected_version"], error=services.ParagraphConflict)
            services.proposal_decide(
                proposal=proposal,
                by=request.user,
                decision=data["decision"],
                reason=data["reason"],
                final_text=data["final_text"]
                if (data["decision"] == "accept_modified" or data["reconciled"])
                else None,
                reconciled=data["reconciled"],
                expected_version=data["expected_version"],
            )
        except services.NeedsReconciliation:
            reconcile = True
            form.add_error(
                None,
                _(
                    "The paragraph changed while you were deciding. Look at its current text, "
                    "adjust the text to write and confirm."
                ),
            )
            form.data = form.data.copy()
            form.data["reconciled"] = "True"
            current = selectors.current_paragraph(paragraph)
            form.data["expected_version"] = current.version
        except services.ParagraphConflict as exc:
            conflict = exc.current
            current = conflict
            reconcile = True
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["expected_version"] = conflict.version
            form.data["reconciled"] = "True"
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            proposal.refresh_from_db()
            messages.success(request, DECIDED_MESSAGES[proposal.status])
            return redirect("outcomes:proposals", pk=document.pk)
    labels = selectors.paragraph_labels(document)
    return render(
        request,
        "outcomes/proposal_decide.html",
        doc_context(
            request,
            document,
            proposal=proposal,
            form=form,
            current=current,
            current_label=labels.get(current.pk, "") if current else "",
            reconcile=reconcile,
            conflict=conflict,
            proposed_diff=comparing.word_diff(markup.plain_text(proposal.base_text), markup.plain_text(proposal.text))
            if proposal.kind == Proposal.Kind.REPLACE
            else None,
            since_diff=comparing.word_diff(markup.plain_text(proposal.base_text), markup.plain_text(current.text))
            if current and reconcile and not current.is_removed
            else None,
        ),
        status=409 if conflict or (form.errors and reconcile) else (400 if form.errors else 200),
    )


@rule("outcomes.withdraw_proposal", load=loaders.signed_in_proposal)
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, proposal, pk, prpk):
    """GET asks; POST withdraws, with an Undo that makes the proposal pending again for a few minutes."""
    document = proposal.document
    proposals_url = reverse("outcomes:proposals", kwargs={"pk": document.pk})
    where = selectors.paragraph_labels(document).get(proposal.paragraph_id, "") if proposal.paragraph_id else ""
    return confirm_then(
        request,
        act=lambda: services.proposal_withdraw(proposal=proposal, by=request.user),
        errors=(services.OutcomeError,),
        done=_("Your proposal is withdrawn."),
        back=proposals_url,
        undo={
            "url": reverse("outcomes:proposal_reinstate", kwargs={"pk": document.pk, "prpk": proposal.pk}),
            "label": _("Undo: keep the proposal"),
        },
        template="outcomes/confirm.html",
        context=doc_context(
            request,
            document,
            tab="proposals",
            heading=_("Withdraw your proposal on %(where)s?") % {"where": where}
            if where
            else _("Withdraw your proposal?"),
            quote=proposal.text or proposal.rationale,
            explanation=ngettext(
                "The drafters will no longer consider it. For %(minutes)d minute you can take the withdrawal back.",
                "The drafters will no longer consider it. For %(minutes)d minutes you can take the withdrawal back.",
                services.PROPOSAL_UNDO_MINUTES,
            )
            % {"minutes": services.PROPOSAL_UNDO_MINUTES},
            button=_("Withdraw the proposal"),
            cancel_url=proposals_url,
        ),
    )


@rule("outcomes.withdraw_proposal", load=loaders.signed_in_proposal)
@require_POST
def proposal_reinstate(request, proposal, pk, prpk):
    try:
        services.proposal_reinstate(proposal=proposal, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your proposal is pending again."))
    return redirect("outcomes:proposals", pk=proposal.document.pk)


@rule("outcomes.cosponsor_proposal", load=loaders.signed_in_proposal)
@require_POST
def proposal_cosponsor(request, proposal, pk, prpk):
    document = proposal.document
    delegation_pk = id_from_query(request, "delegation", source=request.POST, required=True)
    delegation = loaders.own_delegation(request.user, document.meeting, delegation_pk)
    join = request.POST.get("join", "1") == "1"
    try:
        services.proposal_cosponsor(proposal=proposal, delegation=delegation, by=request.user, join=join)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            (_("%(name)s co-sponsors the proposal.") if join else _("%(name)s no longer co-sponsors the proposal."))
            % {"name": delegation},
        )
    return redirect("outcomes:proposals", pk=document.pk)
