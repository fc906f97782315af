from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcome documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, once the app registry is ready: the renderers import models.
        from ccm_portal.jobs.registry import register

        from . import renderers

        register(renderers.REVISION_KIND)(renderers.render_revision)
        register(renderers.TRANSLATION_KIND)(renderers.render_translation)
        register(renderers.WORKING_KIND)(renderers.render_working_text)
        register(renderers.COMPARISON_KIND)(renderers.render_comparison)
        watch_public_pages()


def watch_public_pages():
    """The page of published documents shows these rows (ccm_portal/pagecache.py)."""
    from ccm_portal import pagecache

    from .models import OutcomeDocument, Revision, Translation

    pagecache.watch(OutcomeDocument, [pagecache.OUTCOMES], lambda document: document.meeting_id)
    pagecache.watch(Revision, [pagecache.OUTCOMES], lambda revision: revision.document.meeting_id)
    pagecache.watch(Translation, [pagecache.OUTCOMES], lambda translation: translation.document.meeting_id)
