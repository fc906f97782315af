from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations and accreditation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, once the app registry is ready: the receivers and renderers import models and services.
        from ccm_portal.audit.actions import register_labels, register_values
        from ccm_portal.jobs.registry import register

        from . import receivers, renderers  # noqa: F401 - receivers connect on import
        from .audit_actions import AUDIT_ACTIONS
        from .badges import BADGES_KIND
        from .lists import LOP_KIND
        from .models import Delegation

        # Every process that loads the app (web, worker, shell) knows how to render this app's jobs.
        register(LOP_KIND)(renderers.render_lop)
        register(BADGES_KIND)(renderers.render_badges)
        register_labels(AUDIT_ACTIONS)
        register_values(Delegation.Credentials)
        watch_public_pages()


def watch_public_pages():
    """The public list of participants and the meeting page show these rows (ccm_portal/pagecache.py)."""
    from ccm_portal import pagecache

    from .models import Delegation, Participant, ParticipantListSettings

    pagecache.watch(Delegation, [pagecache.PARTICIPANTS], lambda delegation: delegation.meeting_id)
    pagecache.watch(ParticipantListSettings, [pagecache.PARTICIPANTS], lambda row: row.meeting_id)
    pagecache.watch(Participant, [pagecache.PARTICIPANTS], lambda participant: participant.delegation.meeting_id)
    watch_register_symbol()


def watch_register_symbol():
    """The list prints the symbol the register gave it (ParticipantListSettings.printed_symbol):
    a register entry for the list, made or removed, makes the public page and the remembered
    fingerprints of the list stale. Other documents of the register leave them alone."""
    from django.db.models.signals import post_delete, post_save

    from ccm_portal import pagecache
    from ccm_portal.documents.models import Document, Source

    def changed(sender, instance, **kwargs):
        if not kwargs.get("raw") and instance.source == Source.PARTICIPANTS:
            pagecache.bump(instance.meeting_id, pagecache.PARTICIPANTS)

    post_save.connect(changed, sender=Document, weak=False, dispatch_uid="delegations.lop_symbol:save")
    post_delete.connect(changed, sender=Document, weak=False, dispatch_uid="delegations.lop_symbol:delete")
