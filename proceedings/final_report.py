"""The text of the final report, written from the meeting's data.

plan() returns the generated part of the report (outcomes.services_generated applies it): the
procedural part that is the same every year (introduction, organisation of the meeting,
participation, credentials, organisation of work, documentation), then the annexes (the
agenda, the list of documents, the documents adopted, the report on credentials). It is
written in the report's own language (English, the meeting's original), whoever asks: every
sentence is a message of the catalogue, worded whole, with its plural forms.

Who took part is who was accredited: the approved delegations, in the order of the list of
participants (category, then the English short name; ../shared/domain.md).
"""

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccm_portal.languages import portal_language
from ccm_portal.meetings.models import Category, Meeting
from delegations.credentials import credentials_report, credentials_symbol, name_list
from delegations.models import Delegation
from outcomes.models import OutcomeDocument, Paragraph
from outcomes.numbering import roman
from outcomes.services_generated import PlannedParagraph, PlannedSection
from sessions.models import Agenda, MeetingSession, agenda_symbol, symbol_prefix

from .documents import meeting_documents
from .models import ReportParticulars

OPERATIVE = Paragraph.Kind.OPERATIVE
UNNUMBERED = Paragraph.Kind.UNNUMBERED
# Stops the paragraph markup from reading "5. Opening" as a numbered list (it would print "1.").
NO_LIST = "\u2060"

ANNEX_AGENDA, ANNEX_DOCUMENTS, ANNEX_ADOPTED, ANNEX_CREDENTIALS = 1, 2, 3, 4


def _date(day) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _names(delegations) -> str:
    return name_list([_delegation_name(d) for d in delegations])


def _delegation_name(delegation: Delegation) -> str:
    if delegation.is_state:
        return str(delegation.country.name)
    return delegation.organisation.name if delegation.organisation_id else delegation.sort_name


def _participation_sentence(category: int, delegations: list) -> str:
    count, names = len(delegations), _names(delegations)
    values = {"count": count, "names": names}
    if category == Category.STATE_PARTY:
        return (
            ngettext(
                "The following State Party participated in the work of the Meeting: %(names)s.",
                "The following %(count)d States Parties participated in the work of the Meeting: %(names)s.",
                count,
            )
            % values
        )
    if category == Category.SIGNATORY:
        return (
            ngettext(
                "The following signatory State participated in the work of the Meeting: %(names)s.",
                "The following %(count)d signatory States participated in the work of the Meeting: %(names)s.",
                count,
            )
            % values
        )
    if category == Category.OBSERVER_STATE:
        return (
            ngettext(
                "The following State not party to the Convention participated in the Meeting as an observer: "
                "%(names)s.",
                "The following %(count)d States not party to the Convention participated in the Meeting as "
                "observers: %(names)s.",
                count,
            )
            % values
        )
    if category == Category.RULE_1_2:
        return (
            ngettext(
                "The following organisation participated in the Meeting as an observer in accordance with rule 1.2 "
                "of the rules of procedure: %(names)s.",
                "The following %(count)d organisations and institutions participated in the Meeting as observers in "
                "accordance with rule 1.2 of the rules of procedure: %(names)s.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "The following organisation participated in the Meeting as an observer in accordance with rule 1.3 of "
            "the rules of procedure: %(names)s.",
            "The following %(count)d international and non-governmental organisations participated in the Meeting "
            "as observers in accordance with rule 1.3 of the rules of procedure: %(names)s.",
            count,
        )
        % values
    )


def _annex(number: int, title: str) -> str:
    return _("Annex %(number)s: %(title)s") % {"number": roman(number), "title": title}


def _adopted_documents(meeting: Meeting) -> list[OutcomeDocument]:
    return list(
        OutcomeDocument.objects.filter(
            meeting=meeting, state__in=[OutcomeDocument.State.ADOPTED, OutcomeDocument.State.PUBLISHED]
        )
        .exclude(kind=OutcomeDocument.Kind.FINAL_REPORT)
        .order_by("adopted_at", "pk")
    )


def plan(meeting: Meeting, document: OutcomeDocument, particulars: ReportParticulars) -> list[PlannedSection]:
    """The generated sections and paragraphs of the report, in its original language."""
    with translation.override(portal_language(document.original_language) or "en"):
        return _plan(meeting, particulars)


