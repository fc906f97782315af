from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions".
    name = "sessions"
    label = "ccm_sessions"
    verbose_name = _("Sessions and agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, once the app registry is ready.
        from ccm_portal.audit.actions import register_labels

        from .audit_actions import AUDIT_ACTIONS

        register_labels(AUDIT_ACTIONS)
        register_renderers()
        watch_public_pages()
        add_to_documents_page()
        offer_agenda_items()


def offer_agenda_items():
    """Delegations and outcomes (which may not import this app) read a meeting's agenda items:
    (pk, number, title) each, the key naming the same item after a renumbering."""
    from delegations.agenda import Item, set_agenda_items_provider

    from .selectors import agenda_items, agenda_of

    def items_of(meeting):
        return [Item(item.pk, item.number, item.title) for item in agenda_items(agenda_of(meeting))]

    set_agenda_items_provider(items_of)


def watch_public_pages():
    """The programme, agenda and meeting page show these rows (ccm_portal/pagecache.py)."""
    from ccm_portal import pagecache

    from .models import Agenda, AgendaItem, MeetingSession, Room, SideEventRequest, SpeakerEntry, SpeakersList

    for model in (Agenda, MeetingSession, Room, SideEventRequest, SpeakersList):
        pagecache.watch(model, [pagecache.PROGRAMME], lambda row: row.meeting_id)
    pagecache.watch(AgendaItem, [pagecache.PROGRAMME], lambda item: item.agenda.meeting_id)
    # The programme shows how many speakers each list has.
    pagecache.watch(SpeakerEntry, [pagecache.PROGRAMME], lambda entry: entry.speakers_list.meeting_id)


def add_to_documents_page():
    """A meeting's documents page lists the published statements under their agenda items."""
    from ccm_portal.documents import sections

    from .documents_page import statements_section

    sections.register("statements", statements_section)


def register_renderers():
    """The programme and agenda PDFs are stored copies, rendered again when their rows change."""
    from ccm_portal.jobs.registry import register

    from . import renderers

    for kind in renderers.KINDS:
        register(kind)(renderers.render)
    renderers.watch_pdfs()
