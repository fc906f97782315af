"""The report on credentials, worded as UN meetings word it.

Only accredited (approved) state delegations are reported on. They are grouped by the state
of their credentials, most formal first, and within a group by category (States Parties,
signatory States, observer States), each group one sentence that names the states in the
alphabetical order of the reader's language.

An accredited delegation whose credentials have not arrived is not "none": it was registered
by a note verbale of its Permanent Mission naming its representatives (registration refuses a
delegation without one), which is exactly what UN reports say of such states ("communicated
the names of their representatives by note verbale or letter"). So every accredited state
appears once, and no group is headed "None".
"""

from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import ngettext_lazy, pgettext

from ccm_portal.collation import sorted_by_name
from ccm_portal.documents.models import Source
from ccm_portal.documents.selectors import registered_symbol
from ccm_portal.meetings.models import Category, Meeting

from .models import Delegation

Credentials = Delegation.Credentials

# Most formal first.
STATUS_ORDER = [Credentials.ACCEPTED, Credentials.ORIGINAL, Credentials.COPY, Credentials.NONE]
STATE_CATEGORIES = [Category.STATE_PARTY, Category.SIGNATORY, Category.OBSERVER_STATE]

# One whole sentence per status and category, so that each language can make the verb and the
# category agree; "count" is the number of states, "states" their names.
SENTENCES = {
    (Credentials.ACCEPTED, Category.STATE_PARTY): ngettext_lazy(
        "The following State Party has submitted credentials in due form: %(states)s.",
        "The following States Parties have submitted credentials in due form: %(states)s.",
        "count",
    ),
    (Credentials.ACCEPTED, Category.SIGNATORY): ngettext_lazy(
        "The following signatory State has submitted credentials in due form: %(states)s.",
        "The following signatory States have submitted credentials in due form: %(states)s.",
        "count",
    ),
    (Credentials.ACCEPTED, Category.OBSERVER_STATE): ngettext_lazy(
        "The following observer State has submitted credentials in due form: %(states)s.",
        "The following observer States have submitted credentials in due form: %(states)s.",
        "count",
    ),
    (Credentials.ORIGINAL, Category.STATE_PARTY): ngettext_lazy(
        "The following State Party has submitted original credentials, which are being examined: %(states)s.",
        "The following States Parties have submitted original credentials, which are being examined: %(states)s.",
        "count",
    ),
    (Credentials.ORIGINAL, Category.SIGNATORY): ngettext_lazy(
        "The following signatory State has submitted original credentials, which are being examined: %(states)s.",
        "The following signatory States have submitted original credentials, which are being examined: %(states)s.",
        "count",
    ),
    (Credentials.ORIGINAL, Category.OBSERVER_STATE): ngettext_lazy(
        "The following observer State has submitted original credentials, which are being examined: %(states)s.",
        "The following observer States have submitted original credentials, which are being examined: %(states)s.",
        "count",
    ),
    (Credentials.COPY, Category.STATE_PARTY): ngettext_lazy(
        "The following State Party has submitted a copy or a facsimile of its credentials: %(states)s.",
        "The following States Parties have submitted copies or facsimiles of their credentials: %(states)s.",
        "count",
    ),
    (Credentials.COPY, Category.SIGNATORY): ngettext_lazy(
        "The following signatory State has submitted a copy or a facsimile of its credentials: %(states)s.",
        "The following signatory States have submitted copies or facsimiles of their credentials: %(states)s.",
        "count",
    ),
    (Credentials.COPY, Category.OBSERVER_STATE): ngettext_lazy(
        "The following observer State has submitted a copy or a facsimile of its credentials: %(states)s.",
        "The following observer States have submitted copies or facsimiles of their credentials: %(states)s.",
        "count",
    ),
    (Credentials.NONE, Category.STATE_PARTY): ngettext_lazy(
        "The following State Party has communicated the names of its representatives by note verbale or letter: "
        "%(states)s.",
        "The following States Parties have communicated the names of their representatives by note verbale or "
        "letter: %(states)s.",
        "count",
    ),
    (Credentials.NONE, Category.SIGNATORY): ngettext_lazy(
        "The following signatory State has communicated the names of its representatives by note verbale or "
        "letter: %(states)s.",
        "The following signatory States have communicated the names of their representatives by note verbale "
        "or letter: %(states)s.",
        "count",
    ),
    (Credentials.NONE, Category.OBSERVER_STATE): ngettext_lazy(
        "The following observer State has communicated the names of its representatives by note verbale or "
        "letter: %(states)s.",
        "The following observer States have communicated the names of their representatives by note verbale "
        "or letter: %(states)s.",
        "count",
    ),
}


@dataclass
class Finding:
    """One sentence of the report: the states of one category whose credentials are in one state."""

    status: str
    category: int
    delegations: list = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [state_name(d) for d in self.delegations]

    @property
    def sentence(self) -> str:
        """The sentence in the active language."""
        return SENTENCES[(self.status, self.category)] % {
            "count": len(self.delegations),
            "states": name_list(self.names),
        }


@dataclass
class CredentialsReport:
    meeting: Meeting
    findings: list[Finding]
    # State delegations registered but not (yet) accredited: not reported on.
    not_accredited: int = 0

    @property
    def state_count(self) -> int:
        return sum(len(finding.delegations) for finding in self.findings)


def state_name(delegation: Delegation) -> str:
    """The state's short name in the active language."""
    return str(delegation.country.name)


def name_list(names: list[str]) -> str:
    """'Austria, Belgium and Chile', joined in the active language."""
    return str(get_text_list(names, pgettext("joining the last two names of a list", "and")))


def credentials_symbol(meeting: Meeting) -> str:
    """The symbol the register gave the report (a number the secretariat marked as printed by the
    portal as the report on credentials), else <prefix>/Credentials as before the register."""
    return (
        registered_symbol(meeting, Source.CREDENTIALS) or f"{meeting.symbol_prefix or meeting.short_title}/Credentials"
    )


def credentials_report(meeting: Meeting) -> CredentialsReport:
    """The findings on the credentials of the meeting's accredited states, in the active language's
    alphabetical order within each sentence; empty groups are left out. Two queries."""
    rows = list(
        Delegation.objects.filter(
            meeting=meeting,
            kind=Delegation.Kind.STATE,
            status=Delegation.Status.APPROVED,
            category__in=STATE_CATEGORIES,
        ).only("pk", "country", "category", "credentials_status", "credentials_date", "credentials_remark")
    )
    groups: dict[tuple, Finding] = {}
    for status in STATUS_ORDER:
        for category in STATE_CATEGORIES:
            groups[(status, category)] = Finding(status=status, category=category)
    for delegation in sorted_by_name(rows, key=state_name):
        groups[(delegation.credentials_status, delegation.category)].delegations.append(delegation)
    pending = Delegation.objects.filter(
        meeting=meeting, kind=Delegation.Kind.STATE, status=Delegation.Status.SUBMITTED
    ).count()
    return CredentialsReport(
        meeting=meeting,
        findings=[finding for finding in groups.values() if finding.delegations],
        not_accredited=pending,
    )
