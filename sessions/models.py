# The agenda, programme of work and list of speakers arrive with their own issue.
