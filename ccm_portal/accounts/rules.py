"""The roles every app's rules are built from, and the rules that need no app.

A role is a predicate on the user alone; the apps' rules.py combine them with predicates
about their own objects (a focal point of this delegation, a drafter of this document).
"""

import rules

from ccm_portal.access import PUBLIC, SECRETARIAT, SIGNED_IN


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_secretariat(user) -> bool:
    """Secretariat staff (and superusers): they run the meeting."""
    return bool(user.is_authenticated and user.is_secretariat)


@rules.predicate
def is_organiser(user) -> bool:
    """The presidency and the Friends of the President."""
    return bool(is_signed_in(user) and user.role == user.Role.ORGANISER)


# Those who plan a meeting before it is published: the secretariat and the presidency.
is_planner = is_secretariat | is_organiser

rules.add_perm(PUBLIC, rules.always_allow)
rules.add_perm(SIGNED_IN, is_signed_in)
rules.add_perm(SECRETARIAT, is_secretariat)
