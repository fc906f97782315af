"""What every staff working list shares: filter forms, sortable tables, pages of 25 rows.

Filters are django-filter FilterSets whose widgets carry Bootstrap's classes (a select
without `form-select` keeps its intrinsic width and pushes a phone page sideways);
tables are django-tables2 tables drawn by one template (templates/tables/table.html)
with translated labels, `aria-sort` on the sorted column and a labelled page navigation.
Sort and page links keep every other parameter of the address, so a filter survives
sorting and paging, and the exports read the same parameters. Lists that are not tables
(cards, histories) are cut into the same pages by `paginate_rows` and get the same page
navigation (templates/tables/pagination.html).
"""

import django_filters
import django_tables2 as tables
import django_tables2.utils
from django import forms
from django.core.paginator import Page, Paginator
from django.utils.html import format_html, format_html_join
from django_tables2.data import TableListData

PER_PAGE = 25
TABLE_TEMPLATE = "tables/table.html"

_table_signature = django_tables2.utils.signature
_signatures: dict = {}


def _cached_signature(fn):
    """django-tables2 inspects the render method's signature again for every cell (a quarter of
    the staff list's table time); a method's signature does not change, so it is read once."""
    func = getattr(fn, "__func__", None)
    if func is None:
        return _table_signature(fn)
    if func not in _signatures:
        _signatures[func] = _table_signature(fn)
    return _signatures[func]


django_tables2.utils.signature = _cached_signature


def _flat_attrs(attrs: dict):
    # As django/forms/widgets/attrs.html writes them: True alone, False left out.
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickOptions:
    """A select whose options are written in Python, byte for byte as Django's templates write
    them: Django renders each option through its own template include, which made the filter's
    250 delegations cost more than the staff list's table itself."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                ((str(option["value"]), _flat_attrs(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(
                format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, html) if group_name else html
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _flat_attrs(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )


_QUICK_CLASSES: dict[type, type] = {}


def quick_select(widget: forms.Select) -> forms.Select:
    """The same widget, drawing its options with QuickOptions (only Django's own templates are replaced)."""
    cls = type(widget)
    if widget.template_name != "django/forms/widgets/select.html" or (
        widget.option_template_name != "django/forms/widgets/select_option.html"
    ):
        return widget
    if cls not in _QUICK_CLASSES:
        _QUICK_CLASSES[cls] = type(f"Quick{cls.__name__}", (QuickOptions, cls), {})
    widget.__class__ = _QUICK_CLASSES[cls]
    return widget


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose fields look like the rest of the portal's forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
                quick_select(widget)
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def cleaned(self) -> dict:
        """The valid values of the bound form (an invalid one is ignored, as in `qs`)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}


class SortedBySelector(TableListData):
    """Rows a selector has already put in order: the table shows the order, never re-sorts.

    The selector sorts with the portal's collation (accents folded, the same on SQLite and
    PostgreSQL) and the exports take the same order from it; a second, different sort in
    the table would make the page and the file disagree.
    """

    def order_by(self, aliases):
        return None


class StaffTable(tables.Table):
    class Meta:
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table-sm table-hover align-middle"}


def paginate(request, table: tables.Table, *, per_page: int = PER_PAGE) -> tables.Table:
    """Read the table's sort and page from the address; a page past the end shows the last one."""
    tables.RequestConfig(request, paginate={"per_page": per_page, "orphans": 0}).configure(table)
    return table


def paginate_rows(request, rows, *, field: str = "page", per_page: int = PER_PAGE) -> Page:
    """One page of a list that is not a table; `field` names its page in the address."""
    return page_of(rows, request.GET.get(field), field=field, per_page=per_page)


def page_of(rows, number, *, field: str = "page", per_page: int = PER_PAGE) -> Page:
    """Page `number` of `rows` (a queryset: only the page's rows are read, after one COUNT; or a list).

    A page past the end, or not a number, shows the nearest page, as tables do; `page.field`
    is the address parameter the page links set (templates/tables/pagination.html).
    """
    page = Paginator(rows, per_page, orphans=0).get_page(number)
    page.field = field
    return page
