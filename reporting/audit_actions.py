"""The labels of this app's audit actions (registered in its AppConfig.ready(); see ccm_portal/audit/actions.py)."""

from django.utils.translation import pgettext_lazy

# The trail stores each action as a fixed English phrase (services.py); history shows it translated.
LABELS = {
    "appointed contact point": pgettext_lazy("audit action", "appointed contact point"),
    "proposed contact point": pgettext_lazy("audit action", "proposed contact point"),
    "confirmed contact point": pgettext_lazy("audit action", "confirmed contact point"),
    "removed contact point": pgettext_lazy("audit action", "removed contact point"),
    "created report": pgettext_lazy("audit action", "created report"),
    "changed cover page": pgettext_lazy("audit action", "changed cover page"),
    "changed form": pgettext_lazy("audit action", "changed form"),
    "submitted report": pgettext_lazy("audit action", "submitted report"),
    "acknowledged receipt": pgettext_lazy("audit action", "acknowledged receipt"),
    "published report": pgettext_lazy("audit action", "published report"),
}
