"""The error summary of a page whose form came back with errors (WCAG 3.3.1, 2.4.3).

`{% forms_with_errors as error_forms %}` finds the bound forms with errors among the page's
context; base.html then puts "Error: " before the page's title and, first in the content, a
summary that links to each field in error (templates/_error_summary.html), which
static/js/error-summary.js focuses. Without JavaScript the summary is still the first thing
after the menu.
"""

from django import forms, template

register = template.Library()


def _forms_in(value):
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, forms.BaseFormSet):
        yield from value.forms


@register.simple_tag(takes_context=True)
def forms_with_errors(context) -> list:
    found, seen = [], set()
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) not in seen and form.is_bound and form.errors:
                seen.add(id(form))
                found.append(form)
    return found


@register.inclusion_tag("_error_summary.html")
def error_summary(error_forms):
    """One entry per message: the field's label and message, linked to the field when it is shown."""
    entries = []
    for form in error_forms:
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            shown = field is not None and not field.widget.is_hidden
            bound = form[name] if shown else None
            label = bound.label if bound is not None else ""
            anchor = ""
            if bound is not None and bound.auto_id:
                anchor = bound.field.widget.id_for_label(bound.auto_id) or ""
            for message in errors:
                entries.append({"label": label, "message": message, "anchor": anchor})
    return {"entries": entries}
