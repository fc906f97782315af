"""Who may plan the programme, run the lists of speakers and act for a delegation on the floor.

- Everyone (no login) reads the programme, the agenda, the lists of speakers, the live
  screen and published statements of a meeting they may see (`Meeting.objects.visible_to`).
- The secretariat and the presidency (role "organiser") plan: rooms, agenda, sessions.
- The secretariat alone runs side-event requests and the lists of speakers.
- A focal point acts for their own delegation (the secretariat for every one). Asked without
  a delegation, the floor rules say whether the user may act for one at all; the views' 404
  loaders then find only the user's own delegations, and the services ask about the delegation.
"""

import rules

from ccm_portal.accounts.rules import is_planner, is_secretariat, is_signed_in


@rules.predicate
def is_focal_point_of(user, delegation) -> bool:
    """A focal point of this delegation; without one, any signed-in user (who may be the focal point of some)."""
    if not is_signed_in(user):
        return False
    if delegation is None:
        return True
    return delegation.focal_points.filter(pk=user.pk).exists()


@rules.predicate
def is_published_statement(user, statement) -> bool:
    return statement is not None and statement.is_published


@rules.predicate
def is_statement_of_own_delegation(user, statement) -> bool:
    return statement is not None and is_focal_point_of(user, statement.entry.delegation)


acts_for_delegation = is_secretariat | is_focal_point_of

rules.add_perm("ccm_sessions.plan_programme", is_planner)
rules.add_perm("ccm_sessions.manage_speakers", is_secretariat)
rules.add_perm("ccm_sessions.manage_side_events", is_secretariat)
# The floor, about a delegation (or, without one, whether the user may have a delegation at all).
rules.add_perm("ccm_sessions.use_floor", acts_for_delegation)
rules.add_perm("ccm_sessions.inscribe", acts_for_delegation)
rules.add_perm("ccm_sessions.submit_statement", acts_for_delegation)
rules.add_perm("ccm_sessions.request_side_event", acts_for_delegation)
# Published statements are public; the others only for the delegation's focal points and the secretariat.
rules.add_perm("ccm_sessions.view_statement", is_published_statement | is_secretariat | is_statement_of_own_delegation)
