"""ccm_portal.tables: the filters' selects are written in Python, byte for byte as Django writes them."""

import pytest
from django import forms

from ccm_portal.tables import quick_select

CHOICES = [
    ("", 'All <delegations> & "others"'),
    ("a", "Côte d'Ivoire"),
    ("Group & co", [("b", "Béta"), ("c", "Gamma")]),
    (3, "Three"),
]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(attrs={"class": "form-select", "data-x": 'q"t', "disabled": True, "hidden": False}), "a"),
        (forms.Select(attrs={"class": "form-select"}), None),
        (forms.SelectMultiple(attrs={"class": "form-select"}), ["b", "3"]),
        (forms.NullBooleanSelect(attrs={"class": "form-select"}), True),
    ],
)
def test_quick_select_writes_the_same_html_as_django(widget, value):
    own_choices = not isinstance(widget, forms.NullBooleanSelect)
    if own_choices:
        widget.choices = CHOICES
    django_html = widget.render("delegation", value, attrs={"id": "id_delegation"})

    quick = quick_select(widget)

    assert type(quick).__name__.startswith("Quick")
    assert quick.render("delegation", value, attrs={"id": "id_delegation"}) == django_html
    # Labels and group names are escaped the same way.
    assert not own_choices or "&lt;delegations&gt; &amp; &quot;others&quot;" in django_html


def test_quick_select_leaves_a_widget_with_its_own_template_alone():
    widget = forms.Select(choices=CHOICES)
    widget.option_template_name = "custom/option.html"

    assert type(quick_select(widget)) is forms.Select
