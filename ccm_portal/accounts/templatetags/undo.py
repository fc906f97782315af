"""`{% undo_form %}`: the Undo button offered with a success message (ccm_portal.confirm.offer_undo)."""

from django import template

from ccm_portal.confirm import take_undo

register = template.Library()


@register.inclusion_tag("_undo_form.html", takes_context=True)
def undo_form(context):
    """The offer's POST form, shown once; nothing when the request has none."""
    request = context.get("request")
    return {"offer": take_undo(request) if request is not None else None, "csrf_token": context.get("csrf_token")}
