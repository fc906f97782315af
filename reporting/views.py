"""The reporting pages: thin views, a rule, a loader, a form, a service, a message, a redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ccm_portal.access import allowed, rule
from ccm_portal.downloads import download
from ccm_portal.jobs.serving import preparing, serve_job
from ccm_portal.meetings.models import TreatyStatus
from ccm_portal.tables import PER_PAGE, paginate

from . import completeness, exports, loaders, pdfs, renderers, selectors, services
from .forms import (
    ROW_FORMS,
    AcknowledgeForm,
    AppointForm,
    ContactPointFilterForm,
    CoverForm,
    EntryForm,
    ProposeForm,
    ReportCreateForm,
    VictimsForm,
    row_formset,
)
from .models import Form, FormEntry
from .rules import contact_state_ids, proposing_state_ids
from .tables import DashboardTable, dashboard_rows

# The proposal form shares "My state's reports" with the new-draft form: its own ids.
ROWS_PREFIX, VICTIMS_PREFIX, PROPOSE_PREFIX = "rows", "victims", "propose"


def _today():
    return timezone.localdate()


def _step(request, step, *, done: str) -> bool:
    """Run one step of a report or contact point; a refusal becomes the page's message, never a 500."""
    try:
        step()
    except services.ReportingError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


# ---------------------------------------------------------------- contact points' pages


@rule("reporting.view_own_reports")
@require_GET
def my_reports(request):
    """The reports of the states the user reports for, with what each state owes."""
    state_ids = contact_state_ids(request.user)
    states = TreatyStatus.objects.filter(pk__in=state_ids)
    standings = selectors.standings(today=_today(), states=states)
    reports = selectors.reports_of_states(state_ids)
    by_state = {}
    for report in reports:
        by_state.setdefault(report.state_id, []).append(report)
    rows = [{"standing": standing, "reports": by_state.get(standing.state.pk, [])} for standing in standings]
    create_form = ReportCreateForm(states=states) if state_ids else None
    proposing = proposing_state_ids(request.user)
    propose_form = (
        ProposeForm(states=TreatyStatus.objects.filter(pk__in=proposing), prefix=PROPOSE_PREFIX) if proposing else None
    )
    return render(
        request, "reporting/my_reports.html", {"rows": rows, "create_form": create_form, "propose_form": propose_form}
    )


@rule("reporting.propose_contact_point")
@require_POST
def contact_point_propose(request):
    states = TreatyStatus.objects.filter(pk__in=proposing_state_ids(request.user))
    form = ProposeForm(request.POST, states=states, prefix=PROPOSE_PREFIX)
    if form.is_valid():
        try:
            services.contact_point_propose(state=form.cleaned_data["state"], user=form.user, by=request.user)
        except services.ReportingError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("Proposal sent: the secretariat confirms contact points."))
            return redirect("reporting:mine")
    return render(request, "reporting/propose.html", {"form": form}, status=400)


@rule("reporting.create_report")
@require_POST
def report_create(request):
    states = TreatyStatus.objects.filter(pk__in=contact_state_ids(request.user))
    form = ReportCreateForm(request.POST, states=states)
    if form.is_valid():
        try:
            report = services.report_create(
                state=form.cleaned_data["state"],
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except services.ReportingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draft created. Fill in each form; drafts can be saved incomplete."))
            return redirect(report)
    return render(request, "reporting/report_create.html", {"form": form}, status=400)


@rule("reporting.view_report", load=loaders.report)
@require_GET
def report_detail(request, report, pk):
    report = selectors.report_with_forms(report)
    checking = request.GET.get("check") == "1" and report.is_draft
    gaps = completeness.gaps(report) if checking else {}
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "entries": list(report.entries.all()),
            "victims": selectors.victims_of(report),
            "gaps": gaps,
            "checking": checking,
            "can_edit": allowed(request.user, "reporting.edit_report", report),
            "can_manage": allowed(request.user, "reporting.manage"),
            "acknowledge_form": AcknowledgeForm(initial={"received_on": _today()}),
        },
    )


