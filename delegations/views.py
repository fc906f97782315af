from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import SIGNED_IN, allowed, rule
from ccm_portal.downloads import download, stored_file
from ccm_portal.idempotency.tokens import AlreadySubmitted, InvalidFormToken, submit_once
from ccm_portal.jobs.serving import on_demand_allowed, too_many_renders
from ccm_portal.storage import StorageUnavailable, store_down_message
from ccm_portal.tables import paginate

from . import credentials, renderers, selectors, services
from .forms import (
    BulkDecisionForm,
    CredentialsForm,
    DecisionForm,
    DocumentForm,
    FocalPointTransferForm,
    JoinRequestForm,
    ParticipantForm,
    RefuseRegistrationForm,
    RegisterDelegationForm,
)
from .loaders import (
    delegation_for_user,
    join_request_for_user,
    meeting_for_user,
    own_join_request,
    participant_for_user,
)
from .models import Delegation, Participant
from .tables import DelegationQueueTable, PendingParticipantTable

JOIN_SALT = "delegations.join"


def _rights(user, delegation) -> dict:
    """What the delegation's page offers this user (the rules of delegations/rules.py, asked once)."""
    return {
        "editable": allowed(user, "delegations.edit_delegation", delegation),
        "can_accredit": allowed(user, "delegations.accredit_delegation", delegation),
    }


@rule("delegations.register_delegation")
@require_http_methods(["GET", "POST"])
def register(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    form = RegisterDelegationForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation = submit_once(
                request,
                "delegations.register",
                lambda: services.delegation_register(
                    meeting=meeting,
                    user=request.user,
                    kind=data["kind"],
                    country=data.get("country") or "",
                    organisation=data.get("organisation"),
                    organisation_name=data.get("organisation_name", ""),
                    organisation_acronym=data.get("organisation_acronym", ""),
                    contact_email=data.get("contact_email", ""),
                ),
            )
        except AlreadySubmitted as exc:
            messages.info(request, str(exc))
            first = Delegation.objects.for_user(request.user).filter(pk=exc.object_pk or None).first()
            return redirect(first or "delegations:mine")
        except InvalidFormToken as exc:
            form.add_error(None, str(exc))
        except services.DelegationExists as exc:
            existing = exc.delegation
            form.add_error(None, str(exc))
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                (
                    _("The delegation of %(name)s is registered. Upload the note verbale and add its participants.")
                    if delegation.is_state
                    else _("The delegation of %(name)s is registered. Upload the letter and add its participants.")
                )
                % {"name": delegation.sort_name},
            )
            return redirect(delegation)
    context = {
        "meeting": meeting,
        "form": form,
        "registration_open": meeting.registration_is_open(),
        "existing": existing,
        "join_token": signing.dumps(existing.pk, salt=JOIN_SALT) if existing else "",
        "join_form": JoinRequestForm(),
    }
    return render(request, "delegations/register.html", context)


