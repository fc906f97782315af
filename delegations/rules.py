"""Who may do what with delegations, their participants and the meeting's lists.

Objects are found through the 404 loaders of loaders.py first (another delegation's
object is 404); these rules then decide what the user may do with what they found.
"""

import rules
from django.utils import timezone

from ccm_portal.accounts.rules import is_secretariat, is_signed_in


@rules.predicate
def is_refused(user, delegation) -> bool:
    return delegation is not None and delegation.status == delegation.Status.REFUSED


@rules.predicate
def registration_deadline_passed(user, delegation) -> bool:
    return delegation is not None and delegation.meeting.deadline_passed(timezone.now())


@rules.predicate
def is_focal_point(user, delegation) -> bool:
    """One query: whether the user is among the delegation's focal points."""
    if delegation is None or not user.is_authenticated:
        return False
    return delegation.focal_points.filter(pk=user.pk).exists()


@rules.predicate
def is_author_of(user, join_request) -> bool:
    return join_request is not None and user.is_authenticated and join_request.user_id == user.pk


# Registration: anyone signed in registers a delegation or asks to join one (the services
# decide whether registration is open and whether the e-mail address is confirmed); the
# secretariat registers a delegation after the deadline too.
rules.add_perm("delegations.register_delegation", is_signed_in)
rules.add_perm("delegations.register_when_closed", is_secretariat)
rules.add_perm("delegations.request_to_join", is_signed_in)
# A request to join is seen by its author (own_join_request is the 404 door) and by the
# secretariat, which sees every one; only its author escalates it to the secretariat.
rules.add_perm("delegations.view_any_join_request", is_secretariat)
rules.add_perm("delegations.escalate_join_request", is_author_of)

# A delegation's pages are reached through delegation_for_user (its focal points and the secretariat).
# Focal points edit until the meeting's registration deadline; the secretariat always; nobody a refused one.
rules.add_perm(
    "delegations.edit_delegation", ~is_refused & (is_secretariat | (~registration_deadline_passed & is_focal_point))
)


# A participant's badge photo: reached through the delegation's 404 door, and shown only to
# the delegation's own focal points and the secretariat (never another delegation, never public).
@rules.predicate
def is_focal_point_of_participant(user, participant) -> bool:
    return participant is not None and is_focal_point(user, participant.delegation)


rules.add_perm("delegations.view_participant_photo", is_secretariat | is_focal_point_of_participant)

# Accreditation: the secretariat decides on delegations and participants, credentials, focal points.
rules.add_perm("delegations.accredit_delegation", is_secretariat)
rules.add_perm("delegations.view_credentials_report", is_secretariat)

# The meeting's lists, badges, door and figures are the secretariat's.
rules.add_perm("delegations.view_public_list", rules.always_allow)
rules.add_perm("delegations.manage_lists", is_secretariat)
rules.add_perm("delegations.print_badges", is_secretariat)
rules.add_perm("delegations.check_in", is_secretariat)
rules.add_perm("delegations.export_participants", is_secretariat)
rules.add_perm("delegations.view_statistics", is_secretariat)

# Working papers and national reports (services_papers.py): a delegation's focal points submit
# them and follow them (reached through delegation_for_user, so another delegation's are 404;
# the services refuse a delegation that is not accredited); the secretariat issues or declines.
rules.add_perm("delegations.view_papers", is_secretariat | is_focal_point)
rules.add_perm("delegations.submit_paper", is_focal_point)
rules.add_perm("delegations.review_papers", is_secretariat)