@rule("reporting.edit_report", load=loaders.report)
@require_http_methods(["GET", "POST"])
def cover_edit(request, report, pk):
    form = CoverForm(request.POST or None, instance=report, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_cover_save(
                report=report,
                period_from=form.cleaned_data["period_from"],
                period_to=form.cleaned_data["period_to"],
                language=form.cleaned_data["language"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.ReportingError as exc:
            form.add_error(None, str(exc))
        except services.ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Cover page saved."))
            return redirect(report)
    return render(request, "reporting/cover_form.html", {"report": report, "form": form})


def _bound_to_saved(form, **kwargs):
    """The form bound to what is saved, so a check shows its messages next to the fields."""
    data = {}
    for name, _field in form.fields.items():
        value = form[name].value()
        if value is not None:
            data[form.add_prefix(name)] = value
    return type(form)(data, instance=form.instance, prefix=form.prefix, **kwargs)


def _row_initial(entry: FormEntry) -> list[dict]:
    model = services.ROW_MODELS[entry.form]
    fields = services.ROW_FIELDS[entry.form]
    return list(model.objects.filter(report=entry.report).values(*fields))


@rule("reporting.edit_entry", load=loaders.entry)
@require_http_methods(["GET", "POST"])
def form_edit(request, entry, pk, letter):
    report = entry.report
    has_rows, has_victims = entry.form in ROW_FORMS, entry.form == Form.H
    saved_victims = selectors.victims_of(report) if has_victims else None
    Rows = row_formset(entry.form) if has_rows else None
    data = request.POST if request.method == "POST" else None
    actions = selectors.plan_actions()
    form = EntryForm(data, instance=entry, initial={"version": entry.version}, actions=actions)
    rows = Rows(data, prefix=ROWS_PREFIX, initial=None if data else _row_initial(entry)) if has_rows else None
    victims = VictimsForm(data, instance=saved_victims, prefix=VICTIMS_PREFIX) if has_victims else None
    rows_gap, current = "", None
    if request.method == "POST":
        valid = all([form.is_valid(), rows.is_valid() if rows else True, victims.is_valid() if victims else True])
        if valid:
            row_data = None
            if rows is not None:
                row_data = [
                    f.cleaned_data
                    for f in rows.forms
                    if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
            try:
                services.form_save(
                    entry=entry,
                    data={name: form.cleaned_data[name] for name in services.ENTRY_FIELDS if name in form.cleaned_data},
                    rows=row_data,
                    victims=victims.figures() if victims else None,
                    actions=form.cleaned_data.get("actions") if actions else None,
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except services.ConcurrentEditError as exc:
                form.add_error(None, str(exc))
                current = exc.current
            except services.ReportingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Form %(form)s saved.") % {"form": entry.form})
                return redirect(f"{report.get_absolute_url()}#form-{entry.form}")
    elif request.GET.get("check") == "1":
        form = _bound_to_saved(form, actions=actions)
        form.is_valid()
        if victims is not None and saved_victims is not None:
            victims = _bound_to_saved(victims)
            victims.is_valid()
        counts = {entry.form: len(rows.initial or [])} if rows is not None else {}
        for field, message in completeness.gaps_of_entry(
            entry, row_counts=counts, has_victims=saved_victims is not None
        ):
            if field == completeness.ROWS:
                rows_gap = message
            elif field == "total" and victims is not None:
                if not victims.is_bound:
                    victims = VictimsForm({}, prefix=VICTIMS_PREFIX)
                    victims.is_valid()
                victims.add_error("total", message)
            else:
                form.add_error(field, message)
    return render(
        request,
        "reporting/form_edit.html",
        {
            "report": report,
            "entry": entry,
            "form": form,
            "rows": rows,
            "rows_gap": rows_gap,
            "victims": victims,
            "current": current,
        },
        status=400 if request.method == "POST" else 200,
    )


@rule("reporting.edit_report", load=loaders.report)
@require_POST
def report_submit(request, report, pk):
    try:
        services.report_submit(report=report, by=request.user)
    except services.IncompleteReport as exc:
        messages.error(request, str(exc))
        return redirect(f"{report.get_absolute_url()}?check=1")
    except services.ReportingError as exc:
        messages.error(request, str(exc))
        return redirect(report)
    messages.success(request, _("Report submitted. The secretariat will acknowledge its receipt."))
    return redirect(report)


# ---------------------------------------------------------------- the secretariat


@rule("reporting.manage", load=loaders.report)
@require_POST
def report_acknowledge(request, report, pk):
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of receipt."))
        return redirect(report)
    received_on = form.cleaned_data["received_on"]
    _step(
        request,
        lambda: services.report_acknowledge(report=report, received_on=received_on, by=request.user),
        done=_("Receipt acknowledged."),
    )
    return redirect(report)


@rule("reporting.manage", load=loaders.report)
@require_POST
def report_publish(request, report, pk):
    _step(request, lambda: services.report_publish(report=report, by=request.user), done=_("Report published."))
    return redirect(report)


@rule("reporting.manage")
@require_http_methods(["GET", "POST"])
def contact_points(request):
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_point_appoint(state=form.cleaned_data["state"], user=form.user, by=request.user)
        messages.success(
            request,
            _("%(name)s is a contact point of %(state)s.")
            % {"name": form.user.full_name, "state": form.cleaned_data["state"].country.name},
        )
        return redirect("reporting:contact_points")
    filters = ContactPointFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    return render(
        request,
        "reporting/contact_points.html",
        {"form": form, "filters": filters, "contacts": selectors.contact_points(status)},
        status=400 if request.method == "POST" else 200,
    )


@rule("reporting.manage", load=loaders.contact_point)
@require_POST
def contact_point_confirm(request, contact, pk):
    _step(
        request,
        lambda: services.contact_point_confirm(contact=contact, by=request.user),
        done=_("Contact point confirmed."),
    )
    return redirect("reporting:contact_points")


@rule("reporting.manage", load=loaders.contact_point)
@require_POST
def contact_point_remove(request, contact, pk):
    services.contact_point_remove(contact=contact, by=request.user)
    messages.success(request, _("Contact point removed."))
    return redirect("reporting:contact_points")


SHOW_CHOICES = ("overdue", "late", "complete")


def _dashboard_rows(request):
    query = request.GET.get("q", "").strip().lower()
    show = request.GET.get("show", "")
    rows = dashboard_rows(selectors.standings(today=_today()))
    if query:
        rows = [row for row in rows if query in row["state"].lower() or query == row["code"].lower()]
    if show == "overdue":
        rows = [row for row in rows if row["overdue"]]
    elif show == "late":
        rows = [row for row in rows if row["late"]]
    elif show == "complete":
        rows = [row for row in rows if not row["overdue"]]
    return rows


@rule("reporting.manage")
@require_GET
def dashboard(request):
    rows = _dashboard_rows(request)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "table": paginate(request, DashboardTable(rows)),
            "query": request.GET.get("q", ""),
            "show": request.GET.get("show", ""),
            "total_overdue": sum(row["overdue"] for row in rows),
            "today": _today(),
            "export_query": request.GET.urlencode(),
        },
    )


CSV_COLUMNS = [
    ("state", "State Party"),
    ("code", "ISO code"),
    ("entry_into_force", "Entry into force"),
    ("due", "Reports due"),
    ("submitted", "Submitted"),
    ("late", "Late"),
    ("overdue", "Overdue"),
    ("overdue_list", "Overdue reports"),
    ("next_due", "Next deadline"),
    ("last_received", "Last received"),
]


def _table_file(fmt: str, *, title: str, name: str, columns, rows):
    """The same table as CSV or XLSX, with the labels in the reader's language."""
    header = [_(label) for _key, label in columns]
    if fmt == "xlsx":
        content, content_type = exports.table_xlsx(title, header, rows), exports.XLSX_TYPE
    else:
        content, content_type = exports.table_csv(header, rows), exports.CSV_TYPE
    return download(content, filename=f"{name}.{fmt}", content_type=content_type)


def _dashboard_file(request, fmt):
    rows = ([row[key] for key, _label in CSV_COLUMNS] for row in _dashboard_rows(request))
    return _table_file(
        fmt,
        title=_("Reporting"),
        name=f"article-7-reporting-{_today().isoformat()}",
        columns=CSV_COLUMNS,
        rows=rows,
    )


@rule("reporting.manage")
@require_GET
def dashboard_csv(request):
    return _dashboard_file(request, "csv")


@rule("reporting.manage")
@require_GET
def dashboard_xlsx(request):
    return _dashboard_file(request, "xlsx")


@rule("reporting.manage")
@require_GET
def state_detail(request, code):
    state = get_object_or_404(TreatyStatus, country=code.upper())
    if state.entry_into_force_date is None:
        raise Http404
    return render(
        request,
        "reporting/state_detail.html",
        {
            "standing": selectors.standing_of(state, today=_today()),
            "reports": selectors.reports_of_states([state.pk]),
            "contacts": selectors.contact_points().filter(state=state),
        },
    )


# ---------------------------------------------------------------- public pages


@rule("reporting.view_public")
@require_GET
def received(request):
    page = Paginator(selectors.received_reports(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/received.html", {"page": page})


@rule("reporting.view_published_report", load=loaders.published_report)
@require_GET
def public_report(request, report, pk):
    report = selectors.report_with_forms(report)
    return render(
        request,
        "reporting/public_report.html",
        {
            "report": report,
            "entries": [entry for entry in report.entries.all() if entry.is_public],
            "victims": selectors.victims_of(report),
            "detail_url": reverse("reporting:report", args=[report.pk]),
        },
    )


# ---------------------------------------------------------------- compiled figures and PDFs


@rule("reporting.manage")
@require_GET
def compiled(request):
    return render(request, "reporting/compiled.html", pdfs.compiled_context())


COMPILED_COLUMNS = [
    ("year", "Year"),
    ("reports", "Reports"),
    ("cluster_munitions_destroyed", "Cluster munitions destroyed"),
    ("submunitions_destroyed", "Submunitions destroyed"),
    ("area_cleared_m2", "Area cleared (m²)"),
    ("area_released_m2", "Area released (m²)"),
    ("victims", "Victims reported"),
]


def _compiled_file(fmt):
    rows = ([getattr(row, key) for key, _label in COMPILED_COLUMNS] for row in selectors.compiled_by_year())
    return _table_file(
        fmt, title=_("Compiled figures"), name="article-7-compiled-figures", columns=COMPILED_COLUMNS, rows=rows
    )


@rule("reporting.manage")
@require_GET
def compiled_csv(request):
    return _compiled_file("csv")


@rule("reporting.manage")
@require_GET
def compiled_xlsx(request):
    return _compiled_file("xlsx")


@rule("reporting.manage")
@require_GET
def compiled_pdf(request):
    """The stored annex, in the reader's language; drawn again (while the officer waits a few
    seconds) only when the figures or the day changed since the last copy."""
    job, _how = renderers.request_compiled_pdf(by=request.user)
    if not job.is_done:
        return preparing(request, job, title=_("Compiled figures"), back_url=reverse("reporting:compiled"))
    return serve_job(request, job)


@rule("reporting.view_report", load=loaders.report)
@require_GET
def report_pdf(request, report, pk):
    """The full report (every form, a draft too) from its stored copy, shared by every reader; when
    the report changed since that copy, rendered in the background while the reader waits a few seconds."""
    job, _how = renderers.request_report_pdf(report, public=False, by=request.user)
    if not job.is_done:
        return preparing(request, job, title=str(report), back_url=report.get_absolute_url())
    return serve_job(request, job, filename=renderers.report_filename(report))


@rule("reporting.view_published_report", load=loaders.published_report)
@require_GET
def public_report_pdf(request, report, pk):
    """The public forms of a published report: the last good stored copy, never a render on the
    visitor's request. Every few minutes a request compares the copy with the data and, if it
    differs, queues a render in the background; the old copy is served until the new one is ready.
    With no copy yet, the 'being prepared' page (503, Retry-After)."""
    job = renderers.last_good(report, public=True)
    if job is None or renderers.due_for_check(report):
        requested, _how = renderers.request_report_pdf(report, public=True)
        if job is None or requested.is_done:
            job = requested
    if not job.is_done:
        return preparing(request, job, title=str(report), back_url=reverse("reporting:public_report", args=[report.pk]))
    return serve_job(request, job, filename=renderers.report_filename(report))


# ---------------------------------------------------------------- progress on the action plan


@rule("reporting.manage")
@require_GET
def actions(request):
    plan = selectors.adopted_plan()
    counts = selectors.action_counts()
    rows = [(action, counts.get(action.pk, 0)) for action in selectors.plan_actions(plan)]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/actions.html", {"plan": plan, "page": page})


@rule("reporting.manage")
@require_GET
def action_detail(request, pk):
    action = next((action for action in selectors.plan_actions() if action.pk == pk), None)
    if action is None:
        raise Http404
    return render(
        request,
        "reporting/action_detail.html",
        {"action": action, **selectors.action_progress(pk, today=_today())},
    )
