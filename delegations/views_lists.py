"""Pages for the list of participants, badges, check-in and exports.

Public: the list of participants who consented, and its PDF. Everything else is
for the secretariat, each page under its rule (delegations/rules.py: anonymous
visitors are sent to log in, delegates get 403). PDFs are rendered by background jobs (ccm_portal.jobs):
a page asks for one, shows its progress, then offers the download; a PDF whose
data has not changed is served from its stored copy.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ccm_portal import pagecache
from ccm_portal.access import allowed, rule
from ccm_portal.documents.models import Source
from ccm_portal.documents.selectors import registered_symbol
from ccm_portal.downloads import PRIVATE, download, stored_file, streamed_download
from ccm_portal.jobs import services as jobs
from ccm_portal.jobs import serving
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.serving import on_demand_allowed, too_many_renders
from ccm_portal.meetings.models import Meeting
from ccm_portal.pdf import render_pdf
from ccm_portal.tables import paginate, paginate_rows

from . import badges, charts, exports, forms_lists, lists, services_lists
from . import selectors_lists as selectors
from .checkin import BadgeRefused, refusal_reason
from .loaders import meeting_for_user, participant_of_meeting, render_job_of_meeting
from .tables import ParticipantTable

PUBLIC_JOB_KEYS = [lists.lop_key(lists.Variant.PUBLIC)]
LOP_TITLES = {
    lists.Variant.PUBLIC: gettext_lazy("list of participants (public)"),
    lists.Variant.COMPLETE: gettext_lazy("list of participants (complete, for the secretariat)"),
}


# ---------------------------------------------------------------- helpers


def _public_meeting(request, slug) -> tuple[Meeting, object]:
    """A meeting the visitor may see whose list is public (those who manage the lists see it in any case)."""
    meeting = meeting_for_user(user=request.user, slug=slug)
    settings_row = selectors.public_lop_settings(meeting)
    if not settings_row.is_public and not allowed(request.user, "delegations.manage_lists", meeting):
        raise Http404
    return meeting, settings_row


def _serve(job: RenderJob, *, inline: bool = False) -> FileResponse:
    if not jobs.file_exists(job):
        raise Http404
    return stored_file(
        job.file,
        filename=job.filename,
        content_type=job.content_type,
        inline=inline,
        cache_control=PRIVATE,
    )


def _filtered(request, meeting):
    """The staff list's filter form and its participants (the columns the exports print),
    filtered and sorted as the address says."""
    filterset = selectors.staff_filter(meeting, request.GET)
    participants = selectors.export_rows(meeting, sort=request.GET.get("sort"), filterset=filterset)
    return filterset, participants


def _export_query(request) -> str:
    """The page's filters and order for the export links (the page number means nothing to a file)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _job_context(meeting: Meeting, job: RenderJob) -> dict:
    previous = None
    if not job.is_done:
        previous = jobs.last_good(meeting=meeting, key=job.key)
    is_badges = job.kind == badges.BADGES_KIND
    return {
        "meeting": meeting,
        "job": job,
        "previous": previous,
        "is_badges": is_badges,
        "title": selectors.describe_set(job.params) if is_badges else LOP_TITLES.get(job.params.get("variant"), ""),
        "elapsed": int((timezone.now() - (job.started_at or job.created_at)).total_seconds()),
    }


# ---------------------------------------------------------------- public list


@rule("delegations.view_public_list")
@require_GET
def lop_public(request, slug):
    meeting, settings_row = _public_meeting(request, slug)
    # Read lazily: a page served from the cache (ccm_portal/pagecache.py) runs none of these queries.
    categories = pagecache.lazy(lambda: selectors.list_of_participants(meeting, public=True))
    return pagecache.render_page(
        request,
        "delegations/lists/public.html",
        {
            "meeting": meeting,
            "settings": settings_row,
            "categories": categories,
            "participant_total": lambda: sum(c.participant_count for c in categories()),
            "page_key": pagecache.page_key(request, "participants", meeting, [pagecache.PARTICIPANTS]),
        },
    )


