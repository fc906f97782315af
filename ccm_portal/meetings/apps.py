from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ccm_portal.meetings"
    label = "meetings"
    verbose_name = _("Meetings and treaty status")
    default_auto_field = "django.db.models.BigAutoField"
