"""The filter forms of the secretariat's working lists (django-filter FilterSets).

Each FilterSet is built by a selector on the rows the page may show; an invalid value
is left out of the filtering rather than failing the page.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.meetings.models import Category
from ccm_portal.tables import BootstrapFilterSet

from .models import CheckIn, Delegation, Participant

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _words(qs, value: str, fields: list[str]):
    """Every word (five at most) in one of the fields."""
    for word in value.split()[:5]:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(match)
    return qs


class ParticipantFilter(BootstrapFilterSet):
    """The staff list of participants, its statistics and its exports."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("participation category", "Category"),
        field_name="delegation__category",
        choices=Category.choices,
        empty_label=_("All categories"),
    )
    delegation = django_filters.ModelChoiceFilter(
        label=_("Delegation"), queryset=Delegation.objects.none(), empty_label=_("All delegations")
    )
    role = django_filters.ChoiceFilter(
        label=pgettext_lazy("participant", "Role"), choices=Participant.Role.choices, empty_label=_("All roles")
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Participant.Gender.choices, empty_label=_("All"))
    consent = django_filters.ChoiceFilter(
        label=_("On public lists"), choices=YES_NO, empty_label=_("Any"), method="filter_consent"
    )
    arrived = django_filters.ChoiceFilter(
        label=_("Arrived"), choices=YES_NO, empty_label=_("Any"), method="filter_arrived"
    )
    badge = django_filters.ChoiceFilter(
        label=_("Badge printed"), choices=YES_NO, empty_label=_("Any"), method="filter_badge"
    )

    class Meta:
        model = Participant
        fields = []

    def __init__(self, data=None, *, queryset, delegations):
        super().__init__(data, queryset=queryset)
        self.filters["delegation"].queryset = delegations
        self.form.fields["delegation"].queryset = delegations
        self.form.fields["q"].widget.attrs.update({"placeholder": _("Name, function or delegation"), "dir": "auto"})

    def filter_q(self, qs, name, value):
        return _words(qs, value, ["given_name", "family_name", "function", "delegation__sort_name"])

    def filter_consent(self, qs, name, value):
        return qs.filter(public_consent=value == "yes")

    def filter_arrived(self, qs, name, value):
        has_arrived = Exists(CheckIn.objects.filter(participant=OuterRef("pk"), outcome=CheckIn.Outcome.ARRIVED))
        return qs.filter(has_arrived) if value == "yes" else qs.exclude(has_arrived)

    def filter_badge(self, qs, name, value):
        return qs.filter(badge_printed_at__isnull=value != "yes")


# ---------------------------------------------------------------- the accreditation queue

OPEN = "open"


class DelegationQueueFilter(BootstrapFilterSet):
    """The delegations of the accreditation dashboard; its form is the page's filter form."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("participation category", "Category"),
        choices=Category.choices,
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Delegation status"),
        choices=[(OPEN, _("Waiting for a decision")), *Delegation.Status.choices],
        empty_label=_("Any status"),
        method="filter_status",
    )

    class Meta:
        model = Delegation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update({"placeholder": _("Delegation or participant name"), "dir": "auto"})

    def filter_q(self, qs, name, value):
        word = value.strip()
        return qs.filter(
            Q(sort_name__icontains=word)
            | Q(participants__family_name__icontains=word)
            | Q(participants__given_name__icontains=word)
        ).distinct()

    def filter_status(self, qs, name, value):
        if value == OPEN:
            # Waiting for a decision on the delegation itself: submitted, not yet approved or rejected.
            # A decided delegation's new participants wait in the participants queue, not here.
            return qs.filter(status=Delegation.Status.SUBMITTED)
        return qs.filter(status=value)


class PendingParticipantFilter(BootstrapFilterSet):
    """The participants waiting for a decision, filtered by the dashboard's search and category."""

    q = django_filters.CharFilter(method="filter_q", max_length=100)
    category = django_filters.ChoiceFilter(field_name="delegation__category", choices=Category.choices)

    class Meta:
        model = Participant
        fields = []

    def filter_q(self, qs, name, value):
        word = value.strip()
        return qs.filter(
            Q(family_name__icontains=word) | Q(given_name__icontains=word) | Q(delegation__sort_name__icontains=word)
        )
