"""The demonstration secretariat account, the password rule of every demonstration account, dated audit entries."""

from datetime import datetime

from ccm_portal.accounts.models import User
from ccm_portal.audit.models import AuditEntry
from ccm_portal.audit.services import log_action

SECRETARIAT_EMAIL = "secretariat@ccm-portal.example"
DEFAULT_SECRETARIAT_PASSWORD = "ccm-secretariat-2010"
DEFAULT_DELEGATE_PASSWORD = "ccm-delegate-2010"


def seed_secretariat(password: str, *, now: datetime) -> User:
    user, created = User.objects.update_or_create(
        email=SECRETARIAT_EMAIL,
        defaults={
            "full_name": "CCM Secretariat (demonstration)",
            "role": User.Role.SECRETARIAT,
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    confirm_and_set_password(user, password, created, now=now)
    return user


def confirm_and_set_password(user: User, password: str, created: bool, *, now: datetime) -> None:
    fields = []
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        fields.append("email_confirmed_at")
    # Checking first keeps a second run from rewriting the hash for nothing,
    # while a changed SEED_*_PASSWORD still takes effect.
    if created or not user.check_password(password):
        user.set_password(password)
        fields.append("password")
    if fields:
        user.save(update_fields=fields)


def log_dated(trail: str, actor: User, action: str, subject, when: datetime, detail: str = "") -> None:
    """An audit entry dated when the step it records would have happened."""
    entry = log_action(trail=trail, actor=actor, action=action, subject=subject, detail=detail)
    # created_at is set on insert; date the entry when the step would have happened.
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
