"""The list of participants of a meeting: who is on it, in which order, what makes its fingerprint.

Only approved participants of approved delegations are listed. The public list
holds those who consented (`public_consent`); the complete list, for the
secretariat, holds everyone. The order is the one of the CCM's lists: categories
1 to 5, delegations by English short name, the head of delegation first, then by
role, then by family name. Sorting happens here, in Python, on accent-folded
names, so that SQLite and PostgreSQL (whose collations differ) give the same list.

This module holds the rules of the list and reads no rows: the queries are in
selectors_lists.py, the writes in services_lists.py, the forms in forms.py and
the PDF in renderers.py.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ccm_portal.meetings.models import Category, Meeting

from . import names
from .models import Delegation, Participant, ParticipantListSettings

LOP_KIND = "delegations.lop"
LOP_PDF_TEMPLATE = "delegations/pdf/list_of_participants.html"

# The settings the secretariat edits (the form's fields, the service's writes).
LOP_SETTINGS_FIELDS = ("symbol", "distribution", "original_language", "issue_date", "is_public")


class Variant:
    PUBLIC = "public"
    COMPLETE = "complete"
    ALL = (PUBLIC, COMPLETE)


ROLE_HEADINGS = {
    Participant.Role.HEAD: gettext_lazy("Head of delegation"),
    Participant.Role.REPRESENTATIVE: gettext_lazy("Representatives"),
    Participant.Role.ALTERNATE: gettext_lazy("Alternates"),
    Participant.Role.ADVISER: gettext_lazy("Advisers"),
    Participant.Role.EXPERT: gettext_lazy("Experts"),
}


# The fold of names.fold, remembered: the lists fold the same names again and again.
fold = lru_cache(maxsize=65536)(names.fold)


def participant_sort_key(participant: Participant):
    return (participant.role_order, fold(participant.family_name), fold(participant.given_name), participant.pk)


def delegation_sort_key(delegation: Delegation):
    return (delegation.category, fold(delegation.sort_name), delegation.pk)


def in_list_order(participants) -> list[Participant]:
    """Participants (with their delegation loaded) in the order of the list."""
    return sorted(participants, key=lambda p: (delegation_sort_key(p.delegation), participant_sort_key(p)))


@dataclass
class ListedDelegation:
    delegation: Delegation
    participants: list = field(default_factory=list)

    @property
    def pdf_text(self) -> str:
        """One line per participant, for a single pre-formatted paragraph in the PDF.

        A paragraph per delegation, with no inline markup, is what keeps WeasyPrint
        fast on 1,500 names; each extra element or inline style per line costs more
        than the text itself.
        """
        head = str(ROLE_HEADINGS[Participant.Role.HEAD])
        lines = []
        for participant in self.participants:
            line = participant.list_name
            if participant.function:
                line += f", {participant.function}"
            if participant.role == Participant.Role.HEAD:
                line += f" ({head})"
            lines.append(" ".join(line.split()))
        return "\n".join(lines)


@dataclass
class ListedCategory:
    value: int
    label: str
    delegations: list = field(default_factory=list)

    @property
    def participant_count(self) -> int:
        return sum(len(entry.participants) for entry in self.delegations)


def group_for_list(participants) -> list[ListedCategory]:
    """Categories → delegations → participants, in list order; empty categories left out."""
    by_delegation: dict[int, ListedDelegation] = {}
    for participant in participants:
        entry = by_delegation.get(participant.delegation_id)
        if entry is None:
            entry = by_delegation[participant.delegation_id] = ListedDelegation(participant.delegation)
        entry.participants.append(participant)
    labels = dict(Category.choices)
    categories: dict[int, ListedCategory] = {}
    for entry in sorted(by_delegation.values(), key=lambda e: delegation_sort_key(e.delegation)):
        entry.participants.sort(key=participant_sort_key)
        category = entry.delegation.category
        if category not in categories:
            categories[category] = ListedCategory(category, str(labels.get(category, category)))
        categories[category].delegations.append(entry)
    return [categories[value] for value in sorted(categories)]


# ---------------------------------------------------------------- fingerprints


@cache
def template_digest(template_name: str) -> str:
    """A hash of a template's source, so a changed layout is never served from an old copy."""
    try:
        source = get_template(template_name).template.source
    except Exception:  # noqa: BLE001 - the render reports the real error; here it only changes the hash
        source = f"unavailable:{template_name}"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def issue_date(settings_row: ParticipantListSettings, meeting: Meeting):
    return settings_row.issue_date or timezone.localdate(timezone=meeting.tzinfo)


def fingerprint_header(meeting: Meeting, settings_row: ParticipantListSettings, variant: str) -> list:
    """Everything but the rows that changes the PDF of a list."""
    return [
        LOP_KIND,
        variant,
        meeting.pk,
        meeting.title,
        meeting.city,
        str(meeting.country),
        meeting.start_date.isoformat(),
        meeting.end_date.isoformat(),
        settings_row.printed_symbol,
        settings_row.distribution,
        settings_row.original_language,
        issue_date(settings_row, meeting).isoformat(),
        template_digest(LOP_PDF_TEMPLATE),
    ]


def fingerprint(header: list, rows) -> str:
    digest = hashlib.sha256(repr(header).encode())
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def public_and_complete_fingerprints(public_header: list, complete_header: list, rows) -> tuple[str, str]:
    """`fingerprint` of the public and of the complete list in one pass over `rows` (ROW_FIELDS
    then public_consent, sorted): each row is written out once for both digests, which halves
    the cost of the staff page's check at 5,000 rows."""
    public = hashlib.sha256(repr(public_header).encode())
    complete = hashlib.sha256(repr(complete_header).encode())
    for row in rows:
        data = repr(row[:-1]).encode()
        complete.update(data)
        if row[-1]:
            public.update(data)
    return public.hexdigest(), complete.hexdigest()


# The participant's values a list shows, in the order fingerprint_row gives them.
ROW_FIELDS = (
    "pk",
    "delegation_id",
    "delegation__category",
    "delegation__sort_name",
    "title",
    "given_name",
    "family_name",
    "name_order",
    "function",
    "role",
)


def fingerprint_row(participant: Participant) -> tuple:
    """A participant's ROW_FIELDS, read from the instance (the renderer's side of the fingerprint)."""
    return (
        participant.pk,
        participant.delegation_id,
        participant.delegation.category,
        participant.delegation.sort_name,
        participant.title,
        participant.given_name,
        participant.family_name,
        participant.name_order,
        participant.function,
        participant.role,
    )


def lop_key(variant: str) -> str:
    return f"lop:{variant}"


def lop_filename(meeting: Meeting, variant: str) -> str:
    suffix = "list-of-participants" if variant == Variant.PUBLIC else "list-of-participants-complete"
    return f"{meeting.short_title}-{suffix}.pdf"
