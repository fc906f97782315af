"""Pages of the programme: public reading, the delegations' floor, and the secretariat's editors.

Views stay thin: load through loaders, validate the form, call one
service, add a message, redirect. Domain errors go back onto the form.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ccm_portal import pagecache
from ccm_portal.access import PUBLIC, allowed, rule
from ccm_portal.confirm import confirm_then
from ccm_portal.downloads import PRIVATE, download, stored_file
from ccm_portal.idempotency.tokens import AlreadySubmitted, InvalidFormToken, submit_once
from ccm_portal.jobs.serving import preparing, serve_job
from ccm_portal.storage import StorageUnavailable, store_down_message
from ccm_portal.tables import paginate
from ccm_portal.translated import shown

from . import charts, renderers, selectors, services
from .forms import (
    AgendaItemForm,
    DeclineForm,
    InsertSpeakerForm,
    ListSettingsForm,
    OpenListForm,
    ProgrammeFilterForm,
    ReplyForm,
    RoomForm,
    SessionForm,
    SideEventApproveForm,
    SideEventRequestForm,
    StatementForm,
)
from .ical import calendar_bytes
from .loaders import (
    delegation_for_user,
    delegations_of_user,
    entry_for_delegation,
    meeting_for_staff,
    meeting_for_visitor,
    statement_for_user,
)
from .models import (
    AgendaItem,
    MeetingSession,
    Room,
    SideEventRequest,
    SpeakerEntry,
    SpeakersList,
    agenda_symbol,
)
from .tables import SideEventTable


def _form_error(form, exc: services.ProgrammeError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    return download(body, filename=filename, content_type=content_type)


# Public pages ----------------------------------------------------------------


@rule(PUBLIC)
@require_GET
def programme(request, slug):
    meeting = meeting_for_visitor(request.user, slug)
    area, room, cached = "", None, True
    if request.GET:
        filters = ProgrammeFilterForm(request.GET, meeting=meeting)
        # A form that shows errors is rendered for this request only.
        cached = filters.is_valid()
        if cached:
            area, room = filters.cleaned_data["area"], filters.cleaned_data["room"]
    else:
        # Built only if the page is rendered: a page served from the cache needs no form.
        filters = pagecache.lazy(lambda: ProgrammeFilterForm(meeting=meeting))
    vary = [area, room.pk if room else ""]
    page_key = pagecache.page_key(request, "programme", meeting, [pagecache.PROGRAMME], vary=vary) if cached else None
    # Read lazily: a page served from the cache (ccm_portal/pagecache.py) runs none of these queries.
    context = {
        "meeting": meeting,
        "agenda": pagecache.lazy(lambda: selectors.agenda_of(meeting)),
        "days": pagecache.lazy(
            lambda: selectors.by_day(meeting, selectors.programme_sessions(meeting, thematic_area=area, room=room))
        ),
        "filters": filters,
        "filtered": bool(area or room),
        "can_plan": allowed(request.user, "ccm_sessions.plan_programme"),
        "page_key": page_key,
    }
    return pagecache.render_page(request, "ccm_sessions/programme.html", context)


@rule(PUBLIC)
@require_GET
def session_detail(request, slug, pk):
    meeting = meeting_for_visitor(request.user, slug)
    try:
        session = selectors.session_for_page(meeting, pk)
    except MeetingSession.DoesNotExist:
        raise Http404 from None
    context = {
        "meeting": meeting,
        "session": session,
        "lists": selectors.session_lists(session),
        "can_plan": allowed(request.user, "ccm_sessions.plan_programme"),
    }
    return render(request, "ccm_sessions/session_detail.html", context)


@rule(PUBLIC)
@require_GET
def programme_ics(request, slug):
    meeting = meeting_for_visitor(request.user, slug)
    body = calendar_bytes(meeting, selectors.programme_sessions(meeting))
    # Inline, so that calendar programs can subscribe to the address.
    return download(
        body,
        filename=f"{meeting.slug}-programme.ics",
        content_type="text/calendar; charset=utf-8",
        inline=True,
        cache_control="no-cache",
    )


@rule(PUBLIC)
@require_GET
def session_ics(request, slug, pk):
    meeting = meeting_for_visitor(request.user, slug)
    sessions = selectors.programme_sessions(meeting).filter(pk=pk)
    if not sessions:
        raise Http404
    return _attachment(
        calendar_bytes(meeting, sessions), "text/calendar; charset=utf-8", f"{meeting.slug}-session-{pk}.ics"
    )


@rule(PUBLIC)
@require_GET
def agenda(request, slug):
    meeting = meeting_for_visitor(request.user, slug)
    agenda = pagecache.lazy(lambda: selectors.agenda_of(meeting))
    # Read lazily: a page served from the cache (ccm_portal/pagecache.py) runs none of these queries.
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "items": pagecache.lazy(lambda: selectors.agenda_items(agenda())),
        "symbol": agenda_symbol(meeting),
        "can_plan": allowed(request.user, "ccm_sessions.plan_programme"),
        "page_key": pagecache.page_key(request, "agenda", meeting, [pagecache.PROGRAMME]),
    }
    return pagecache.render_page(request, "ccm_sessions/agenda.html", context)


def _stored_pdf(request, meeting, kind: str, *, back_url: str):
    """The last good copy of the programme or agenda PDF, never a render while the visitor waits.

    A copy that may be out of date (checked every few minutes, and re-rendered whenever its rows
    change) is still served while its successor renders; with no copy yet, the render is queued
    and the visitor asked to come back in a few seconds.
    """
    job = renderers.last_good(meeting, kind)
    if job is None or renderers.due_for_check(meeting, kind):
        requested = renderers.request_pdf(meeting, kind)
        if requested is None and job is None:
            raise Http404
        if job is None:
            job = requested[0]
    if not job.is_done:
        return preparing(request, job, title=meeting.short_title, back_url=back_url)
    return serve_job(request, job)


@rule(PUBLIC)
@require_GET
def agenda_pdf(request, slug):
    meeting = meeting_for_visitor(request.user, slug)
    return _stored_pdf(request, meeting, renderers.AGENDA_KIND, back_url=reverse("ccm_sessions:agenda", args=[slug]))


@rule(PUBLIC)
@require_GET
def programme_pdf(request, slug):
    meeting = meeting_for_visitor(request.user, slug)
    return _stored_pdf(
        request, meeting, renderers.PROGRAMME_KIND, back_url=reverse("ccm_sessions:programme", args=[slug])
    )


def _public_list(request, slug, pk):
    meeting = meeting_for_visitor(request.user, slug)
    try:
        return meeting, selectors.speakers_list_for_meeting(meeting, pk)
    except SpeakersList.DoesNotExist:
        raise Http404 from None


@rule(PUBLIC)
@require_GET
def speakers_list(request, slug, pk):
    meeting, speakers_list = _public_list(request, slug, pk)
    context = {
        "meeting": meeting,
        "speakers_list": speakers_list,
        "entries": selectors.list_entries(speakers_list),
        "can_manage": allowed(request.user, "ccm_sessions.manage_speakers"),
    }
    return render(request, "ccm_sessions/speakers_list.html", context)


@rule(PUBLIC)
@require_GET
def live(request, slug, pk):
    meeting, speakers_list = _public_list(request, slug, pk)
    context = {"meeting": meeting, "speakers_list": speakers_list, "state": selectors.live_state(speakers_list)}
    return render(request, "ccm_sessions/live.html", context)


@rule(PUBLIC)
@require_GET
def live_panel(request, slug, pk):
    meeting, speakers_list = _public_list(request, slug, pk)
    context = {"meeting": meeting, "speakers_list": speakers_list, "state": selectors.live_state(speakers_list)}
    response = render(request, "ccm_sessions/_live_panel.html", context)
    response["Cache-Control"] = "no-store"
    return response


@rule(PUBLIC)
@require_GET
def statement_download(request, slug, pk):
    meeting = meeting_for_visitor(request.user, slug)
    statement = statement_for_user(user=request.user, meeting=meeting, pk=pk)
    entry = statement.entry
    return stored_file(
        statement.file,
        filename=f"{meeting.short_title}-{entry.delegation.sort_name}-statement.pdf",
        cache_control="public, max-age=300" if statement.is_published else PRIVATE,
    )


# The floor: a delegation's lists of speakers, statements and side events -----


@rule("ccm_sessions.use_floor")
@require_GET
def floor(request, slug):
    meeting = meeting_for_visitor(request.user, slug)
    delegations = list(delegations_of_user(request.user, meeting).in_list_order())
    if len(delegations) == 1:
        return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegations[0].pk)
    return render(request, "ccm_sessions/floor_choose.html", {"meeting": meeting, "delegations": delegations})


def _render_floor(request, meeting, delegation, *, status=200, upload_forms=None):
    page = selectors.floor_page(delegation)
    upload_forms = upload_forms or {}
    for speakers_list in page["lists"]:
        for entry in speakers_list.my_entries:
            entry.upload_form = upload_forms.get(entry.pk) or StatementForm(auto_id=f"id_%s_{entry.pk}")
    context = {
        "meeting": meeting,
        "delegation": delegation,
        "accredited": delegation.status == delegation.Status.APPROVED,
        **page,
    }
    return render(request, "ccm_sessions/floor.html", context, status=status)


@rule("ccm_sessions.use_floor")
@require_GET
def floor_delegation(request, slug, pk):
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    return _render_floor(request, meeting, delegation)


@rule("ccm_sessions.inscribe")
@require_POST
def inscribe(request, slug, pk, list_pk):
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    speakers_list = get_object_or_404(SpeakersList, pk=list_pk, meeting=meeting)
    try:
        entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=request.user)
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s is inscribed at number %(position)d.")
            % {"name": delegation.sort_name, "position": entry.position},
        )
    return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegation.pk)


@rule("ccm_sessions.inscribe")
@require_http_methods(["GET", "POST"])
def withdraw(request, slug, pk, entry_pk):
    """GET asks whether to give up the place; POST withdraws and offers to undo it for a few minutes."""
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    entry = entry_for_delegation(delegation=delegation, pk=entry_pk)
    floor_url = reverse("ccm_sessions:floor_delegation", kwargs={"slug": meeting.slug, "pk": delegation.pk})
    names = {"name": delegation.sort_name, "list": entry.speakers_list, "position": entry.position}
    return confirm_then(
        request,
        act=lambda: services.speaker_withdraw(entry=entry, by=request.user),
        errors=(services.ProgrammeError,),
        done=_("%(name)s has withdrawn from the list.") % {"name": delegation.sort_name},
        back=floor_url,
        undo={
            "url": reverse(
                "ccm_sessions:withdraw_undo",
                kwargs={"slug": meeting.slug, "pk": delegation.pk, "entry_pk": entry.pk},
            ),
            "label": _("Undo: take the place back"),
        },
        context={
            "meeting": meeting,
            "heading": _("Withdraw %(name)s from “%(list)s”?") % names,
            "explanation": ngettext(
                "%(name)s gives up place %(position)d. For %(minutes)d minute the place can be taken back; "
                "after that, inscribing again puts the delegation at the end of its category.",
                "%(name)s gives up place %(position)d. For %(minutes)d minutes the place can be taken back; "
                "after that, inscribing again puts the delegation at the end of its category.",
                services.WITHDRAWAL_UNDO_MINUTES,
            )
            % (names | {"minutes": services.WITHDRAWAL_UNDO_MINUTES}),
            "button": _("Withdraw from the list"),
            "cancel_url": floor_url,
            "back_label": _("Floor"),
        },
    )


@rule("ccm_sessions.inscribe")
@require_POST
def withdraw_undo(request, slug, pk, entry_pk):
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    entry = entry_for_delegation(delegation=delegation, pk=entry_pk)
    try:
        entry = services.speaker_undo_withdrawal(entry=entry, by=request.user)
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s is back on the list at number %(position)d.")
            % {"name": delegation.sort_name, "position": entry.position},
        )
    return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegation.pk)


@rule("ccm_sessions.submit_statement")
@require_POST
def statement_upload(request, slug, pk, entry_pk):
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    entry = entry_for_delegation(delegation=delegation, pk=entry_pk)
    form = StatementForm(request.POST, request.FILES, auto_id=f"id_%s_{entry.pk}")
    if form.is_valid():
        try:
            services.statement_upload(
                entry=entry, by=request.user, upload=form.cleaned_data["file"], publish=form.cleaned_data["publish"]
            )
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        except StorageUnavailable:
            # The file is saved before the row, in the service's transaction: no statement row, the old file kept.
            form.add_error("file", store_down_message())
        else:
            messages.success(request, _("The statement is stored."))
            return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegation.pk)
    return _render_floor(request, meeting, delegation, status=400, upload_forms={entry.pk: form})


@rule("ccm_sessions.submit_statement")
@require_POST
def statement_publish(request, slug, pk, entry_pk):
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    entry = entry_for_delegation(delegation=delegation, pk=entry_pk)
    try:
        statement = entry.statement
    except ObjectDoesNotExist:
        raise Http404 from None
    publish = request.POST.get("publish") == "1"
    services.statement_set_published(statement=statement, by=request.user, publish=publish)
    messages.success(request, _("The statement is published.") if publish else _("The statement is no longer public."))
    return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegation.pk)


@rule("ccm_sessions.request_side_event")
@require_http_methods(["GET", "POST"])
def side_event_new(request, slug, pk):
    meeting = meeting_for_visitor(request.user, slug)
    delegation = delegation_for_user(user=request.user, meeting=meeting, pk=pk)
    form = SideEventRequestForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            submit_once(
                request,
                "sessions.side_event_request",
                lambda: services.side_event_request(delegation=delegation, by=request.user, data=form.cleaned_data),
            )
        except AlreadySubmitted as exc:
            messages.info(request, str(exc))
            return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegation.pk)
        except InvalidFormToken as exc:
            form.add_error(None, str(exc))
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Your side-event request is with the secretariat. You will get an e-mail with the answer.")
            )
            return redirect("ccm_sessions:floor_delegation", slug=meeting.slug, pk=delegation.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "ccm_sessions/side_event_form.html",
        {"meeting": meeting, "delegation": delegation, "form": form},
        status=status,
    )


# Planning: rooms, agenda, sessions (secretariat and presidency) --------------


@rule("ccm_sessions.plan_programme")
@require_GET
def manage(request, slug):
    meeting = meeting_for_staff(slug)
    sessions = selectors.staff_sessions(meeting)
    problems = selectors.programme_problems(meeting, sessions)
    for session in sessions:
        session.problems = problems.get(session.pk, [])
    context = {
        "meeting": meeting,
        "days": selectors.by_day(meeting, sessions),
        "problem_count": sum(1 for s in sessions if s.problems),
        "side_event_counts": selectors.side_event_counts(meeting),
        "can_manage_speakers": allowed(request.user, "ccm_sessions.manage_speakers"),
    }
    return render(request, "ccm_sessions/manage.html", context)


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def session_edit(request, slug, pk=None):
    meeting = meeting_for_staff(slug)
    session = get_object_or_404(MeetingSession.objects.select_related("room"), pk=pk, meeting=meeting) if pk else None
    form = SessionForm(request.POST or None, meeting=meeting, session=session)
    clashes, conflict = [], None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_save(
                meeting=meeting,
                by=request.user,
                data=form.service_data(),
                session=session,
                expected_version=form.cleaned_data.get("version") if session else None,
                accept_clashes=form.accepted_signature,
            )
        except services.ClashError as exc:
            clashes = exc.clashes
            form.show_clashes(exc)
        except services.ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            if saved.accepted_clashes:
                messages.warning(
                    request, _("Saved with an accepted clash: %(clash)s") % {"clash": saved.accepted_clashes}
                )
            else:
                messages.success(request, _("“%(title)s” is saved.") % {"title": saved.title})
            return redirect("ccm_sessions:manage", slug=meeting.slug)
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    context = {"meeting": meeting, "session": session, "form": form, "clashes": clashes, "conflict": conflict}
    return render(request, "ccm_sessions/session_form.html", context, status=status)


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def session_delete(request, slug, pk):
    meeting = meeting_for_staff(slug)
    session = get_object_or_404(MeetingSession.objects.select_related("room"), pk=pk, meeting=meeting)
    if request.method == "POST":
        try:
            services.session_delete(session=session, by=request.user)
        except services.ProgrammeError as exc:
            messages.error(request, str(exc))
            return redirect("ccm_sessions:session_edit", slug=meeting.slug, pk=session.pk)
        messages.success(request, _("“%(title)s” is removed from the programme.") % {"title": session.title})
        return redirect("ccm_sessions:manage", slug=meeting.slug)
    return render(request, "ccm_sessions/session_delete.html", {"meeting": meeting, "session": session})


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def rooms(request, slug, pk=None):
    meeting = meeting_for_staff(slug)
    room = get_object_or_404(Room, pk=pk, meeting=meeting) if pk else None
    form = RoomForm(request.POST or None, instance=room, meeting=meeting)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.room_save(
                meeting=meeting,
                by=request.user,
                data=form.cleaned_data,
                room=room,
                expected_version=form.cleaned_data.get("version") if room else None,
            )
        except services.ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("%(room)s is saved.") % {"room": saved.name})
            return redirect("ccm_sessions:rooms", slug=meeting.slug)
    room_list = Room.objects.filter(meeting=meeting).annotate(session_count=Count("sessions")).order_by(shown("name"))
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    context = {"meeting": meeting, "room": room, "rooms": room_list, "form": form, "conflict": conflict}
    return render(request, "ccm_sessions/rooms.html", context, status=status)


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def room_delete(request, slug, pk):
    meeting = meeting_for_staff(slug)
    room = get_object_or_404(Room.objects.annotate(session_count=Count("sessions")), pk=pk, meeting=meeting)
    rooms_url = reverse("ccm_sessions:rooms", kwargs={"slug": meeting.slug})
    if room.session_count:
        explanation = ngettext(
            "It still holds %(count)d session: move it to another room first.",
            "It still holds %(count)d sessions: move them to another room first.",
            room.session_count,
        ) % {"count": room.session_count}
    else:
        explanation = _("No session uses it. Removing it cannot be undone; the room can be added again.")
    return confirm_then(
        request,
        act=lambda: services.room_delete(room=room, by=request.user),
        errors=(services.ProgrammeError,),
        done=_("%(room)s is removed.") % {"room": room.name},
        back=rooms_url,
        context={
            "meeting": meeting,
            "heading": _("Remove the room “%(room)s”?") % {"room": room.name},
            "explanation": explanation,
            "button": _("Remove the room"),
            "cancel_url": rooms_url,
            "back_label": _("Rooms"),
        },
    )


def _agenda_context(request, meeting, agenda, **extra):
    return {
        "meeting": meeting,
        "agenda": agenda,
        "items": selectors.agenda_items(agenda),
        "changes": selectors.agenda_changes_since_adoption(agenda, request.GET.get(selectors.CHANGES_PAGE)),
        "symbol": agenda_symbol(meeting),
        **extra,
    }


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def agenda_manage(request, slug):
    meeting = meeting_for_staff(slug)
    agenda = selectors.agenda_or_unsaved(meeting)
    form = AgendaItemForm(request.POST or None, agenda=agenda)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.agenda_item_add(agenda=agenda, by=request.user, data=data, parent=data.get("parent"))
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Item %(number)s is added.") % {"number": item.number})
            return redirect("ccm_sessions:agenda_manage", slug=meeting.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "ccm_sessions/agenda_manage.html", _agenda_context(request, meeting, agenda, form=form), status=status
    )


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, slug, pk):
    meeting = meeting_for_staff(slug)
    item = get_object_or_404(AgendaItem.objects.select_related("agenda"), pk=pk, agenda__meeting=meeting)
    form = AgendaItemForm(request.POST or None, item=item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agenda_item_update(
                item=item, by=request.user, data=form.cleaned_data, expected_version=form.cleaned_data.get("version")
            )
        except services.ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Item %(number)s is saved.") % {"number": saved.number})
            return redirect("ccm_sessions:agenda_manage", slug=meeting.slug)
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    context = {"meeting": meeting, "item": item, "agenda": item.agenda, "form": form, "conflict": conflict}
    return render(request, "ccm_sessions/agenda_item_form.html", context, status=status)


@rule("ccm_sessions.plan_programme")
@require_POST
def agenda_item_move(request, slug, pk):
    meeting = meeting_for_staff(slug)
    item = get_object_or_404(AgendaItem.objects.select_related("agenda"), pk=pk, agenda__meeting=meeting)
    try:
        moved = services.agenda_item_move(item=item, by=request.user, direction=request.POST.get("direction", ""))
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("“%(title)s” is now item %(number)s.") % {"title": moved.title, "number": moved.number}
        )
    return redirect(reverse("ccm_sessions:agenda_manage", kwargs={"slug": meeting.slug}) + f"#item-{item.pk}")


@rule("ccm_sessions.plan_programme")
@require_http_methods(["GET", "POST"])
def agenda_item_delete(request, slug, pk):
    meeting = meeting_for_staff(slug)
    item = get_object_or_404(AgendaItem.objects.select_related("agenda"), pk=pk, agenda__meeting=meeting)
    agenda_url = reverse("ccm_sessions:agenda_manage", kwargs={"slug": meeting.slug})
    return confirm_then(
        request,
        act=lambda: services.agenda_item_delete(item=item, by=request.user),
        errors=(services.ProgrammeError,),
        done=_("“%(title)s” is removed; the items after it are renumbered.") % {"title": item.title},
        back=agenda_url,
        context={
            "meeting": meeting,
            "heading": _("Remove item %(number)s, “%(title)s”?") % {"number": item.number, "title": item.title},
            "explanation": _(
                "The items after it are renumbered. An item with sub-items, sessions or a list of speakers "
                "cannot be removed."
            ),
            "button": _("Remove the item"),
            "cancel_url": agenda_url,
            "back_label": _("Agenda"),
        },
    )


@rule("ccm_sessions.plan_programme")
@require_POST
def agenda_adopt(request, slug):
    meeting = meeting_for_staff(slug)
    agenda = selectors.agenda_or_unsaved(meeting)
    try:
        services.agenda_adopt(agenda=agenda, by=request.user)
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The agenda is adopted; its numbering is now frozen."))
    return redirect("ccm_sessions:agenda_manage", slug=meeting.slug)


# Side events (secretariat) ---------------------------------------------------


@rule("ccm_sessions.manage_side_events")
@require_GET
def side_events(request, slug):
    meeting = meeting_for_staff(slug)
    queue = selectors.side_event_queue(meeting, request.GET)
    context = {
        "meeting": meeting,
        "filters": queue.form,
        "table": paginate(request, SideEventTable(queue.qs, meeting=meeting)),
        "status": queue.tab,
        "statuses": SideEventRequest.Status.choices,
        "counts": selectors.side_event_counts(meeting),
    }
    return render(request, "ccm_sessions/side_events.html", context)


@rule("ccm_sessions.manage_side_events")
@require_http_methods(["GET", "POST"])
def side_event_decide(request, slug, pk):
    meeting = meeting_for_staff(slug)
    side_event = get_object_or_404(
        SideEventRequest.objects.select_related("delegation", "requested_by", "session__room"), pk=pk, meeting=meeting
    )
    decision = request.POST.get("decision")
    approve_form = SideEventApproveForm(
        request.POST if decision == "approve" else None, meeting=meeting, side_event=side_event
    )
    decline_form = DeclineForm(request.POST if decision == "decline" else None)
    clashes = []
    if decision == "approve" and approve_form.is_valid():
        data = approve_form.cleaned_data
        try:
            services.side_event_approve(
                side_event=side_event,
                by=request.user,
                room=data["room"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                accept_clashes=approve_form.accepted_signature,
            )
        except services.ClashError as exc:
            clashes = exc.clashes
            approve_form.show_clashes(exc)
        except services.ProgrammeError as exc:
            _form_error(approve_form, exc)
        else:
            messages.success(request, _("The side event is in the programme; the focal point has been told."))
            return redirect("ccm_sessions:side_events", slug=meeting.slug)
    elif decision == "decline" and decline_form.is_valid():
        try:
            services.side_event_decline(
                side_event=side_event, by=request.user, reason=decline_form.cleaned_data["reason"]
            )
        except services.ProgrammeError as exc:
            _form_error(decline_form, exc)
        else:
            messages.success(request, _("The request is declined; the focal point has been told."))
            return redirect("ccm_sessions:side_events", slug=meeting.slug)
    context = {
        "meeting": meeting,
        "side_event": side_event,
        "approve_form": approve_form,
        "decline_form": decline_form,
        "clashes": clashes,
        "audit": selectors.audit(side_event.trail, request.GET.get(selectors.HISTORY_PAGE)),
    }
    return render(request, "ccm_sessions/side_event_decide.html", context, status=400 if decision else 200)


# Lists of speakers (secretariat) ---------------------------------------------


@rule("ccm_sessions.manage_speakers")
@require_GET
def speakers_index(request, slug):
    meeting = meeting_for_staff(slug)
    context = {
        "meeting": meeting,
        **selectors.speakers_index(meeting),
        "speaking_time": charts.speaking_time_chart(meeting),
    }
    return render(request, "ccm_sessions/speakers_index.html", context)


@rule("ccm_sessions.manage_speakers")
@require_POST
def speakers_open(request, slug):
    meeting = meeting_for_staff(slug)
    form = OpenListForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an agenda item or a session, and a speaking time of 0.5 to 60 minutes."))
        return redirect("ccm_sessions:speakers_index", slug=meeting.slug)
    kind, target_pk = form.cleaned_data["target"]
    agenda_item = session = None
    if kind == "item":
        agenda_item = get_object_or_404(AgendaItem, pk=target_pk, agenda__meeting=meeting)
    else:
        session = get_object_or_404(MeetingSession, pk=target_pk, meeting=meeting)
    try:
        speakers_list = services.speakers_list_open(
            meeting=meeting,
            by=request.user,
            agenda_item=agenda_item,
            session=session,
            time_limit_seconds=form.time_limit_seconds,
        )
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
        return redirect("ccm_sessions:speakers_index", slug=meeting.slug)
    messages.success(request, _("The list of speakers is open."))
    return redirect("ccm_sessions:speakers_manage", slug=meeting.slug, pk=speakers_list.pk)


def _managed_list(meeting, pk) -> SpeakersList:
    return get_object_or_404(SpeakersList.objects.select_related("agenda_item", "session"), pk=pk, meeting=meeting)


def _render_manage(request, meeting, speakers_list, *, status=200, **forms):
    delegations = selectors.accredited_delegations(meeting)
    context = {
        "meeting": meeting,
        "speakers_list": speakers_list,
        "entries": selectors.list_entries(speakers_list),
        "state": selectors.live_state(speakers_list),
        "settings_form": forms.get("settings_form") or ListSettingsForm(speakers_list=speakers_list),
        "insert_form": forms.get("insert_form") or InsertSpeakerForm(delegations=delegations, prefix="insert"),
        "reply_form": forms.get("reply_form") or ReplyForm(delegations=delegations, prefix="reply"),
        "audit": selectors.audit(speakers_list.trail, request.GET.get(selectors.HISTORY_PAGE)),
    }
    return render(request, "ccm_sessions/speakers_manage.html", context, status=status)


@rule("ccm_sessions.manage_speakers")
@require_GET
def speakers_manage(request, slug, pk):
    meeting = meeting_for_staff(slug)
    return _render_manage(request, meeting, _managed_list(meeting, pk))


@rule("ccm_sessions.manage_speakers")
@require_POST
def speakers_settings(request, slug, pk):
    meeting = meeting_for_staff(slug)
    speakers_list = _managed_list(meeting, pk)
    form = ListSettingsForm(request.POST)
    if form.is_valid():
        services.speakers_list_settings(
            speakers_list=speakers_list,
            by=request.user,
            is_open=form.cleaned_data["is_open"],
            time_limit_seconds=form.time_limit_seconds,
        )
        messages.success(request, _("The list's settings are saved."))
        return redirect("ccm_sessions:speakers_manage", slug=meeting.slug, pk=speakers_list.pk)
    return _render_manage(request, meeting, speakers_list, status=400, settings_form=form)


@rule("ccm_sessions.manage_speakers")
@require_POST
def speakers_insert(request, slug, pk):
    meeting = meeting_for_staff(slug)
    speakers_list = _managed_list(meeting, pk)
    form = InsertSpeakerForm(request.POST, delegations=selectors.accredited_delegations(meeting), prefix="insert")
    if form.is_valid():
        try:
            entry = services.speaker_insert(
                speakers_list=speakers_list,
                delegation=form.cleaned_data["delegation"],
                by=request.user,
                position=form.cleaned_data["position"],
            )
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is on the list at number %(position)d.")
                % {"name": entry.delegation.sort_name, "position": entry.position},
            )
            return redirect("ccm_sessions:speakers_manage", slug=meeting.slug, pk=speakers_list.pk)
    return _render_manage(request, meeting, speakers_list, status=400, insert_form=form)


@rule("ccm_sessions.manage_speakers")
@require_POST
def speakers_reply(request, slug, pk):
    meeting = meeting_for_staff(slug)
    speakers_list = _managed_list(meeting, pk)
    form = ReplyForm(request.POST, delegations=selectors.accredited_delegations(meeting), prefix="reply")
    if form.is_valid():
        try:
            entry = services.right_of_reply_add(
                speakers_list=speakers_list, delegation=form.cleaned_data["delegation"], by=request.user
            )
        except services.ProgrammeError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Right of reply for %(name)s added at the end.") % {"name": entry.delegation.sort_name}
            )
            return redirect("ccm_sessions:speakers_manage", slug=meeting.slug, pk=speakers_list.pk)
    return _render_manage(request, meeting, speakers_list, status=400, reply_form=form)


@rule("ccm_sessions.manage_speakers")
@require_http_methods(["GET", "POST"])
def speaker_withdraw(request, slug, pk, entry_pk):
    """GET asks; POST takes the delegation off the list, with an Undo that reinstates it at its place."""
    meeting = meeting_for_staff(slug)
    speakers_list = _managed_list(meeting, pk)
    entry = get_object_or_404(
        SpeakerEntry.objects.select_related("delegation"), pk=entry_pk, speakers_list=speakers_list
    )
    manage_url = reverse("ccm_sessions:speakers_manage", kwargs={"slug": meeting.slug, "pk": speakers_list.pk})
    names = {"name": entry.delegation.sort_name, "list": speakers_list, "position": entry.position}
    return confirm_then(
        request,
        act=lambda: services.speaker_set_status(entry=entry, by=request.user, status=SpeakerEntry.Status.WITHDRAWN),
        errors=(services.ProgrammeError,),
        done=_("%(name)s is withdrawn from the list.") % names,
        back=f"{manage_url}#entry-{entry.pk}",
        undo={
            "url": reverse(
                "ccm_sessions:speaker_action",
                kwargs={"slug": meeting.slug, "pk": speakers_list.pk, "entry_pk": entry.pk},
            ),
            "label": _("Undo: reinstate at the same place"),
            "fields": {"action": "reinstate"},
        },
        context={
            "meeting": meeting,
            "heading": _("Withdraw %(name)s from “%(list)s”?") % names,
            "explanation": _("%(name)s gives up place %(position)d; “Reinstate” puts it back at the same place.")
            % names,
            "button": _("Withdraw from the list"),
            "cancel_url": manage_url,
            "back_label": _("List of speakers"),
        },
    )


SPEAKER_ACTIONS = {
    "up": None,
    "down": None,
    "speaking": SpeakerEntry.Status.SPEAKING,
    "spoke": SpeakerEntry.Status.SPOKE,
    "withdrawn": SpeakerEntry.Status.WITHDRAWN,
    "reinstate": SpeakerEntry.Status.INSCRIBED,
}


@rule("ccm_sessions.manage_speakers")
@require_POST
def speaker_action(request, slug, pk, entry_pk):
    meeting = meeting_for_staff(slug)
    speakers_list = _managed_list(meeting, pk)
    entry = get_object_or_404(
        SpeakerEntry.objects.select_related("delegation"), pk=entry_pk, speakers_list=speakers_list
    )
    action = request.POST.get("action", "")
    if action not in SPEAKER_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("ccm_sessions:speakers_manage", slug=meeting.slug, pk=speakers_list.pk)
    try:
        if action in ("up", "down"):
            moved = services.speaker_move(entry=entry, by=request.user, direction=action)
            messages.success(
                request,
                _("%(name)s is now number %(position)d.")
                % {"name": entry.delegation.sort_name, "position": moved.position},
            )
        else:
            changed = services.speaker_set_status(entry=entry, by=request.user, status=SPEAKER_ACTIONS[action])
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": entry.delegation.sort_name, "status": changed.get_status_display()},
            )
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
    return redirect(
        reverse("ccm_sessions:speakers_manage", kwargs={"slug": meeting.slug, "pk": speakers_list.pk})
        + f"#entry-{entry.pk}"
    )
