from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ccm_portal.meetings"
    label = "meetings"
    verbose_name = _("Meetings and treaty status")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, once the app registry is ready.
        from ccm_portal import pagecache
        from ccm_portal.context_processors import contact_address
        from ccm_portal.mail.services import set_contact_provider

        from .models import Meeting, Organisation, TreatyStatus

        # Mail is signed with the contact address the secretariat configures here.
        set_contact_provider(contact_address)

        # Every public page of a meeting shows the meeting; organisations and the register, any meeting's.
        pagecache.watch(Meeting, [pagecache.MEETING], lambda meeting: meeting.pk)
        pagecache.watch(Organisation, [], lambda row: None)
        pagecache.watch(TreatyStatus, [], lambda row: None)
