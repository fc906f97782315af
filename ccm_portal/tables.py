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
from django import forms
from django.core.paginator import Page, Paginator
from django_tables2.data import TableListData

PER_PAGE = 25
TABLE_TEMPLATE = "tables/table.html"


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
