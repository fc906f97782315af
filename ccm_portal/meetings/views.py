from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ccm_portal import pagecache
from ccm_portal.access import PUBLIC, SECRETARIAT, SIGNED_IN, allowed, rule
from ccm_portal.collation import sort_key
from ccm_portal.concurrency import ConcurrentEditError
from ccm_portal.downloads import download
from ccm_portal.tables import paginate

from . import identity, lookup
from .forms import MeetingForm, PortalIdentityForm, TreatyStatusForm, TreatyStatusImportForm
from .models import Meeting, PortalIdentity, TreatyStatus
from .services import (
    TreatyImportError,
    meeting_save,
    portal_identity_save,
    treaty_status_import_csv,
    treaty_status_save,
)
from .tables import MeetingTable, TreatyStatusTable

# The emblem's URL names its content hash: a new emblem gets a new URL, so browsers and proxies keep it.
EMBLEM_CACHE = "public, max-age=31536000, immutable"


def _registers_delegations(user) -> bool:
    """Delegations (and visitors who may become one) are offered to register; the secretariat accredits them."""
    return not allowed(user, SECRETARIAT)


def _published_meetings():
    return list(Meeting.objects.published().order_by("start_date"))


@rule(PUBLIC)
def home(request):
    now = timezone.now()
    if request.user.is_authenticated:
        meetings, key = _published_meetings(), None
    else:
        # An anonymous visitor's page: the meetings kept in this process until one changes, the
        # page served whole from the cache (ccm_portal/pagecache.py) while the same ones are open.
        version = pagecache.meetings_version()
        meetings = pagecache.local_value(version, "home-meetings", _published_meetings)
    open_meetings = [m for m in meetings if m.registration_is_open(now)]
    upcoming = [m for m in meetings if m.end_date >= now.date() and m not in open_meetings]
    registers = _registers_delegations(request.user)
    if not request.user.is_authenticated:
        shown = [[m.pk for m in open_meetings], [m.pk for m in upcoming], registers]
        key = pagecache.site_key(request, "home", version, vary=shown)
    context = {
        "open_meetings": open_meetings,
        "upcoming": upcoming,
        "my_delegations": [],
        "offers_registration": registers,
    }
    if registers and allowed(request.user, SIGNED_IN):
        context["my_delegations"] = request.user.delegations.select_related("meeting").order_by("-meeting__start_date")
    return pagecache.render_page(request, "meetings/home.html", context, key=key)


@rule(PUBLIC)
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).order_by("start_date", "pk")
    return render(request, "meetings/meeting_list.html", {"table": paginate(request, MeetingTable(meetings))})


@rule(PUBLIC)
def meeting_detail(request, slug):
    meeting = lookup.visible_meeting(request.user, slug)
    # Read lazily: a page served from the cache (ccm_portal/pagecache.py) runs none of these queries.
    counts = pagecache.lazy(
        lambda: meeting.delegations.filter(status="approved").aggregate(
            states=Count("pk", filter=Q(kind="state")), organisations=Count("pk", filter=~Q(kind="state"))
        )
    )
    my_delegations = []
    if request.user.is_authenticated:
        my_delegations = list(meeting.delegations.filter(focal_points=request.user))
    registration_open = meeting.registration_is_open()
    offers_registration = _registers_delegations(request.user)
    # The links of every app show on the page: any area's change makes it stale.
    page_key = pagecache.page_key(
        request, "meeting", meeting, pagecache.AREAS, vary=[registration_open, offers_registration]
    )
    return pagecache.render_page(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "counts": counts,
            "registration_open": registration_open,
            "offers_registration": offers_registration,
            "my_delegations": my_delegations,
            "page_key": page_key,
        },
    )


@rule("meetings.change_meeting")
@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug=None):
    meeting = get_object_or_404(Meeting, slug=slug) if slug else None
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = meeting_save(form=form, by=request.user)
        messages.success(request, _("Meeting saved."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@rule("meetings.manage_treaty_status")
def treaty_status_list(request):
    rows = TreatyStatus.objects.all()
    on = timezone.now().date()
    query = request.GET.get("q", "").strip().lower()
    found = [
        {"row": row}
        for row in rows
        if not query or query in str(row.country.name).lower() or query == row.country.code.lower()
    ]
    # No rule fixes this order: the states in the alphabetical order of the reader's language.
    found.sort(key=lambda item: sort_key(item["row"].country.name))
    table = paginate(request, TreatyStatusTable(found, on=on))
    return render(
        request,
        "meetings/treaty_status_list.html",
        {"table": table, "query": request.GET.get("q", ""), "today": on, "import_form": TreatyStatusImportForm()},
    )


@rule("meetings.manage_treaty_status")
@require_http_methods(["GET", "POST"])
def treaty_status_edit(request, pk=None):
    row = get_object_or_404(TreatyStatus, pk=pk) if pk else None
    form = TreatyStatusForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        treaty_status_save(form=form, by=request.user)
        messages.success(request, _("Treaty status of %(state)s saved.") % {"state": form.instance.country.name})
        return redirect("meetings:treaty_status")
    return render(request, "meetings/treaty_status_form.html", {"form": form, "row": row})


@rule("meetings.manage_treaty_status")
@require_http_methods(["GET", "POST"])
def treaty_status_import(request):
    form = TreatyStatusImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = treaty_status_import_csv(upload=form.cleaned_data["file"], by=request.user)
        except TreatyImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                ngettext(
                    "Imported %(created)d new and %(updated)d updated rows; %(moved)d delegation changed category.",
                    "Imported %(created)d new and %(updated)d updated rows; %(moved)d delegations changed category.",
                    result["moved"],
                )
                % result,
            )
            return redirect("meetings:treaty_status")
    return render(request, "meetings/treaty_status_import.html", {"form": form, "errors": errors})


@rule(SECRETARIAT)
@require_http_methods(["GET", "POST"])
def portal_identity_edit(request):
    row = PortalIdentity.objects.filter(pk=PortalIdentity.SINGLETON).first() or PortalIdentity()
    form = PortalIdentityForm(request.POST or None, request.FILES or None, identity=row)
    if request.method == "POST" and form.is_valid():
        try:
            portal_identity_save(
                by=request.user, data=form.cleaned_data, expected_version=form.cleaned_data.get("version")
            )
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
            row = exc.current
        else:
            messages.success(request, _("The portal's emblem and footer are saved."))
            return redirect("meetings:portal_identity")
    return render(
        request,
        "meetings/portal_identity_form.html",
        {"form": form, "row": row, "emblem_url": identity.emblem_url(row)},
    )


@rule(PUBLIC)
@require_http_methods(["GET", "HEAD"])
def emblem(request, digest, ext):
    """The uploaded emblem, public and cached for a year: its URL changes with its content."""
    row = (
        PortalIdentity.objects.filter(pk=PortalIdentity.SINGLETON, emblem_hash=digest)
        .only("emblem", "emblem_type", "emblem_hash")
        .first()
    )
    if row is None or not row.emblem_hash or identity.EXTENSIONS.get(row.emblem_type) != ext:
        raise Http404
    etag = f'"{row.emblem_hash}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Cache-Control"] = EMBLEM_CACHE
        return response
    response = download(
        bytes(row.emblem),
        filename=f"emblem.{ext}",
        content_type=row.emblem_type,
        inline=True,
        cache_control=EMBLEM_CACHE,
    )
    response["ETag"] = etag
    return response