def _plan(meeting: Meeting, particulars: ReportParticulars) -> list[PlannedSection]:
    agenda = Agenda.objects.filter(meeting=meeting).first()
    items = list(agenda.items.order_by("sort_order").select_related("parent")) if agenda else []
    delegations = list(
        Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED)
        .select_related("organisation")
        .in_list_order()
    )
    credentials = credentials_report(meeting)
    adopted = _adopted_documents(meeting)
    documents = meeting_documents(meeting, rules_of_procedure=particulars.rules_of_procedure_symbol)
    credentials_doc = credentials_symbol(meeting)

    sections = [
        _introduction(meeting),
        _organisation(meeting, particulars, agenda, items),
        _participation(delegations),
        PlannedSection(
            "credentials",
            _("Credentials"),
            paragraphs=[
                PlannedParagraph(
                    "credentials.report",
                    _(
                        "The report on credentials (document %(symbol)s) is contained in annex %(annex)s to this "
                        "report. It finds as follows."
                    )
                    % {"symbol": credentials_doc, "annex": roman(ANNEX_CREDENTIALS)},
                ),
                *[
                    PlannedParagraph(f"credentials.{finding.status}.{finding.category}", finding.sentence)
                    for finding in credentials.findings
                ],
            ],
        ),
        _work(meeting, agenda, items),
        _documentation(meeting, documents, adopted),
        *_annexes(meeting, agenda, items, documents, adopted, credentials, credentials_doc),
    ]
    return [section for section in sections if section.paragraphs]


def _introduction(meeting: Meeting) -> PlannedSection:
    values = {
        "meeting": meeting.title,
        "venue": meeting.venue,
        "city": meeting.city,
        "country": meeting.country.name,
        "first": _date(meeting.start_date),
        "last": _date(meeting.end_date),
    }
    if meeting.venue:
        held = _("The %(meeting)s was held at %(venue)s in %(city)s, %(country)s, from %(first)s to %(last)s.")
    else:
        held = _("The %(meeting)s was held in %(city)s, %(country)s, from %(first)s to %(last)s.")
    return PlannedSection(
        "introduction", _("Introduction"), paragraphs=[PlannedParagraph("introduction.held", held % values)]
    )


def _organisation(meeting, particulars, agenda, items) -> PlannedSection:
    paragraphs = [
        PlannedParagraph(
            "organisation.opening", _("The Meeting was opened on %(date)s.") % {"date": _date(meeting.start_date)}
        )
    ]
    if particulars.president:
        if meeting.presiding_state:
            text = _("The Meeting elected %(president)s (%(state)s) as its President.") % {
                "president": particulars.president,
                "state": meeting.presiding_state.name,
            }
        else:
            text = _("The Meeting elected %(president)s as its President.") % {"president": particulars.president}
        paragraphs.append(PlannedParagraph("organisation.president", text))
    if agenda is not None and agenda.is_adopted:
        paragraphs.append(
            PlannedParagraph(
                "organisation.agenda",
                _(
                    "On %(date)s the Meeting adopted its agenda (document %(symbol)s), as contained in annex "
                    "%(annex)s to this report."
                )
                % {
                    "date": _date(agenda.adopted_at.astimezone(meeting.tzinfo).date()),
                    "symbol": agenda_symbol(meeting),
                    "annex": roman(ANNEX_AGENDA),
                },
            )
        )
    elif agenda is not None:
        paragraphs.append(
            PlannedParagraph(
                "organisation.agenda",
                _(
                    "The provisional agenda (document %(symbol)s), contained in annex %(annex)s to this report, "
                    "has not yet been adopted."
                )
                % {"symbol": agenda_symbol(meeting), "annex": roman(ANNEX_AGENDA)},
            )
        )
    if particulars.rules_of_procedure_symbol:
        paragraphs.append(
            PlannedParagraph(
                "organisation.rules",
                _("The Meeting adopted its rules of procedure, as contained in document %(symbol)s.")
                % {"symbol": particulars.rules_of_procedure_symbol},
            )
        )
    friends = [item for item in items if item.coordinator]
    if friends:
        paragraphs.append(
            PlannedParagraph(
                "organisation.friends",
                _("The President was assisted by the following Friends of the President: %(names)s.")
                % {
                    "names": name_list(
                        [
                            _("%(state)s (%(item)s)") % {"state": item.coordinator.name, "item": item.title}
                            for item in friends
                        ]
                    )
                },
            )
        )
    return PlannedSection("organisation", _("Organization of the Meeting"), paragraphs=paragraphs)


def _participation(delegations: list) -> PlannedSection:
    paragraphs = []
    for category in Category.values:
        rows = [d for d in delegations if d.category == category]
        if rows:
            paragraphs.append(PlannedParagraph(f"participation.{category}", _participation_sentence(category, rows)))
    states = [d for d in delegations if d.is_state]
    if states:
        parties = sum(1 for d in states if d.category == Category.STATE_PARTY)
        paragraphs.insert(
            0,
            PlannedParagraph(
                "participation.total",
                ngettext(
                    "One State took part in the Meeting.",
                    "%(count)d States took part in the Meeting, %(parties)d of them States Parties.",
                    len(states),
                )
                % {"count": len(states), "parties": parties},
            ),
        )
    return PlannedSection("participation", _("Participation"), paragraphs=paragraphs)


