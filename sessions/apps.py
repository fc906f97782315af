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
