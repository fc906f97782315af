"""Who may draft the final report: the secretariat (it then goes to its drafters like any outcome document)."""

import rules

from ccm_portal.accounts.rules import is_secretariat

rules.add_perm("proceedings.draft_final_report", is_secretariat)
