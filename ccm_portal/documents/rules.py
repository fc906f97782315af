"""Who may keep a meeting's register of documents: the secretariat. Issued documents are public."""

import rules

from ccm_portal.accounts.rules import is_secretariat

rules.add_perm("documents.manage_register", is_secretariat)
