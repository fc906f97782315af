"""`{% has_perm "app.permission" obj as allowed %}`: the templates' side of ccm_portal.access."""

from django import template

from ccm_portal.access import allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def has_perm(context, perm, obj=None):
    """Whether the request's user has the rule (about `obj` when given); False without a request."""
    request = context.get("request")
    if request is None:
        return False
    return allowed(request.user, perm, obj)
