"""Audit entries in the reader's language.

{{ entry.action|audit_action }}   a stored action ("approved participant") as its label
{{ entry.detail|audit_detail }}   the stored detail, a missing value shown as "(none)" and a registered
                                  choice's English label ("Accepted") in the reader's language
"""

import re

from django import template
from django.utils.translation import pgettext

from ccm_portal.audit.actions import action_label, value_label

register = template.Library()

# A value that was not set is written "None" by str() on either side of "old → new".
_NONE_BEFORE = re.compile(r"(?<![\w])None(?= →)")
_NONE_AFTER = re.compile(r"(?<=→ )None(?![\w])")


@register.filter
def audit_action(action) -> str:
    return action_label(action)


@register.filter
def audit_detail(detail) -> str:
    """ "None → Accepted" as "(none) → Accepted": a change from or to no value, in the reader's language."""
    text = str(detail or "")
    if " → " in text:
        before, after = text.split(" → ", 1)
        text = f"{value_label(before)} → {value_label(after)}"
    if "None" not in text:
        return text
    none = pgettext("no value, in a change 'old → new'", "(none)")
    return _NONE_AFTER.sub(none, _NONE_BEFORE.sub(none, text))
