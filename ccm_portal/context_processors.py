"""What every page shows of the portal itself: the secretariat's name, contact address and emblem.

The secretariat sets them in the browser (ccm_portal/meetings/identity.py, cached: no query on
a hit); what it leaves empty falls back to the settings PORTAL_CONTACT_EMAIL and PORTAL_EMBLEM.
"""

from email.utils import parseaddr

from django.conf import settings


def _identity() -> dict:
    from ccm_portal.meetings import identity

    return identity.current()


def contact_address() -> str:
    """The secretariat's contact address, else the bare address of PORTAL_CONTACT_EMAIL.

    "CCM Portal <x@y>" gives "x@y".
    """
    configured = _identity().get("contact_email")
    if configured:
        return configured
    return parseaddr(getattr(settings, "PORTAL_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL)[1]


def portal_identity(request) -> dict:
    from ccm_portal.meetings.identity import emblem_url

    found = _identity()
    context = {
        "portal_contact_email": found.get("contact_email") or contact_address(),
        "portal_secretariat": found.get("secretariat_name", ""),
        "portal_emblem": getattr(settings, "PORTAL_EMBLEM", ""),
        "portal_emblem_url": "",
    }
    if found.get("emblem_hash"):
        context.update(
            portal_emblem="",
            portal_emblem_url=emblem_url(found),
            portal_emblem_alt=found.get("emblem_alt", ""),
            portal_emblem_width=found.get("emblem_width"),
            portal_emblem_height=found.get("emblem_height"),
        )
    return context
