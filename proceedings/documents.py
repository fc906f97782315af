"""The meeting's documents as the final report lists them (its documentation paragraph and annex).

Built from what each app issues today: the agenda and the programme of work (sessions), the
rules of procedure (their symbol is entered with the report's particulars), the list of
participants and the credentials report (delegations), and the frozen texts of the outcome
documents (working papers, revisions, adopted texts), and every document the meeting's symbol
register (ccm_portal.documents) has issued: the state papers, information documents and conference
room papers the secretariat issues there, and the register's own title where a symbol is in both.
The final report's own texts are not listed in it.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ccm_portal.documents.models import Document
from ccm_portal.meetings.models import Meeting
from delegations.credentials import credentials_symbol
from delegations.models import Delegation
from delegations.selectors_lists import lop_settings
from outcomes.models import OutcomeDocument, Revision
from sessions.models import Agenda, agenda_symbol, programme_symbol


@dataclass(frozen=True)
class ListedDocument:
    symbol: str
    title: str


def symbol_order(symbol: str) -> tuple:
    """Symbols in document order: numbers compared as numbers (WP.10 after WP.9, /10 after /9)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", symbol))


def meeting_documents(meeting: Meeting, *, rules_of_procedure: str = "") -> list[ListedDocument]:
    """The documents of the meeting in symbol order, titled in the active language (the report's)."""
    listed = []
    agenda = Agenda.objects.filter(meeting=meeting).first()
    if agenda is not None:
        listed.append(ListedDocument(agenda_symbol(meeting), _("Provisional agenda")))
        listed.append(ListedDocument(programme_symbol(meeting, agenda), _("Programme of work")))
    if rules_of_procedure:
        listed.append(ListedDocument(rules_of_procedure, _("Rules of procedure")))
    approved = Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED)
    if approved.exists():
        listed.append(ListedDocument(lop_settings(meeting).printed_symbol, _("List of participants")))
        listed.append(ListedDocument(credentials_symbol(meeting), _("Report on credentials")))
    revisions = (
        Revision.objects.filter(document__meeting=meeting)
        .exclude(document__kind=OutcomeDocument.Kind.FINAL_REPORT)
        .only("symbol", "title")
    )
    listed.extend(ListedDocument(revision.symbol, revision.title) for revision in revisions)
    own = tuple(
        f"outcomes.document:{pk}:"
        for pk in OutcomeDocument.objects.filter(meeting=meeting, kind=OutcomeDocument.Kind.FINAL_REPORT).values_list(
            "pk", flat=True
        )
    )
    issued = Document.objects.issued().filter(meeting=meeting)
    listed.extend(
        ListedDocument(document.symbol, document.title)
        for document in issued
        if not (own and document.source.startswith(own))
    )
    # The register's entry comes last, so its title is the one kept for a symbol listed twice.
    unique = {document.symbol: document for document in listed}
    return sorted(unique.values(), key=lambda document: symbol_order(document.symbol))
