from .models import AuditEntry


def log_action(*, trail: str, actor, action: str, subject: str, detail: str = "") -> AuditEntry:
    """Record one entry in the audit trail; call it inside the write's transaction."""
    return AuditEntry.objects.create(
        trail=trail,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        subject=str(subject)[:300],
        detail=detail,
    )
