from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Article 7 transparency reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ccm_portal.audit.actions import register_labels

        from .audit_actions import LABELS

        register_labels(LABELS)
        add_to_documents_page()
        register_renderers()


def register_renderers():
    """Reports and the compiled figures are stored PDFs (reporting/renderers.py)."""
    from ccm_portal.jobs.registry import register

    from . import renderers

    for kind in renderers.KINDS:
        register(kind)(renderers.render)


def add_to_documents_page():
    """A meeting's documents page lists the published transparency reports it considers."""
    from ccm_portal.documents import sections

    from .documents_page import reports_section

    sections.register("transparency-reports", reports_section)
