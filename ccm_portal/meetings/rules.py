"""Who may see and change a meeting itself."""

import rules

from ccm_portal.accounts.rules import is_planner, is_secretariat

# A meeting is planned before it is published: those who plan it see it unpublished.
rules.add_perm("meetings.view_unpublished_meeting", is_planner)
rules.add_perm("meetings.change_meeting", is_secretariat)
rules.add_perm("meetings.manage_treaty_status", is_secretariat)
