"""E-mails to focal points. Called after the deciding transaction commits.

Each goes out in its recipient's language (their chosen one, else the meeting's first
language): `subject` is a function, called once per language, like the template.
"""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccm_portal.accounts.models import User
from ccm_portal.languages import meeting_language
from ccm_portal.mail.services import notification, queue_mail_in_languages

from .models import Delegation, JoinRequest, Participant


def _send(*, to: list[str], subject: Callable[[], str], template: str, context: dict) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return

    def compose():
        return subject(), render_to_string(template, {"site_url": settings.SITE_URL, **context})

    queue_mail_in_languages(to=recipients, compose=compose, fallback=meeting_language(context["delegation"].meeting))


def _focal_point_addresses(delegation: Delegation) -> list[str]:
    return [user.email for user in delegation.focal_points.all()] + [delegation.contact_email]


def _participants_subject(delegation: Delegation, participants: list[Participant], decided_delegation: bool) -> str:
    names = {"meeting": delegation.meeting.short_title, "delegation": delegation.sort_name}
    if decided_delegation and not participants:
        return _("[%(meeting)s] %(delegation)s: %(status)s") % {**names, "status": delegation.get_status_display()}
    if len(participants) == 1 and not decided_delegation:
        (participant,) = participants
        return _("[%(meeting)s] %(participant)s: %(status)s") % {
            "meeting": names["meeting"],
            "participant": participant.display_name,
            "status": participant.get_status_display(),
        }
    count = len(participants) + (1 if decided_delegation else 0)
    return ngettext(
        "[%(meeting)s] %(delegation)s: %(count)d decision on registrations",
        "[%(meeting)s] %(delegation)s: %(count)d decisions on registrations",
        count,
    ) % {**names, "count": count}


@notification
def decisions_made(delegation_pk: int, *, decided_delegation: bool = False, participant_pks=()) -> None:
    """One e-mail to a delegation's focal points for one batch of decisions: the delegation's, its participants'.

    A bulk decision over a delegation and three of its people is one message, not four.
    """
    delegation = Delegation.objects.select_related("meeting").get(pk=delegation_pk)
    participants = list(
        Participant.objects.filter(pk__in=list(participant_pks), delegation=delegation).in_delegation_order()
    )
    if not decided_delegation and not participants:
        return
    _send(
        to=_focal_point_addresses(delegation),
        subject=lambda: _participants_subject(delegation, participants, decided_delegation),
        template="delegations/email/decisions.txt",
        context={
            "delegation": delegation,
            "decided_delegation": decided_delegation,
            "participants": participants,
            "any_approved": any(p.status == Participant.Status.APPROVED for p in participants),
        },
    )


@notification
def participant_approved(participant_pk: int) -> None:
    """Tell an approved participant themselves, with where and when to collect the badge."""
    participant = Participant.objects.select_related("delegation__meeting").get(pk=participant_pk)
    if participant.status != Participant.Status.APPROVED:
        return
    delegation = participant.delegation
    _send(
        to=[participant.email],
        subject=lambda: (
            _("[%(meeting)s] Your registration is approved: collect your badge")
            % {"meeting": delegation.meeting.short_title}
        ),
        template="delegations/email/participant_approved.txt",
        context={"delegation": delegation, "participant": participant, "meeting": delegation.meeting},
    )


@notification
def join_requested(join_request_pk: int) -> None:
    join_request = JoinRequest.objects.select_related("delegation__meeting", "user").get(pk=join_request_pk)
    delegation = join_request.delegation
    _send(
        to=[user.email for user in delegation.focal_points.all()],
        subject=lambda: (
            _("[%(meeting)s] %(person)s asks to join %(delegation)s")
            % {
                "meeting": delegation.meeting.short_title,
                "person": join_request.user,
                "delegation": delegation.sort_name,
            }
        ),
        template="delegations/email/join_requested.txt",
        context={"delegation": delegation, "join_request": join_request},
    )


@notification
def join_decided(join_request_pk: int) -> None:
    join_request = JoinRequest.objects.select_related("delegation__meeting", "user").get(pk=join_request_pk)
    names = {"meeting": join_request.delegation.meeting.short_title, "delegation": join_request.delegation.sort_name}
    accepted = join_request.status == JoinRequest.Status.ACCEPTED
    _send(
        to=[join_request.user.email],
        subject=lambda: (
            (
                _("[%(meeting)s] %(delegation)s: request accepted")
                if accepted
                else _("[%(meeting)s] %(delegation)s: request refused")
            )
            % names
        ),
        template="delegations/email/join_decided.txt",
        context={"delegation": join_request.delegation, "join_request": join_request},
    )


def _secretariat_addresses() -> list[str]:
    return list(User.objects.filter(role=User.Role.SECRETARIAT, is_active=True).values_list("email", flat=True))


@notification
def join_request_escalated(join_request_pk: int) -> None:
    join_request = JoinRequest.objects.select_related("delegation__meeting", "user").get(pk=join_request_pk)
    delegation = join_request.delegation
    _send(
        to=_secretariat_addresses(),
        subject=lambda: (
            _("[%(meeting)s] %(person)s asks the secretariat to join %(delegation)s")
            % {
                "meeting": delegation.meeting.short_title,
                "person": join_request.user,
                "delegation": delegation.sort_name,
            }
        ),
        template="delegations/email/join_request_escalated.txt",
        context={"delegation": delegation, "join_request": join_request},
    )


@notification
def focal_point_transferred(delegation_pk: int, new_pk: int, removed_pks: list[int]) -> None:
    delegation = Delegation.objects.select_related("meeting").get(pk=delegation_pk)
    new = User.objects.get(pk=new_pk)
    removed = list(User.objects.filter(pk__in=removed_pks))
    names = {"meeting": delegation.meeting.short_title, "delegation": delegation.sort_name}
    _send(
        to=[new.email],
        subject=lambda: _("[%(meeting)s] %(delegation)s: you are now a focal point") % names,
        template="delegations/email/focal_point_added.txt",
        context={"delegation": delegation, "user": new},
    )
    for person in removed:
        _send(
            to=[person.email],
            subject=lambda: _("[%(meeting)s] %(delegation)s: you are no longer a focal point") % names,
            template="delegations/email/focal_point_removed.txt",
            context={"delegation": delegation, "user": person, "new": new},
        )


@notification
def delegation_refused(delegation_pk: int, join_request_pks: list[int]) -> None:
    delegation = Delegation.objects.select_related("meeting").get(pk=delegation_pk)
    _send(
        to=_focal_point_addresses(delegation),
        subject=lambda: (
            _("[%(meeting)s] %(delegation)s: registration refused")
            % {"meeting": delegation.meeting.short_title, "delegation": delegation.sort_name}
        ),
        template="delegations/email/delegation_refused.txt",
        context={"delegation": delegation},
    )
    for join_request in JoinRequest.objects.filter(pk__in=join_request_pks).select_related("user"):
        _send(
            to=[join_request.user.email],
            subject=lambda: (
                _("[%(meeting)s] %(delegation)s can be registered again")
                % {"meeting": delegation.meeting.short_title, "delegation": delegation.sort_name}
            ),
            template="delegations/email/registration_freed.txt",
            context={"delegation": delegation, "join_request": join_request},
        )