@rule("delegations.request_to_join")
@require_POST
def join(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    try:
        pk = signing.loads(request.POST.get("token", ""), salt=JOIN_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        messages.error(request, _("That request has expired. Register again to see who the focal point is."))
        return redirect("delegations:register", slug=meeting.slug)
    delegation = get_object_or_404(Delegation, pk=pk, meeting=meeting)
    form = JoinRequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        join_request = services.join_request_create(delegation=delegation, user=request.user, message=message)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your request to join %(name)s has been sent to its focal point. You will get an e-mail with the answer.")
            % {"name": delegation.sort_name},
        )
        return redirect(join_request)
    return redirect(meeting)


@rule(SIGNED_IN)
def join_request_detail(request, pk):
    join_request = own_join_request(user=request.user, pk=pk)
    days = selectors.join_request_escalation_days()
    return render(
        request,
        "delegations/join_request.html",
        {
            "join_request": join_request,
            "delegation": join_request.delegation,
            "meeting": join_request.delegation.meeting,
            "escalation_days": days,
            "can_escalate": join_request.is_pending
            and join_request.escalated_at is None
            and allowed(request.user, "delegations.escalate_join_request", join_request),
        },
    )


@rule(SIGNED_IN)
@require_POST
def join_request_escalate(request, pk):
    join_request = own_join_request(user=request.user, pk=pk)
    try:
        services.join_request_escalate(join_request=join_request, by=request.user)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The secretariat has your request and will decide on it."))
    return redirect(join_request)


@rule(SIGNED_IN)
def my_delegations(request):
    return render(
        request,
        "delegations/my_delegations.html",
        {
            "delegations": selectors.my_delegations(request.user),
            "join_requests": selectors.my_join_requests(request.user),
        },
    )


@rule(SIGNED_IN)
def detail(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    rights = _rights(request.user, delegation)
    context = {
        "delegation": delegation,
        "meeting": delegation.meeting,
        **rights,
        "document_form": DocumentForm(),
        "problems": services.submission_problems(delegation),
        **selectors.delegation_page(delegation, history_page=request.GET.get(selectors.HISTORY_PAGE)),
    }
    if rights["can_accredit"]:
        context["decision_form"] = DecisionForm()
        context["credentials_form"] = CredentialsForm(instance=delegation)
    return render(request, "delegations/detail.html", context)


@rule(SIGNED_IN)
def document_download(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    if not delegation.document:
        raise Http404
    return stored_file(
        delegation.document,
        filename=f"{delegation.meeting.short_title}-{delegation.sort_name}-{delegation.document_label}.pdf",
    )


@rule(SIGNED_IN)
@require_POST
def document_upload(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.delegation_attach_document(
                delegation=delegation, upload=form.cleaned_data["document"], by=request.user
            )
        except services.RegistrationError as exc:
            form.add_error("document", str(exc))
        except StorageUnavailable:
            # The file was not stored, so the service's transaction left the delegation as it was.
            form.add_error("document", store_down_message())
        else:
            messages.success(
                request, _("The note verbale is stored.") if delegation.is_state else _("The letter is stored.")
            )
            return redirect(delegation)
    context = {
        "delegation": delegation,
        "meeting": delegation.meeting,
        **_rights(request.user, delegation),
        "document_form": form,
        "problems": services.submission_problems(delegation),
        **selectors.delegation_page(delegation),
    }
    return render(request, "delegations/detail.html", context, status=400)


@rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk, ppk=None):
    delegation = delegation_for_user(user=request.user, pk=pk)
    participant = participant_for_user(user=request.user, delegation=delegation, pk=ppk) if ppk else None
    if not allowed(request.user, "delegations.edit_delegation", delegation):
        messages.error(request, _("The registration deadline has passed; only the secretariat can change it now."))
        return redirect(delegation)
    form = ParticipantForm(request.POST or None, request.FILES or None, instance=participant, delegation=delegation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ParticipantForm.Meta.fields}
        photo = form.cleaned_data.get("photo")
        try:
            if participant is None:
                saved = submit_once(
                    request,
                    "delegations.participant_add",
                    lambda: services.participant_create(delegation=delegation, data=data, by=request.user, photo=photo),
                )
            else:
                saved = services.participant_update(
                    participant=participant,
                    data=data,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    photo=photo,
                    remove_photo=form.cleaned_data.get("remove_photo", False),
                )
        except AlreadySubmitted as exc:
            messages.info(request, str(exc))
            return redirect(delegation)
        except InvalidFormToken as exc:
            form.add_error(None, str(exc))
        except services.ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            # The next save overwrites knowingly: the form now carries their version number.
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        except StorageUnavailable:
            # Only the photo goes to the store; the service's transaction saved no row and used no form token.
            form.add_error("photo", store_down_message())
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.display_name})
            return redirect(delegation)
    return render(
        request,
        "delegations/participant_form.html",
        {
            "delegation": delegation,
            "participant": participant,
            "form": form,
            "conflict": conflict,
            # An approved participant changed by anyone but the secretariat goes back for a decision.
            "can_accredit": allowed(request.user, "delegations.accredit_delegation", delegation),
        },
        status=409 if conflict else 200,
    )


def _participant_with_photo(request, pk, ppk) -> Participant:
    """The 404 door of a photo: the participant of a delegation the user sees, if it has a photo."""
    delegation = delegation_for_user(user=request.user, pk=pk)
    participant = participant_for_user(user=request.user, delegation=delegation, pk=ppk)
    if not participant.photo:
        raise Http404
    return participant


@rule("delegations.view_participant_photo", load=_participant_with_photo)
@require_http_methods(["GET"])
def participant_photo(request, participant, pk, ppk):
    """The stored badge photo, streamed to the delegation's focal points and the secretariat only."""
    return stored_file(participant.photo, filename=f"participant-{participant.pk}.jpg", content_type="image/jpeg")


@rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def participant_remove(request, pk, ppk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    participant = participant_for_user(user=request.user, delegation=delegation, pk=ppk)
    if request.method == "POST":
        try:
            services.participant_remove(participant=participant, by=request.user)
        except services.RegistrationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s is removed.") % {"name": participant.display_name})
        return redirect(delegation)
    return render(
        request, "delegations/participant_remove.html", {"delegation": delegation, "participant": participant}
    )


@rule(SIGNED_IN)
@require_POST
def submit(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    try:
        services.delegation_submit(delegation=delegation, by=request.user)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The delegation is submitted to the secretariat."))
    return redirect(delegation)


@rule(SIGNED_IN)
@require_POST
def join_request_decide(request, pk, jpk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    join_request = join_request_for_user(user=request.user, delegation=delegation, pk=jpk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.join_request_decide(join_request=join_request, by=request.user, accept=accept)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            (_("%(name)s is now a focal point.") if accept else _("The request of %(name)s is refused."))
            % {"name": join_request.user},
        )
    return redirect(delegation)


def _render_detail_with(request, delegation, status=400, **forms):
    context = {
        "delegation": delegation,
        "meeting": delegation.meeting,
        **_rights(request.user, delegation),
        "document_form": DocumentForm(),
        "decision_form": DecisionForm(),
        "credentials_form": CredentialsForm(instance=delegation),
        "problems": services.submission_problems(delegation),
        **selectors.delegation_page(delegation),
        **forms,
    }
    return render(request, "delegations/detail.html", context, status=status)


@rule("delegations.accredit_delegation")
@require_POST
def delegation_decide(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.delegation_decide(
                delegation=delegation,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Decision recorded; the focal point has been told."))
            return redirect(delegation)
    return _render_detail_with(request, delegation, decision_form=form)


@rule("delegations.accredit_delegation")
@require_POST
def participant_decide(request, pk, ppk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    participant = participant_for_user(user=request.user, delegation=delegation, pk=ppk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.participant_decide(
            participant=participant,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Decision on %(name)s recorded.") % {"name": participant.display_name})
        return redirect(delegation)
    for error in form.errors.get("reason", []) + form.errors.get("decision", []):
        messages.error(request, _("%(name)s: %(error)s") % {"name": participant.display_name, "error": error})
    return redirect(delegation)


@rule("delegations.accredit_delegation")
@require_http_methods(["GET", "POST"])
def credentials_edit(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    form = CredentialsForm(request.POST or None, instance=delegation)
    if request.method == "POST" and form.is_valid():
        try:
            services.credentials_update(
                delegation=delegation,
                by=request.user,
                status=form.cleaned_data["credentials_status"],
                date=form.cleaned_data["credentials_date"],
                remark=form.cleaned_data["credentials_remark"],
            )
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Credentials recorded."))
            return redirect(delegation)
    if request.method == "GET":
        return redirect(delegation)
    delegation.refresh_from_db()
    return _render_detail_with(request, delegation, credentials_form=form)


@rule("delegations.accredit_delegation")
@require_http_methods(["GET", "POST"])
def focal_point_transfer(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    form = FocalPointTransferForm(request.POST or None, delegation=delegation)
    if request.method == "POST" and form.is_valid():
        try:
            services.focal_point_transfer(
                delegation=delegation,
                email=form.cleaned_data["email"],
                remove=form.cleaned_data["remove"],
                by=request.user,
            )
        except services.RegistrationError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("The focal point is transferred; both have been e-mailed."))
            return redirect(delegation)
    return render(
        request,
        "delegations/focal_point_transfer.html",
        {"delegation": delegation, "meeting": delegation.meeting, "form": form},
        status=400 if form.errors else 200,
    )


@rule("delegations.accredit_delegation")
@require_http_methods(["GET", "POST"])
def delegation_refuse(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    form = RefuseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_refuse(delegation=delegation, by=request.user, reason=form.cleaned_data["reason"])
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The registration of %(name)s is refused; it can be registered again.")
                % {"name": delegation.sort_name},
            )
            return redirect(delegation)
    return render(
        request,
        "delegations/refuse.html",
        {"delegation": delegation, "meeting": delegation.meeting, "form": form},
        status=400 if form.errors else 200,
    )


@rule("delegations.accredit_delegation")
@require_POST
def invitation_approve(request, pk):
    delegation = delegation_for_user(user=request.user, pk=pk)
    try:
        services.invitation_approve(delegation=delegation, by=request.user)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Approval by the meeting recorded."))
    return redirect(delegation)


@rule("delegations.accredit_delegation")
@require_http_methods(["GET", "POST"])
def dashboard(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    queue = selectors.accreditation_queue(meeting, request.GET)
    ticked = {"delegations": request.POST.getlist("delegations"), "participants": request.POST.getlist("participants")}
    # After a refused bulk decision the same rows stay ticked.
    delegation_table = paginate(
        request, DelegationQueueTable(queue.delegations, prefix="d-", ticked=ticked["delegations"])
    )
    participant_table = paginate(
        request, PendingParticipantTable(queue.participants, prefix="p-", ticked=ticked["participants"])
    )
    counts = {"delegations": delegation_table.paginator.count, "participants": participant_table.paginator.count}
    bulk = BulkDecisionForm(request.POST or None, meeting=meeting, queue=queue, counts=counts)
    if request.method == "POST" and bulk.is_valid():
        try:
            count = services.decide_in_bulk(
                delegations=bulk.cleaned_data["delegations"],
                participants=bulk.cleaned_data["participants"],
                by=request.user,
                approve=bulk.cleaned_data["decision"] == "approve",
                reason=bulk.cleaned_data["reason"],
            )
        except services.RegistrationError as exc:
            bulk.add_error(None, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(count)d decision recorded.", "%(count)d decisions recorded.", count) % {"count": count},
            )
            return redirect(request.get_full_path())
    context = {
        "meeting": meeting,
        "counts": selectors.dashboard_counts(meeting),
        "delegations": queue.delegations,
        "participants": queue.participants,
        "delegation_table": delegation_table,
        "participant_table": participant_table,
        "filters": queue.filters.form,
        "bulk": bulk,
        "statuses": Delegation.Status.choices,
        "participant_statuses": Participant.Status.choices,
        "waiting_join_requests": selectors.join_requests_for_secretariat(meeting),
        "escalation_days": selectors.join_request_escalation_days(),
    }
    return render(request, "delegations/dashboard.html", context, status=400 if bulk.errors else 200)


@rule("delegations.view_credentials_report")
def credentials_report(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    return render(
        request,
        "delegations/credentials_report.html",
        {"meeting": meeting, "report": credentials.credentials_report(meeting)},
    )


@rule("delegations.view_credentials_report")
def credentials_report_pdf(request, slug):
    meeting = meeting_for_user(user=request.user, slug=slug)
    # Drawn while the officer waits (the report changes with every credentials decision): a few a minute at most.
    if not on_demand_allowed(request.user):
        return too_many_renders(request, back_url=reverse("delegations:credentials_report", args=[meeting.slug]))
    return download(renderers.credentials_report_pdf(meeting), filename=f"{meeting.short_title}-credentials.pdf")
