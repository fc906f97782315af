"""Closing an account: the person goes, the record of what they decided stays.

The row of a deleted account is kept and anonymised rather than deleted: delegations
name who registered them, audit entries, statements, proposals and decisions point at
it, and they must keep reading "a deleted user" instead of vanishing or blocking the
delete.
"""

import secrets

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from ccm_portal.audit.services import log_action
from ccm_portal.mail.models import OutboxMessage
from delegations.models import Delegation, JoinRequest

DELETED_EMAIL_DOMAIN = "deleted.invalid"


class AccountDeletionRefused(Exception):
    """The account cannot be deleted now; the message says why and what to do first."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def delegations_needing_a_focal_point(user):
    """Delegations of meetings not yet over, not rejected, whose only focal point is `user`."""
    today = timezone.localdate()
    return (
        # pk__in rather than focal_points=user: a filter on the relation would make the
        # count see only the rows it matched, and every delegation would have one focal point.
        Delegation.objects.filter(pk__in=user.delegations.values("pk"), meeting__end_date__gte=today)
        .exclude(status=Delegation.Status.REJECTED)
        .annotate(focal_point_count=Count("focal_points"))
        .filter(focal_point_count=1)
        .select_related("meeting")
        .order_by("meeting__start_date", "sort_name")
    )


def deletion_problems(user) -> list[str]:
    """Why `user` cannot delete their account now; empty when they can."""
    if user.is_staff or user.is_superuser:
        return [_("Accounts with access to the admin site are closed by another administrator.")]
    return [
        _(
            "You are the only focal point of %(delegation)s for %(meeting)s. Ask a colleague to join the "
            "delegation (or the secretariat to transfer it) before you delete your account."
        )
        % {"delegation": delegation.sort_name, "meeting": delegation.meeting.short_title}
        for delegation in delegations_needing_a_focal_point(user)
    ]


def _forget_devices(user) -> None:
    # Second-factor devices hold secret keys of an account nobody can use any more.
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()


def _forget_mail(email: str, placeholder: str) -> None:
    """Mail not yet sent to the address is dropped; the record of mail sent names the placeholder."""
    for message in OutboxMessage.objects.filter(to__icontains=email):
        kept = [address for address in message.to if address.lower() != email.lower()]
        if len(kept) == len(message.to):
            continue
        if message.status == OutboxMessage.Status.PENDING and not kept:
            message.delete()
        else:
            message.to = kept if message.status == OutboxMessage.Status.PENDING else [*kept, placeholder]
            message.save(update_fields=["to"])


def _clear_login_records(email: str) -> None:
    # django-axes keeps the address of every attempt to log in; they are about this person.
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


@transaction.atomic
def account_delete(*, user, password: str):
    """Anonymise `user` after checking their password.

    Removes them as focal point of every delegation (clearing a contact address that is
    theirs), withdraws their pending join requests, scrubs the address and name,
    makes the password unusable and the account inactive, and records it in the trail
    of each delegation concerned; drops their second-factor devices, mail still queued
    for them and the records of their login attempts. Refuses a wrong password, an admin account and the
    only focal point of a delegation whose meeting is not over.
    """
    if not user.check_password(password):
        raise AccountDeletionRefused(_("The password is not correct."), field="password")
    if problems := deletion_problems(user):
        raise AccountDeletionRefused(" ".join(problems))
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    email = user.email

    for delegation in Delegation.objects.filter(focal_points=user).select_for_update():
        delegation.focal_points.remove(user)
        if delegation.contact_email.lower() == email.lower():
            delegation.contact_email = ""
            delegation.save(update_fields=["contact_email", "updated_at"])
        log_action(trail=delegation.trail, actor=user, action="left as focal point (account deleted)", subject="")
    for join_request in JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).select_related(
        "delegation"
    ):
        log_action(trail=join_request.delegation.trail, actor=user, action="withdrew join request", subject="")
        join_request.delete()

    user.email = f"deleted-{user.pk}-{secrets.token_hex(6)}@{DELETED_EMAIL_DOMAIN}"
    user.full_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.role = User.Role.DELEGATE
    user.email_confirmed_at = None
    user.last_login = None
    user.language = ""
    user.deleted_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _forget_devices(user)
    _forget_mail(email, user.email)
    _clear_login_records(email)
    return user
