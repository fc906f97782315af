from django import template
from django.utils.html import format_html

from ..tokens import FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    """The hidden one-time token of a creating form: put it inside the <form>, next to {% csrf_token %}."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token(request.user))
