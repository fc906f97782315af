from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "ccm_portal.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        # Receivers are connected once the app registry is ready: signals imports models.
        from . import signals  # noqa: F401
