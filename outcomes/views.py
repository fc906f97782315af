"""Pages for drafting, circulating, negotiating, adopting and publishing outcome documents.

Views stay thin: load through `outcomes.permissions` (404 for what one may not
see, 403 for what one may see but not do), call a service, put a domain error
back on the form, redirect.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.concurrency import check_version
from ccm_portal.downloads import download, stored_file
from ccm_portal.idempotency.tokens import AlreadySubmitted, InvalidFormToken, submit_once
from ccm_portal.meetings.models import Meeting
from ccm_portal.params import id_from_query, parse_id

from . import compare as comparing
from . import forms, loaders, markup, pdfs, selectors, services
from . import rules as outcome_rules
from .models import OutcomeDocument, Paragraph, Proposal, Revision, Section, Translation

# Proposals whose acceptance writes over an existing paragraph: deciding them needs the version seen.
VERSIONED_KINDS = (Proposal.Kind.REPLACE, Proposal.Kind.DELETE)

State = OutcomeDocument.State


def _meeting(request, slug) -> Meeting:
    qs = Meeting.objects.all() if outcome_rules.is_secretariat.test(request.user) else Meeting.objects.published()
    return get_object_or_404(qs, slug=slug)


def drafter_page(view):
    """Load the document for a drafter; others who can see it get 403, the rest 404."""

    @wraps(view)
    @login_required
    def wrapped(request, pk, *args, **kwargs):
        document = loaders.document_for_user(user=request.user, pk=pk)
        if not outcome_rules.is_drafter.test(request.user, document):
            raise PermissionDenied
        return view(request, document, *args, **kwargs)

    return wrapped


def _pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    return download(pdf, filename=filename, inline=inline)


def _filename(text: str, suffix: str = "") -> str:
    base = slugify(text.replace("/", "-")) or "document"
    return f"{base}{suffix}.pdf"


def _doc_context(request, document: OutcomeDocument, **extra) -> dict:
    user = request.user
    return {
        "document": document,
        "meeting": document.meeting,
        "is_drafter": outcome_rules.is_drafter.test(user, document),
        "can_edit": outcome_rules.can_edit_text.test(user, document),
        "can_view_proposals": outcome_rules.can_view_proposals.test(user, document),
        "can_view_live": outcome_rules.can_view_live_text.test(user, document),
        "transitions": [a for a, p in outcome_rules.TRANSITIONS.items() if p.test(user, document)],
        **extra,
    }


# --- meeting pages -------------------------------------------------------------


def published(request, slug):
    """The public page: published outcome documents with their symbols, languages and PDFs."""
    meeting = _meeting(request, slug)
    documents = list(selectors.published_documents(meeting))
    for document in documents:
        document.adopted = document.adopted_revisions[-1] if document.adopted_revisions else None
    return render(request, "outcomes/published.html", {"meeting": meeting, "documents": documents})


@login_required
def document_list(request, slug):
    meeting = _meeting(request, slug)
    documents = selectors.documents_for_meeting(meeting, request.user)
    return render(
        request,
        "outcomes/document_list.html",
        {
            "meeting": meeting,
            "documents": documents,
            "can_create": outcome_rules.can_create.test(request.user, meeting),
            "accredited": outcome_rules.is_accredited(request.user, meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request, slug):
    meeting = _meeting(request, slug)
    if not outcome_rules.can_create.test(request.user, meeting):
        raise PermissionDenied
    form = forms.DocumentForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                meeting=meeting,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                agenda_item=data["agenda_item"],
                original_language=data["original_language"],
                distribution=data["distribution"],
                sponsors=data["sponsors"],
            )
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The document is created as a draft. Name its drafters and write the text."))
            return redirect("outcomes:settings", pk=document.pk)
    return render(request, "outcomes/document_form.html", {"meeting": meeting, "form": form, "document": None})


# --- a document ----------------------------------------------------------------


def detail(request, pk):
    """The text as this visitor may read it, with "propose" links for accredited delegations."""
    document = loaders.document_for_user(user=request.user, pk=pk)
    user = request.user
    revision = None
    live = False
    if document.is_final:
        revision = document.revisions.filter(kind=Revision.Kind.ADOPTED).order_by("-number").first()
    elif outcome_rules.can_view_live_text.test(user, document):
        live = True
    else:
        revision = document.revisions.order_by("-number").first()
    if live or revision is None:
        outline = selectors.document_outline(document)
        live = True
    else:
        outline = selectors.snapshot_outline(revision.snapshot)
    footnotes = selectors.render_outline(outline)
    delegations = outcome_rules.accredited_delegations(user, document.meeting)
    can_propose = outcome_rules.can_propose.test(user, document)
    refusal = "" if can_propose else outcome_rules.proposal_refusal(user, document)
    my_proposals = []
    if user.is_authenticated and delegations.exists():
        my_proposals = list(
            selectors.proposal_queryset()
            .filter(document=document)
            .filter(Q(delegation__in=delegations) | Q(cosponsors__in=delegations))
            .distinct()
        )
    return render(
        request,
        "outcomes/detail.html",
        _doc_context(
            request,
            document,
            revision=revision,
            live=live,
            sections=outline,
            footnotes=footnotes,
            can_propose=can_propose,
            proposal_refusal=refusal if document.takes_proposals and delegations.exists() else "",
            my_proposals=my_proposals,
        ),
    )


@drafter_page
def workspace(request, document):
    outline = selectors.document_outline(document)
    footnotes = selectors.render_outline(outline)
    pending = dict(
        Proposal.objects.filter(document=document, status=Proposal.Status.PENDING, paragraph__isnull=False)
        .values_list("paragraph_id")
        .annotate(n=Count("pk"))
    )
    for section in outline:
        for paragraph in section.paragraphs:
            paragraph.pending = pending.get(paragraph.pk, 0)
    removed = list(
        Paragraph.objects.filter(document=document, removed_at__isnull=False)
        .select_related("section", "updated_by")
        .order_by("-removed_at")[:50]
    )
    return render(
        request,
        "outcomes/workspace.html",
        _doc_context(
            request,
            document,
            sections=outline,
            footnotes=footnotes,
            removed=removed,
            statuses=Paragraph.Status.choices,
            problems=selectors.adoption_problems(document) if document.state == State.NEGOTIATION else [],
        ),
    )


@drafter_page
@require_http_methods(["GET", "POST"])
def settings_edit(request, document):
    can_edit = outcome_rules.can_edit_settings.test(request.user, document)
    form = forms.DocumentForm(request.POST or None, instance=document, meeting=document.meeting)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.document_update(
                    document=document,
                    by=request.user,
                    title=data["title"],
                    kind=data["kind"],
                    agenda_item=data["agenda_item"],
                    original_language=data["original_language"],
                    distribution=data["distribution"],
                    sponsors=data["sponsors"],
                )
            except services.OutcomeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The particulars are saved."))
                return redirect("outcomes:settings", pk=document.pk)
    document = OutcomeDocument.objects.select_related("meeting").get(pk=document.pk)
    return render(
        request,
        "outcomes/document_form.html",
        _doc_context(
            request,
            document,
            form=form,
            can_edit_settings=can_edit,
            drafters=list(document.drafters.order_by("full_name")),
            drafter_form=forms.DrafterForm(),
            can_manage=outcome_rules.can_manage.test(request.user, document),
            translations=list(document.translations.all()),
            translation_form=forms.TranslationForm(document=document) if document.is_final else None,
        ),
        status=400 if form.errors else 200,
    )


@drafter_page
@require_POST
def drafter_add(request, document):
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


@drafter_page
@require_POST
def drafter_remove(request, document, user_pk):
    user = get_object_or_404(document.drafters.all(), pk=user_pk)
    try:
        services.drafter_remove(document=document, user=user, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is no longer a drafter.") % {"name": user})
    return redirect("outcomes:settings", pk=document.pk)


@drafter_page
@require_POST
def translation_upload(request, document):
    if not outcome_rules.can_manage.test(request.user, document):
        raise PermissionDenied
    form = forms.TranslationForm(request.POST, request.FILES, document=document)
    if form.is_valid():
        try:
            services.translation_upload(
                document=document,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The language version is stored."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")
    return redirect("outcomes:settings", pk=document.pk)


def translation_download(request, pk, language):
    document = loaders.document_for_user(user=request.user, pk=pk)
    translation = get_object_or_404(Translation, document=document, language=language)
    if not document.is_final or (
        document.state != State.PUBLISHED and not outcome_rules.is_drafter.test(request.user, document)
    ):
        raise Http404
    return stored_file(translation.file, filename=_filename(f"{document.symbol}-{language}"))


# --- sections ----------------------------------------------------------------


def _workspace_url(document, anchor: str = "") -> str:
    url = reverse("outcomes:workspace", kwargs={"pk": document.pk})
    return f"{url}#{anchor}" if anchor else url


def _section(document, spk) -> Section:
    return get_object_or_404(Section, document=document, pk=spk, removed_at__isnull=True)


@drafter_page
@require_http_methods(["GET", "POST"])
def section_edit(request, document, spk=None):
    section = _section(document, spk) if spk else None
    if not outcome_rules.can_edit_text.test(request.user, document):
        raise PermissionDenied
    form = forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            if section is None:
                after = id_from_query(request, "after")
                after_section = _section(document, after) if after else None
                section = services.section_add(
                    document=document,
                    by=request.user,
                    heading=form.cleaned_data["heading"],
                    numbered=form.cleaned_data["numbered"],
                    after=after_section,
                )
            else:
                services.section_update(
                    section=section,
                    by=request.user,
                    heading=form.cleaned_data["heading"],
                    numbered=form.cleaned_data["numbered"],
                )
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The section is saved."))
            return redirect(_workspace_url(document, f"s-{section.pk}"))
    return render(request, "outcomes/section_form.html", _doc_context(request, document, form=form, section=section))


@drafter_page
@require_POST
def section_move(request, document, spk):
    section = _section(document, spk)
    try:
        services.section_move(section=section, by=request.user, direction=request.POST.get("direction", "up"))
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    return redirect(_workspace_url(document, f"s-{section.pk}"))


@drafter_page
@require_http_methods(["GET", "POST"])
def section_delete(request, document, spk):
    section = _section(document, spk)
    if request.method == "POST":
        try:
            services.section_remove(section=section, by=request.user)
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The section is deleted."))
        return redirect(_workspace_url(document))
    return render(
        request,
        "outcomes/confirm.html",
        _doc_context(
            request,
            document,
            heading=_("Delete the section “%(name)s”?") % {"name": section.heading or _("untitled")},
            explanation=_("Only an empty section can be deleted."),
            button=_("Delete the section"),
        ),
    )


# --- paragraphs --------------------------------------------------------------


def _paragraph(document, ppk, *, active: bool = True) -> Paragraph:
    qs = Paragraph.objects.filter(document=document).select_related("section")
    if active:
        qs = qs.active()
    return get_object_or_404(qs, pk=ppk)


@drafter_page
@require_http_methods(["GET", "POST"])
def paragraph_add(request, document):
    if not outcome_rules.can_edit_text.test(request.user, document):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    section_pk = id_from_query(request, "section", source=source)
    after_pk = id_from_query(request, "after", source=source)
    after = _paragraph(document, after_pk) if after_pk else None
    section = after.section if after else (_section(document, section_pk) if section_pk else None)
    if section is None:
        section = document.sections.filter(removed_at__isnull=True).order_by("position").first()
        if section is None:
            messages.error(request, _("Add a section first."))
            return redirect(_workspace_url(document))
    initial_kind = (
        Paragraph.Kind.ACTION
        if after and after.kind in (Paragraph.Kind.LEAD_IN, Paragraph.Kind.ACTION)
        else (after.kind if after else Paragraph.Kind.OPERATIVE)
    )
    form = forms.ParagraphForm(request.POST or None, initial={"kind": initial_kind})
    if request.method == "POST" and form.is_valid():
        try:
            paragraph = services.paragraph_add(
                document=document,
                section=section,
                by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                after=after,
            )
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The paragraph is added; the numbers follow."))
            return redirect(_workspace_url(document, f"p-{paragraph.pk}"))
    return render(
        request,
        "outcomes/paragraph_form.html",
        _doc_context(request, document, form=form, section=section, after=after, paragraph=None),
        status=400 if form.errors else 200,
    )


@drafter_page
@require_http_methods(["GET", "POST"])
def paragraph_edit(request, document, ppk):
    paragraph = _paragraph(document, ppk)
    if not outcome_rules.can_edit_text.test(request.user, document):
        raise PermissionDenied
    form = forms.ParagraphForm(
        request.POST or None, initial={"kind": paragraph.kind, "text": paragraph.text, "version": paragraph.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.paragraph_update(
                paragraph=paragraph,
                by=request.user,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ParagraphConflict as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            # Saving again replaces their text knowingly: the form now carries their version number.
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The paragraph is saved."))
            return redirect(_workspace_url(document, f"p-{paragraph.pk}"))
    move_form = forms.MoveForm(
        document=document, initial={"section": paragraph.section_id, "position": paragraph.position + 1}
    )
    conflict_diff = comparing.word_diff(form.data.get("text", ""), conflict.text) if conflict else None
    return render(
        request,
        "outcomes/paragraph_form.html",
        _doc_context(
            request,
            document,
            form=form,
            paragraph=paragraph,
            section=paragraph.section,
            conflict=conflict,
            conflict_diff=conflict_diff,
            move_form=move_form,
            label=selectors.paragraph_labels(document).get(paragraph.pk, ""),
        ),
        status=409 if conflict else (400 if form.errors else 200),
    )


@drafter_page
@require_POST
def paragraph_move(request, document, ppk):
    paragraph = _paragraph(document, ppk)
    try:
        if "section" in request.POST:
            form = forms.MoveForm(request.POST, document=document)
            if not form.is_valid():
                messages.error(request, _("Choose a section and a position of 1 or more."))
                return redirect("outcomes:paragraph_edit", pk=document.pk, ppk=paragraph.pk)
            services.paragraph_move_to(
                paragraph=paragraph,
                by=request.user,
                section=form.cleaned_data["section"],
                index=form.cleaned_data["position"] - 1,
            )
        else:
            services.paragraph_move(paragraph=paragraph, by=request.user, direction=request.POST.get("direction", "up"))
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    return redirect(_workspace_url(document, f"p-{paragraph.pk}"))


@drafter_page
@require_http_methods(["GET", "POST"])
def paragraph_delete(request, document, ppk):
    paragraph = _paragraph(document, ppk)
    if request.method == "POST":
        try:
            services.paragraph_remove(paragraph=paragraph, by=request.user)
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The paragraph is deleted; the numbers follow. It can be restored below."))
        return redirect(_workspace_url(document, "removed"))
    label = selectors.paragraph_labels(document).get(paragraph.pk, "")
    return render(
        request,
        "outcomes/confirm.html",
        _doc_context(
            request,
            document,
            heading=_("Delete %(label)s?") % {"label": label or _("this paragraph")},
            quote=paragraph.text,
            explanation=_("Its history and the proposals made on it are kept; it can be restored."),
            button=_("Delete the paragraph"),
        ),
    )


@drafter_page
@require_POST
def paragraph_restore(request, document, ppk):
    paragraph = _paragraph(document, ppk, active=False)
    try:
        services.paragraph_restore(paragraph=paragraph, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The paragraph is restored."))
    return redirect(_workspace_url(document, f"p-{paragraph.pk}"))


@drafter_page
@require_POST
def paragraph_mark(request, document, ppk):
    paragraph = _paragraph(document, ppk)
    form = forms.MarkForm(request.POST)
    if form.is_valid():
        try:
            services.paragraph_mark(paragraph=paragraph, by=request.user, status=form.cleaned_data["status"])
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose open, agreed ad referendum or agreed."))
    target = request.POST.get("next")
    if target == "negotiation":
        return redirect(reverse("outcomes:negotiation", kwargs={"pk": document.pk}) + f"#p-{paragraph.pk}")
    return redirect(_workspace_url(document, f"p-{paragraph.pk}"))


@drafter_page
@require_POST
def mark_all(request, document):
    try:
        count = services.mark_all_agreed(document=document, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(count)d paragraph(s) marked agreed.") % {"count": count})
    return redirect(_workspace_url(document))


@drafter_page
def paragraph_history(request, document, ppk):
    paragraph = _paragraph(document, ppk, active=False)
    changes = list(paragraph.changes.select_related("by", "proposal__delegation"))
    for change in changes:
        change.diff = (
            comparing.word_diff(change.text_before, change.text_after)
            if change.text_before and change.text_after
            else None
        )
    return render(
        request,
        "outcomes/paragraph_history.html",
        _doc_context(request, document, paragraph=paragraph, changes=changes),
    )


# --- state transitions ---------------------------------------------------------

TRANSITION_PAGES = {
    "circulate": (_("Circulate for comments"), _("Circulate")),
    "negotiate": (_("Open the negotiation"), _("Open the negotiation")),
    "adopt": (_("Record the adoption"), _("Record the adoption")),
    "publish": (_("Publish the adopted text"), _("Publish")),
}


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk, action):
    document = loaders.document_for_user(user=request.user, pk=pk)
    if action not in TRANSITION_PAGES:
        raise Http404
    if not outcome_rules.TRANSITIONS[action].test(request.user, document):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    if action == "circulate":
        form = forms.CirculateForm(data, meeting=document.meeting)
    elif action == "adopt":
        form = forms.AdoptForm(data, label=_("The meeting adopted this text"))
    else:
        form = forms.ConfirmForm(data, label=TRANSITION_PAGES[action][0])
    problems = services.adoption_problems(document) if action == "adopt" else []
    if request.method == "POST" and form.is_valid():
        try:
            if action == "circulate":
                revision = services.document_circulate(
                    document=document, by=request.user, comment_deadline=form.cleaned_data["comment_deadline"]
                )
                messages.success(
                    request,
                    _("%(symbol)s is circulated; the accredited delegations' focal points are being e-mailed.")
                    % {"symbol": revision.symbol},
                )
            elif action == "negotiate":
                services.document_open_negotiation(document=document, by=request.user)
                messages.success(request, _("The negotiation is open."))
            elif action == "adopt":
                revision = services.document_adopt(
                    document=document, by=request.user, own_symbol=form.cleaned_data["own_symbol"]
                )
                messages.success(request, _("Adoption recorded as %(symbol)s.") % {"symbol": revision.symbol})
            else:
                services.document_publish(document=document, by=request.user)
                messages.success(request, _("The document is published on the meeting's documents page."))
        except services.AdoptionBlocked as exc:
            problems = exc.problems
            form.add_error(None, str(exc))
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(document)
    context = _doc_context(
        request,
        document,
        form=form,
        action=action,
        heading=TRANSITION_PAGES[action][0],
        button=TRANSITION_PAGES[action][1],
        problems=problems,
        next_symbol=selectors.next_symbol(document),
        pending=Proposal.objects.filter(document=document, status=Proposal.Status.PENDING).count(),
    )
    return render(request, "outcomes/transition.html", context, status=400 if form.errors else 200)


# --- negotiation and proposals -------------------------------------------------


def _annotate_proposals(request, document, proposals) -> None:
    """What each proposal card shows: the word diff, and what this user may do with it (no queries per row)."""
    mine = set(document.meeting.delegations.filter(focal_points=request.user).values_list("pk", flat=True))
    accredited = list(outcome_rules.accredited_delegations(request.user, document.meeting))
    takes = document.takes_proposals
    for proposal in proposals:
        proposal.mine = proposal.delegation_id in mine
        cosponsor_ids = {d.pk for d in proposal.cosponsors.all()}
        proposal.can_join = (
            [d for d in accredited if d.pk != proposal.delegation_id and d.pk not in cosponsor_ids] if takes else []
        )
        proposal.can_leave = [d for d in accredited if d.pk in cosponsor_ids]
        if proposal.kind == Proposal.Kind.REPLACE:
            proposal.diff = comparing.word_diff(markup.plain_text(proposal.base_text), markup.plain_text(proposal.text))


@login_required
def negotiation(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    if not outcome_rules.can_view_live_text.test(request.user, document):
        raise PermissionDenied
    proposals = list(selectors.proposal_queryset().filter(pk__in=loaders.visible_proposals(request.user, document)))
    _annotate_proposals(request, document, proposals)
    outline = selectors.negotiation_outline(document, proposals)
    footnotes = selectors.render_outline(outline)
    counts = {"open": 0, "ad_referendum": 0, "agreed": 0, "brackets": 0}
    for section in outline:
        for paragraph in section.paragraphs:
            counts[paragraph.status] += 1
            counts["brackets"] += paragraph.has_brackets
    return render(
        request,
        "outcomes/negotiation.html",
        _doc_context(
            request,
            document,
            sections=outline,
            footnotes=footnotes,
            counts=counts,
            comments=[p for p in proposals if p.paragraph_id is None],
            statuses=Paragraph.Status.choices,
            can_decide=outcome_rules.can_decide_proposals.test(request.user, document),
            can_propose=outcome_rules.can_propose.test(request.user, document),
        ),
    )


@login_required
def proposal_list(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    if not outcome_rules.can_view_proposals.test(request.user, document):
        raise PermissionDenied
    status = request.GET.get("status", "")
    qs = selectors.proposal_queryset().filter(pk__in=loaders.visible_proposals(request.user, document))
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    proposals = list(qs)
    labels = selectors.paragraph_labels(document)
    _annotate_proposals(request, document, proposals)
    for proposal in proposals:
        proposal.current_label = labels.get(proposal.paragraph_id, "")
    # Grouped paragraph by paragraph, in the order of the text; general comments first.
    order = {pk: index for index, pk in enumerate(labels)}
    proposals.sort(key=lambda p: (p.paragraph_id is not None, order.get(p.paragraph_id, 10**6), p.created_at))
    return render(
        request,
        "outcomes/proposal_list.html",
        _doc_context(
            request,
            document,
            proposals=proposals,
            status=status,
            statuses=Proposal.Status.choices,
            can_decide=outcome_rules.can_decide_proposals.test(request.user, document),
            can_propose=outcome_rules.can_propose.test(request.user, document),
        ),
    )


def _proposal_delegations(request, document):
    return outcome_rules.accredited_delegations(request.user, document.meeting).order_by("sort_name")


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, pk, uid):
    document = loaders.document_for_user(user=request.user, pk=pk)
    paragraph = get_object_or_404(Paragraph.objects.select_related("section"), document=document, uid=uid)
    refusal = outcome_rules.proposal_refusal(request.user, document)
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
        _doc_context(
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


@login_required
@require_http_methods(["GET", "POST"])
def comment(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    refusal = outcome_rules.proposal_refusal(request.user, document)
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
        _doc_context(request, document, form=form),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request, pk, prpk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    if not outcome_rules.can_decide_proposals.test(request.user, document):
        raise PermissionDenied
    proposal = loaders.proposal_for_user(user=request.user, document=document, pk=prpk)
    if not proposal.is_pending:
        messages.info(
            request, _("This proposal is already %(status)s.") % {"status": proposal.get_status_display().lower()}
        )
        return redirect("outcomes:proposals", pk=document.pk)
    paragraph = proposal.paragraph
    current = Paragraph.objects.get(pk=paragraph.pk) if paragraph else None
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
            current = Paragraph.objects.get(pk=paragraph.pk)
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
            messages.success(request, _("Proposal %(status)s.") % {"status": proposal.get_status_display().lower()})
            return redirect("outcomes:proposals", pk=document.pk)
    labels = selectors.paragraph_labels(document)
    return render(
        request,
        "outcomes/proposal_decide.html",
        _doc_context(
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


@login_required
@require_POST
def proposal_withdraw(request, pk, prpk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    proposal = loaders.proposal_for_user(user=request.user, document=document, pk=prpk)
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("outcomes:proposals", pk=document.pk)


@login_required
@require_POST
def proposal_cosponsor(request, pk, prpk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    proposal = loaders.proposal_for_user(user=request.user, document=document, pk=prpk)
    delegation_pk = id_from_query(request, "delegation", source=request.POST, required=True)
    delegation = get_object_or_404(document.meeting.delegations.filter(focal_points=request.user), pk=delegation_pk)
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


# --- revisions, comparison and PDFs --------------------------------------------


@login_required
def revision_list(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    revisions = list(document.revisions.select_related("created_by").order_by("number"))
    visible = []
    for revision in revisions:
        revision.document = document
        if outcome_rules.can_view_revision.test(request.user, revision):
            revision.prev = visible[-1].number if visible else None
            visible.append(revision)
    return render(request, "outcomes/revision_list.html", _doc_context(request, document, revisions=visible))


def revision_detail(request, pk, number):
    document = loaders.document_for_user(user=request.user, pk=pk)
    revision = loaders.revision_for_user(user=request.user, document=document, number=number)
    outline = selectors.snapshot_outline(revision.snapshot)
    footnotes = selectors.render_outline(outline)
    return render(
        request,
        "outcomes/revision_detail.html",
        _doc_context(request, document, revision=revision, sections=outline, footnotes=footnotes),
    )


def revision_pdf(request, pk, number):
    document = loaders.document_for_user(user=request.user, pk=pk)
    revision = loaders.revision_for_user(user=request.user, document=document, number=number)
    pdf = pdfs.document_pdf(document, revision)
    return _pdf_response(pdf, _filename(revision.symbol))


@login_required
def working_pdf(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    if not outcome_rules.can_view_live_text.test(request.user, document):
        raise PermissionDenied
    pdf = pdfs.document_pdf(document)
    return _pdf_response(pdf, _filename(document.symbol or document.title, "-working-text"))


def _comparison(request, document):
    """The two texts named by ?from=&to= (revision numbers, or "working" for the drafters' text)."""
    revisions = {r.number: r for r in document.revisions.order_by("number")}
    for revision in revisions.values():
        revision.document = document
    readable = {n: r for n, r in revisions.items() if outcome_rules.can_view_revision.test(request.user, r)}
    may_see_working = outcome_rules.can_view_live_text.test(request.user, document)
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
        return revision.snapshot, f"{revision.symbol} ({revision.label})"

    (old, old_label), (new, new_label) = load(old_key), load(new_key)
    return {
        "comparison": comparing.compare_snapshots(old, new),
        "old_key": old_key,
        "new_key": new_key,
        "old_label": old_label,
        "new_label": new_label,
        "choices": [(n, f"{r.symbol} ({r.label})") for n, r in readable.items()]
        + ([("working", _("Working text"))] if may_see_working else []),
    }


@login_required
def compare(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    result = _comparison(request, document)
    return render(request, "outcomes/compare.html", _doc_context(request, document, result=result))


@login_required
def compare_pdf(request, pk):
    document = loaders.document_for_user(user=request.user, pk=pk)
    result = _comparison(request, document)
    if result is None:
        raise Http404
    pdf = pdfs.compare_pdf(
        document, old_label=result["old_label"], new_label=result["new_label"], comparison=result["comparison"]
    )
    return _pdf_response(
        pdf, _filename(f"{document.symbol or document.title}-comparison-{timezone.localdate():%Y%m%d}")
    )
