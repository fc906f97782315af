from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "ccm_portal.jobs"
    label = "jobs"
    verbose_name = _("Background rendering")
    default_auto_field = "django.db.models.BigAutoField"
