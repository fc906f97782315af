"""Who may see and change Article 7 reports: decided here and nowhere else.

- A state's confirmed national contact points draft, edit and submit its reports; they see
  every report of their state, and nothing of any other state (reporting/loaders.py: 404).
- A focal point of a state's accredited delegation proposes contact points for it.
- The secretariat appoints and confirms contact points, acknowledges receipt, publishes, and
  follows the deadlines on the overdue dashboard.
- Published reports (the forms the state made public) and the list of reports received are public.

Predicates take the object their rule is about and answer False for None.
"""

import rules

from ccm_portal.accounts.rules import is_secretariat, is_signed_in
from ccm_portal.meetings.models import TreatyStatus
from delegations.models import Delegation

from .models import ContactPoint, Report


def contact_state_ids(user) -> set[int]:
    """The register rows (states) the user is a confirmed contact point of; one query per request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_reporting_state_ids", None)
    if cached is None:
        cached = set(
            ContactPoint.objects.filter(user=user, status=ContactPoint.Status.CONFIRMED).values_list(
                "state_id", flat=True
            )
        )
        user._reporting_state_ids = cached
    return cached


def proposing_state_ids(user) -> set[int]:
    """The States Parties the user is a focal point of an accredited delegation of, at any meeting."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_reporting_proposing_ids", None)
    if cached is None:
        countries = Delegation.objects.filter(focal_points=user, status=Delegation.Status.APPROVED).exclude(country="")
        cached = set(
            TreatyStatus.objects.filter(
                country__in=countries.values("country"), entry_into_force_date__isnull=False
            ).values_list("pk", flat=True)
        )
        user._reporting_proposing_ids = cached
    return cached


@rules.predicate
def is_state_focal_point(user) -> bool:
    """A delegation's focal point proposes the state's contact points; the secretariat confirms them."""
    return bool(proposing_state_ids(user))


@rules.predicate
def is_contact_point(user) -> bool:
    return bool(is_signed_in(user) and contact_state_ids(user))


@rules.predicate
def is_contact_point_of_report(user, report) -> bool:
    return report is not None and report.state_id in contact_state_ids(user)


@rules.predicate
def is_draft(user, report) -> bool:
    return report is not None and report.status == Report.Status.DRAFT


@rules.predicate
def is_published(user, report) -> bool:
    return report is not None and report.status == Report.Status.PUBLISHED


rules.add_perm("reporting.view_own_reports", is_contact_point | is_secretariat | is_state_focal_point)
rules.add_perm("reporting.propose_contact_point", is_state_focal_point)
rules.add_perm("reporting.create_report", is_contact_point)
rules.add_perm("reporting.view_report", is_contact_point_of_report | is_secretariat)
rules.add_perm("reporting.edit_report", is_contact_point_of_report & is_draft)
rules.add_perm("reporting.manage", is_secretariat)
rules.add_perm("reporting.view_public", rules.always_allow)
rules.add_perm("reporting.view_published_report", is_published)


@rules.predicate
def can_edit_entry(user, entry) -> bool:
    """A form of a draft, for the contact points of its state."""
    return (
        entry is not None and is_contact_point_of_report.test(user, entry.report) and is_draft.test(user, entry.report)
    )


rules.add_perm("reporting.edit_entry", can_edit_entry)
