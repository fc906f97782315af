from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "ccm_portal.mail"
    label = "ccm_mail"
    verbose_name = _("Outgoing e-mail")
    default_auto_field = "django.db.models.BigAutoField"
