from ccm_portal.meetings import lookup


def meeting(request, slug, **_):
    """A meeting this user may see; None for an anonymous visitor (no rule accepts None: login)."""
    if not request.user.is_authenticated:
        return None
    return lookup.visible_meeting(request.user, slug)
