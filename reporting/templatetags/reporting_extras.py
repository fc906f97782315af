from django import template

from outcomes.markup import render

register = template.Library()


@register.filter
def report_text(text: str):
    """A report's text in the outcome documents' light markup, sanitised (outcomes/markup.py)."""
    return render(text or "")


@register.filter
def gaps_for(gaps: dict, letter: str) -> list:
    return gaps.get(letter, []) if gaps else []
