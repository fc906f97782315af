from django.shortcuts import get_object_or_404

from ccm_portal.meetings.models import Meeting


def meeting(request, slug, **_):
    """A meeting this user may see; None for an anonymous visitor (no rule accepts None: login)."""
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(Meeting.objects.visible_to(request.user), slug=slug)
