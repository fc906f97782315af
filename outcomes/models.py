# Outcome documents (declaration, action plan, reporting formats) arrive with their own issue.
