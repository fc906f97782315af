"""What the programme adds to a meeting's documents page: the published statements (ccm_portal/documents/sections.py).

Registered by SessionsConfig.ready(). A statement is listed under the agenda item of its list of
speakers (or the session's title, for a session's own list), in the order of the agenda and of
the list; its link is the statement's public download, which lets anyone read it only while it
is published.
"""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from ccm_portal.documents.models import Document
from ccm_portal.documents.sections import Row, Section
from ccm_portal.meetings.models import Meeting

from .models import Statement


def published_statements(meeting: Meeting):
    """The meeting's published statements with their speaker, list and agenda item: one query."""
    return (
        Statement.objects.filter(is_published=True, entry__speakers_list__meeting=meeting)
        .select_related("entry__delegation", "entry__speakers_list__agenda_item", "entry__speakers_list__session")
        .order_by(
            F("entry__speakers_list__agenda_item__sort_order").asc(nulls_last=True),
            F("entry__speakers_list__session__starts_at").asc(nulls_last=True),
            "entry__speakers_list_id",
            "entry__position",
        )
    )


def _speaker(delegation) -> str:
    """A state in the visitor's language; an organisation by its name as registered."""
    return str(delegation.country.name) if delegation.country else delegation.sort_name


def _row(meeting: Meeting, statement: Statement) -> Row:
    entry = statement.entry
    speakers_list = entry.speakers_list
    item = speakers_list.agenda_item
    url = reverse("ccm_sessions:statement", args=[meeting.slug, statement.pk])
    return Row(
        title=entry.get_kind_display(),
        author=_speaker(entry.delegation),
        day=statement.uploaded_at.astimezone(meeting.tzinfo).date(),
        url=url,
        file_url=url,
        group=str(item) if item is not None else str(speakers_list.session.title),
        agenda_item_number=item.number if item is not None else "",
        agenda_item_title=item.title if item is not None else "",
    )


def statements_section(meeting: Meeting) -> Section:
    return Section(
        key="statements",
        title=_("Statements"),
        category=Document.Category.STATEMENT,
        rows=[_row(meeting, statement) for statement in published_statements(meeting)],
        intro=_("Statements that delegations made from the floor and published, under the agenda item they spoke on."),
        date_label=_("Uploaded"),
    )
