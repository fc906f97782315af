"""The filter forms of the sessions app's staff lists (django-filter FilterSets)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.tables import BootstrapFilterSet

from .models import SideEventRequest

EVERY_STATUS = "all"


class SideEventFilter(BootstrapFilterSet):
    """The side-event requests of a meeting: the pending ones unless a tab says otherwise."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*SideEventRequest.Status.choices, (EVERY_STATUS, pgettext_lazy("all requests", "All"))],
        method="filter_status",
    )

    class Meta:
        model = SideEventRequest
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update({"placeholder": _("Title, organisers or delegation"), "dir": "auto"})

    @property
    def tab(self) -> str:
        """The tab shown: the chosen status, or the pending requests."""
        return self.cleaned().get("status") or SideEventRequest.Status.PENDING

    def filter_q(self, qs, name, value):
        for word in value.split()[:5]:
            qs = qs.filter(
                Q(title__icontains=word) | Q(organisers__icontains=word) | Q(delegation__sort_name__icontains=word)
            )
        return qs

    def filter_status(self, qs, name, value):
        return qs if value == EVERY_STATUS else qs.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.cleaned().get("status"):
            queryset = queryset.filter(status=SideEventRequest.Status.PENDING)
        return queryset