@rule("delegations.view_public_list")
@require_GET
def lop_public_pdf(request, slug):
    """The public PDF: the stored copy if the list has not changed, else a page that waits for it."""
    meeting, _settings = _public_meeting(request, slug)
    job, _how = services_lists.request_lop_pdf(meeting=meeting, variant=lists.Variant.PUBLIC, recent=True)
    if job.is_done:  # a stored copy whose file request_render found
        return serving.serve_job(request, job, inline=True)
    return render(
        request,
        "delegations/lists/public_pdf_wait.html",
        _job_context(meeting, job),
        status=200 if job.is_active else 503,
    )


@rule("delegations.view_public_list")
@require_GET
def lop_public_pdf_status(request, slug, pk):
    meeting, _settings = _public_meeting(request, slug)
    job = render_job_of_meeting(meeting=meeting, pk=pk, keys=PUBLIC_JOB_KEYS)
    return render(request, "delegations/lists/_public_pdf_status.html", {"meeting": meeting, "job": job})


# ---------------------------------------------------------------- staff list


@rule("delegations.manage_lists")
@require_GET
def lop_staff(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    filterset = selectors.staff_filter(meeting, request.GET)
    # Sorted on their keys, read in full one page at a time (selectors_lists.StaffPage).
    participants = selectors.staff_page(meeting, sort=request.GET.get("sort"), filterset=filterset)
    settings_row = selectors.lop_settings(meeting)
    return render(
        request,
        "delegations/lists/staff.html",
        {
            "meeting": meeting,
            "settings": settings_row,
            "filters": filterset.form,
            "table": paginate(request, ParticipantTable(participants, meeting=meeting)),
            "query": _export_query(request),
            "pdf_panel": selectors.lop_pdf_panel(meeting, settings_row),
        },
    )


@rule("delegations.manage_lists")
@require_POST
def lop_pdf_prepare(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    variant = request.POST.get("variant")
    if variant not in lists.Variant.ALL:
        messages.error(request, _("Choose which list to prepare."))
        return redirect("delegations:lop_staff", slug=meeting.slug)
    job, how = services_lists.request_lop_pdf(meeting=meeting, variant=variant, by=request.user)
    if how == "stored":
        messages.info(request, _("The list has not changed since this PDF was made: here it is."))
    elif how == "active":
        messages.info(request, _("This PDF is already being prepared; you are following the same job."))
    return redirect("delegations:job", slug=meeting.slug, pk=job.pk)


@rule("delegations.manage_lists")
@require_GET
def lop_pdf_current(request, slug, variant):
    """The PDF of the list as it stands now, if it is stored; otherwise back to the page to prepare it."""
    meeting = meeting_for_user(user=request.user, slug=slug)
    if variant not in lists.Variant.ALL:
        raise Http404
    job = selectors.current_lop_pdf(meeting, variant)
    if job is None:
        messages.info(request, _("The list has changed since the last PDF: prepare a new one."))
        return redirect("delegations:lop_staff", slug=meeting.slug)
    return _serve(job)


@rule("delegations.manage_lists")
@require_http_methods(["GET", "POST"])
def lop_settings_edit(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    current = selectors.lop_settings(meeting)
    form = forms_lists.LopSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services_lists.lop_settings_save(meeting=meeting, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The settings of the list of participants are saved."))
        return redirect("delegations:lop_staff", slug=meeting.slug)
    return render(
        request,
        "delegations/lists/settings.html",
        {"meeting": meeting, "form": form, "registered": registered_symbol(meeting, Source.PARTICIPANTS)},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- jobs


@rule("delegations.manage_lists")
@require_GET
def job_detail(request, slug, pk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    job = render_job_of_meeting(meeting=meeting, pk=pk)
    return render(request, "delegations/lists/job.html", _job_context(meeting, job))


@rule("delegations.manage_lists")
@require_GET
def job_status(request, slug, pk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    job = render_job_of_meeting(meeting=meeting, pk=pk)
    return render(request, "delegations/lists/_job_status.html", _job_context(meeting, job))


@rule("delegations.manage_lists")
@require_GET
def job_download(request, slug, pk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    job = render_job_of_meeting(meeting=meeting, pk=pk)
    if not job.is_done:
        raise Http404
    return _serve(job)


@rule("delegations.print_badges")
@require_POST
def badges_printed(request, slug, pk):
    """Download a sheet of badges for printing, recording the print (or reprint) of each badge."""
    meeting = meeting_for_user(user=request.user, slug=slug)
    job = render_job_of_meeting(meeting=meeting, pk=pk)
    if job.kind != badges.BADGES_KIND or not job.is_done or not jobs.file_exists(job):
        messages.error(request, _("This sheet of badges is not ready to print."))
        return redirect("delegations:job", slug=meeting.slug, pk=job.pk)
    services_lists.badges_mark_printed(job=job, by=request.user)
    return _serve(job)


# ---------------------------------------------------------------- badges


@rule("delegations.print_badges")
@require_http_methods(["GET", "POST"])
def badges_page(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    form = forms_lists.BadgeSetForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            job, how = services_lists.request_badges(meeting=meeting, params=form.params(), by=request.user)
        except badges.NoBadges as exc:
            form.add_error(None, str(exc))
        else:
            if how == "stored":
                messages.info(request, _("Nothing has changed since these badges were made: here they are."))
            return redirect("delegations:job", slug=meeting.slug, pk=job.pk)
    return render(
        request,
        "delegations/lists/badges.html",
        {
            "meeting": meeting,
            "form": form,
            "counts": selectors.print_counts(meeting),
            "recent": selectors.recent_badge_sheets(meeting),
        },
        status=400 if form.errors else 200,
    )


@rule("delegations.print_badges")
@require_POST
def badge_reprint(request, slug, pk):
    meeting = meeting_for_user(user=request.user, slug=slug)
    participant = participant_of_meeting(meeting=meeting, pk=pk)
    try:
        job, _how = services_lists.request_badges(
            meeting=meeting, params={"set": badges.BadgeSet.PARTICIPANT, "participant": participant.pk}, by=request.user
        )
    except badges.NoBadges:
        messages.error(
            request,
            _("%(name)s cannot have a badge: the registration is not approved.") % {"name": participant.display_name},
        )
        return redirect("delegations:checkin_card", slug=meeting.slug, pk=participant.pk)
    return redirect("delegations:job", slug=meeting.slug, pk=job.pk)


# ---------------------------------------------------------------- check-in


def _checkin_context(meeting, **extra) -> dict:
    return {
        "meeting": meeting,
        "form": forms_lists.CheckInForm(),
        "search_form": forms_lists.SearchForm(),
        "counts": selectors.live_counts(meeting),
        **extra,
    }


@rule("delegations.check_in")
@require_http_methods(["GET", "POST"])
def checkin_page(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    if request.method == "POST":
        form = forms_lists.CheckInForm(request.POST)
        result = refusal = None
        status = 200
        if form.is_valid():
            try:
                participant = selectors.resolve_token(meeting, form.cleaned_data["token"])
            except BadgeRefused as exc:
                refusal = str(exc)
                status = 403
            else:
                result = services_lists.check_in(participant=participant, by=request.user)
                status = 403 if result.refused else 200
        else:
            refusal = _("Scan or type a badge code.")
            status = 400
        context = _checkin_context(meeting, result=result, refusal=refusal)
        template = "delegations/lists/_checkin_result.html" if request.htmx else "delegations/lists/checkin.html"
        # htmx swaps the answer in whatever the status; the code is for scripts and tests.
        return render(request, template, context, status=200 if request.htmx else status)
    search_form = forms_lists.SearchForm(request.GET or None)
    found = page = None
    if search_form.is_valid() and search_form.cleaned_data["q"].strip():
        page = paginate_rows(request, selectors.search(meeting, search_form.cleaned_data["q"]))
        found = selectors.participants_by_ids(page.object_list)
    context = _checkin_context(meeting, found=found, page=page)
    context["search_form"] = search_form
    return render(request, "delegations/lists/checkin.html", context)


@rule("delegations.check_in")
@require_http_methods(["GET", "POST"])
def checkin_card(request, slug, pk):
    """The identity card of a participant found by name; POST records the arrival."""
    meeting = meeting_for_user(user=request.user, slug=slug)
    participant = participant_of_meeting(meeting=meeting, pk=pk)
    if request.method == "POST":
        result = services_lists.check_in(participant=participant, by=request.user)
        return render(
            request,
            "delegations/lists/checkin.html",
            _checkin_context(meeting, result=result),
            status=403 if result.refused else 200,
        )
    return render(
        request,
        "delegations/lists/checkin.html",
        _checkin_context(
            meeting,
            card=participant,
            card_reason=refusal_reason(participant),
            card_arrival=selectors.arrival_of(participant),
        ),
    )


@rule("delegations.check_in")
@require_GET
def checkin_counts(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    return render(
        request,
        "delegations/lists/_checkin_counts.html",
        {"meeting": meeting, "counts": selectors.live_counts(meeting)},
    )


# ---------------------------------------------------------------- exports and statistics


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return download(content, filename=filename, content_type=content_type)


@rule("delegations.export_participants")
@require_GET
def export_csv(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    _filterset, participants = _filtered(request, meeting)
    return streamed_download(
        exports.participants_csv_lines(participants, meeting),
        filename=f"{meeting.short_title}-participants.csv",
        content_type="text/csv; charset=utf-8",
    )


@rule("delegations.export_participants")
@require_GET
def export_xlsx(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    filterset, participants = _filtered(request, meeting)
    return _attachment(
        exports.participants_xlsx(participants, meeting, exports.statistics_of(filterset.qs)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{meeting.short_title}-participants.xlsx",
    )


@rule("delegations.view_statistics")
@require_GET
def statistics_page(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    # Counted by the database (GROUP BY), never by loading the rows.
    filterset = selectors.staff_filter(meeting, request.GET)
    stats = exports.statistics_of(filterset.qs)
    return render(
        request,
        "delegations/lists/statistics.html",
        {
            "meeting": meeting,
            "filters": filterset.form,
            "stats": stats,
            "charts": charts.statistics_charts(meeting, stats, filterset.qs),
            "query": _export_query(request),
        },
    )


@rule("delegations.view_statistics")
@require_GET
def statistics_pdf(request, slug):
    """The statistics page as a PDF: its table and its charts, with the page's filters."""
    meeting = meeting_for_user(user=request.user, slug=slug)
    # Drawn while the officer waits, with the page's filters: a few a minute at most.
    if not on_demand_allowed(request.user):
        back = reverse("delegations:statistics", args=[meeting.slug])
        return too_many_renders(request, back_url=f"{back}?{_export_query(request)}" if request.GET else back)
    filterset = selectors.staff_filter(meeting, request.GET)
    stats = exports.statistics_of(filterset.qs)
    pdf = render_pdf(
        "delegations/pdf/statistics.html",
        {
            "meeting": meeting,
            "stats": stats,
            "charts": charts.statistics_charts(meeting, stats, filterset.qs),
            "filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
            "today": timezone.localdate(),
        },
    )
    return _attachment(pdf, "application/pdf", f"{meeting.short_title}-statistics.pdf")


@rule("delegations.view_statistics")
@require_GET
def statistics_csv(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    filterset = selectors.staff_filter(meeting, request.GET)
    return _attachment(
        exports.statistics_csv(exports.statistics_of(filterset.qs)),
        "text/csv; charset=utf-8",
        f"{meeting.short_title}-statistics.csv",
    )