def _work(meeting: Meeting, agenda, items) -> PlannedSection:
    plenaries = MeetingSession.objects.filter(meeting=meeting, kind=MeetingSession.Kind.PLENARY).count()
    paragraphs = []
    if agenda is not None and plenaries:
        paragraphs.append(
            PlannedParagraph(
                "work.plenaries",
                ngettext(
                    "In accordance with its programme of work (document %(symbol)s), the Meeting held "
                    "%(count)d plenary meeting.",
                    "In accordance with its programme of work (document %(symbol)s), the Meeting held "
                    "%(count)d plenary meetings.",
                    plenaries,
                )
                % {"symbol": f"{symbol_prefix(meeting)}/{agenda.programme_document_number}", "count": plenaries},
            )
        )
    return PlannedSection("work", _("Organization of work"), paragraphs=paragraphs)


def _documentation(meeting: Meeting, documents, adopted) -> PlannedSection:
    paragraphs = []
    if documents:
        paragraphs.append(
            PlannedParagraph(
                "documentation.list",
                ngettext(
                    "The document of the Meeting is listed in annex %(annex)s to this report.",
                    "The %(count)d documents of the Meeting are listed in annex %(annex)s to this report.",
                    len(documents),
                )
                % {"count": len(documents), "annex": roman(ANNEX_DOCUMENTS)},
            )
        )
    for document in adopted:
        paragraphs.append(
            PlannedParagraph(
                f"documentation.adopted.{document.pk}",
                _("On %(date)s the Meeting adopted the %(title)s (document %(symbol)s), contained in annex %(annex)s.")
                % {
                    "date": _date(document.adopted_at.astimezone(meeting.tzinfo).date()),
                    "title": document.title,
                    "symbol": document.symbol,
                    "annex": roman(ANNEX_ADOPTED),
                },
            )
        )
    return PlannedSection("documentation", _("Documentation"), paragraphs=paragraphs)


def _annexes(meeting, agenda, items, documents, adopted, credentials, credentials_doc) -> list[PlannedSection]:
    agenda_title = _("Agenda") if agenda is not None and agenda.is_adopted else _("Provisional agenda")
    agenda_rows = [
        PlannedParagraph(
            f"annex.agenda.{item.pk}",
            f"{item.document_number}{NO_LIST} {item.title}",
            UNNUMBERED,
        )
        for item in items
    ] or [PlannedParagraph("annex.agenda.none", _("No agenda has been issued."), UNNUMBERED)]
    document_rows = [
        PlannedParagraph(f"annex.documents.{listed.symbol}", f"{listed.symbol} — {listed.title}", UNNUMBERED)
        for listed in documents
    ] or [PlannedParagraph("annex.documents.none", _("No document has been issued."), UNNUMBERED)]
    adopted_rows = [
        PlannedParagraph(
            f"annex.adopted.{document.pk}",
            _("%(title)s (document %(symbol)s), adopted on %(date)s")
            % {
                "title": document.title,
                "symbol": document.symbol,
                "date": _date(document.adopted_at.astimezone(meeting.tzinfo).date()),
            },
            UNNUMBERED,
        )
        for document in adopted
    ] or [PlannedParagraph("annex.adopted.none", _("The Meeting has not yet adopted an outcome document."), UNNUMBERED)]
    credentials_rows = [
        PlannedParagraph(
            "annex.credentials.symbol", _("Document %(symbol)s") % {"symbol": credentials_doc}, UNNUMBERED
        ),
        *[
            PlannedParagraph(f"annex.credentials.{finding.status}.{finding.category}", finding.sentence, UNNUMBERED)
            for finding in credentials.findings
        ],
    ]
    return [
        PlannedSection("annex.agenda", _annex(ANNEX_AGENDA, agenda_title), numbered=False, paragraphs=agenda_rows),
        PlannedSection(
            "annex.documents", _annex(ANNEX_DOCUMENTS, _("List of documents")), numbered=False, paragraphs=document_rows
        ),
        PlannedSection(
            "annex.adopted",
            _annex(ANNEX_ADOPTED, _("Documents adopted by the Meeting")),
            numbered=False,
            paragraphs=adopted_rows,
        ),
        PlannedSection(
            "annex.credentials",
            _annex(ANNEX_CREDENTIALS, _("Report on credentials")),
            numbered=False,
            paragraphs=credentials_rows,
        ),
    ]
