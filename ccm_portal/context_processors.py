"""What every page shows of the portal itself: the secretariat's contact address and emblem."""

from email.utils import parseaddr

from django.conf import settings


def contact_address() -> str:
    """The bare address of PORTAL_CONTACT_EMAIL ("CCM Portal <x@y>" gives "x@y")."""
    return parseaddr(getattr(settings, "PORTAL_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL)[1]


def portal_identity(request) -> dict:
    return {"portal_contact_email": contact_address(), "portal_emblem": getattr(settings, "PORTAL_EMBLEM", "")}
