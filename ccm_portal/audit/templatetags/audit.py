"""`{{ entry.action|audit_action }}`: a stored audit action in the reader's language."""

from django import template

from ccm_portal.audit.actions import action_label

register = template.Library()


@register.filter
def audit_action(action) -> str:
    return action_label(action)
