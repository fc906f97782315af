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
        forget_saved_reports()


def forget_saved_reports():
    """Every save or delete of a report replaces its token: what a process keeps of it is stale
    (reporting/loaders.published_report)."""
    from django.db.models.signals import post_delete, post_save

    from ccm_portal import versions

    from .loaders import report_token
    from .models import Report

    def changed(sender, instance, **kwargs):
        versions.replace_token(report_token(instance.pk))

    post_save.connect(changed, sender=Report, weak=False, dispatch_uid="reporting:report-saved")
    post_delete.connect(changed, sender=Report, weak=False, dispatch_uid="reporting:report-deleted")


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
