"""The papers pages: a delegation submits and follows its papers; the secretariat issues or declines them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import SIGNED_IN, allowed, authorize, rule
from ccm_portal.downloads import stored_file
from ccm_portal.idempotency.tokens import AlreadySubmitted, InvalidFormToken, submit_once
from ccm_portal.storage import StorageUnavailable
from ccm_portal.tables import paginate_rows

from . import selectors_papers, services_papers
from .forms_papers import PaperDeclineForm, PaperLanguageForm, PaperSubmitForm, QueueFilterForm
from .loaders import delegation_for_user, meeting_for_user, paper_file, paper_for_user, paper_of_meeting
from .models import Delegation, PaperSubmission

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _storage_down() -> str:
    return _("The document store cannot be reached right now, so nothing was saved. Try again in a minute.")


def _own_delegation(request, pk) -> Delegation:
    delegation = delegation_for_user(user=request.user, pk=pk)
    authorize(request.user, "delegations.view_papers", delegation)
    return delegation


def _put_on_form(form, exc: services_papers.PaperError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


@rule(SIGNED_IN)
def papers(request, pk):
    delegation = _own_delegation(request, pk)
    page = paginate_rows(request, selectors_papers.delegation_papers(delegation))
    return render(
        request,
        "delegations/papers/list.html",
        {
            "delegation": delegation,
            "meeting": delegation.meeting,
            "page": page,
            "can_submit": allowed(request.user, "delegations.submit_paper", delegation),
            "refusal": services_papers.submission_refusal(delegation),
        },
    )


@rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def paper_submit(request, pk):
    delegation = _own_delegation(request, pk)
    authorize(request.user, "delegations.submit_paper", delegation)
    refusal = services_papers.submission_refusal(delegation)
    initial = {}
    revises = request.GET.get("revises", "")
    if revises.isdigit():
        initial["revises"] = revises
    form = PaperSubmitForm(request.POST or None, request.FILES or None, delegation=delegation, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if refusal:
            form.add_error(None, refusal)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                submission = submit_once(
                    request,
                    "delegations.paper_submit",
                    lambda: services_papers.paper_submit(
                        meeting=delegation.meeting,
                        delegation=delegation,
                        by=request.user,
                        kind=data["kind"],
                        title=data["title"],
                        agenda_item=data["agenda_item"],
                        language=data["language"],
                        pdf=data["pdf"],
                        docx=data.get("docx"),
                        co_sponsors=data["co_sponsors"],
                        revises=data.get("revises"),
                    ),
                )
            except AlreadySubmitted as exc:
                messages.info(request, str(exc))
                found = PaperSubmission.objects.filter(delegation=delegation, pk=exc.object_pk or None).first()
                return redirect(found) if found else redirect("delegations:papers", pk=delegation.pk)
            except InvalidFormToken as exc:
                form.add_error(None, str(exc))
            except services_papers.PaperError as exc:
                _put_on_form(form, exc)
            except StorageUnavailable:
                form.add_error("pdf", _storage_down())
            else:
                messages.success(
                    request,
                    _("The paper is with the secretariat. Add its other languages below while it is being reviewed."),
                )
                return redirect(submission)
    context = {"delegation": delegation, "meeting": delegation.meeting, "form": form, "refusal": refusal}
    return render(request, "delegations/papers/submit.html", context, status=status)


def _paper_page(request, delegation, submission, *, language_form=None, status=200):
    context = {
        "delegation": delegation,
        "meeting": delegation.meeting,
        "submission": submission,
        # A co-sponsor reads the paper; only the submitting delegation adds languages or revises it.
        "can_change": submission.delegation_id == delegation.pk
        and allowed(request.user, "delegations.submit_paper", delegation),
        "language_form": language_form or PaperLanguageForm(),
    }
    return render(request, "delegations/papers/detail.html", context, status=status)


@rule(SIGNED_IN)
def paper_detail(request, pk, spk):
    delegation = _own_delegation(request, pk)
    return _paper_page(request, delegation, paper_for_user(delegation=delegation, pk=spk))


@rule(SIGNED_IN)
@require_POST
def paper_add_language(request, pk, spk):
    delegation = _own_delegation(request, pk)
    authorize(request.user, "delegations.submit_paper", delegation)
    submission = paper_for_user(delegation=delegation, pk=spk)
    form = PaperLanguageForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_papers.paper_add_language(
                submission=submission,
                by=request.user,
                language=data["language"],
                pdf=data["pdf"],
                docx=data.get("docx"),
            )
        except services_papers.PaperError as exc:
            _put_on_form(form, exc)
        except StorageUnavailable:
            form.add_error("pdf", _storage_down())
        else:
            messages.success(request, _("The language version is stored."))
            return redirect(submission)
    submission = paper_for_user(delegation=delegation, pk=spk)
    return _paper_page(request, delegation, submission, language_form=form, status=400)


def _file_response(submission, fpk, kind):
    row = paper_file(submission=submission, pk=fpk)
    stem = f"{submission.meeting.short_title}-{submission.delegation.sort_name}-{row.language}"
    if kind == "docx":
        if not row.docx:
            raise Http404
        return stored_file(row.docx, filename=f"{stem}.docx", content_type=DOCX_TYPE)
    return stored_file(row.pdf, filename=f"{stem}.pdf")


@rule(SIGNED_IN)
def paper_download(request, pk, spk, fpk, kind):
    delegation = _own_delegation(request, pk)
    return _file_response(paper_for_user(delegation=delegation, pk=spk), fpk, kind)


# The secretariat's queue ------------------------------------------------------------------------


@rule("delegations.review_papers")
def paper_queue(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    filters = QueueFilterForm(request.GET if "status" in request.GET else None)
    page = paginate_rows(request, selectors_papers.paper_queue(meeting, status=filters.chosen_status()))
    return render(
        request,
        "delegations/papers/queue.html",
        {"meeting": meeting, "page": page, "filters": filters, "counts": selectors_papers.queue_counts(meeting)},
    )


def _review_page(request, meeting, submission, *, decline_form=None, status=200):
    context = {"meeting": meeting, "submission": submission, "decline_form": decline_form or PaperDeclineForm()}
    return render(request, "delegations/papers/review.html", context, status=status)


@rule("delegations.review_papers")
def paper_review(request, slug, spk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    return _review_page(request, meeting, paper_of_meeting(meeting=meeting, pk=spk))


@rule("delegations.review_papers")
@require_POST
def paper_issue(request, slug, spk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    submission = paper_of_meeting(meeting=meeting, pk=spk)
    try:
        document = services_papers.paper_issue(submission=submission, by=request.user)
    except services_papers.PaperError as exc:
        messages.error(request, str(exc))
    except StorageUnavailable:
        messages.error(request, _storage_down())
    else:
        messages.success(
            request, _("Issued as %(symbol)s: it is on the meeting's documents page.") % {"symbol": document.symbol}
        )
    return redirect("delegations:paper_review", slug=meeting.slug, spk=submission.pk)


@rule("delegations.review_papers")
@require_POST
def paper_decline(request, slug, spk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    submission = paper_of_meeting(meeting=meeting, pk=spk)
    form = PaperDeclineForm(request.POST)
    if form.is_valid():
        try:
            services_papers.paper_decline(submission=submission, by=request.user, reason=form.cleaned_data["reason"])
        except services_papers.PaperError as exc:
            if exc.field:
                _put_on_form(form, exc)
                return _review_page(request, meeting, submission, decline_form=form, status=400)
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The paper is declined; the delegation sees the reason."))
        return redirect("delegations:paper_review", slug=meeting.slug, spk=submission.pk)
    return _review_page(request, meeting, submission, decline_form=form, status=400)


@rule("delegations.review_papers")
def paper_review_download(request, slug, spk, fpk, kind):
    meeting = meeting_for_user(user=request.user, slug=slug)
    return _file_response(paper_of_meeting(meeting=meeting, pk=spk), fpk, kind)
