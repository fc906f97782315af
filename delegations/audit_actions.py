"""The labels of this app's audit actions (registered in its AppConfig.ready(); see ccm_portal/audit/actions.py)."""

from django.utils.translation import pgettext_lazy

# The audit trail stores each action as a fixed English phrase (services.py, services_lists.py);
# the delegation's history shows it in the reader's language. An action not listed is shown as stored.
AUDIT_ACTIONS = {
    "accepted join request": pgettext_lazy("audit action", "accepted join request"),
    "added a language to paper": pgettext_lazy("audit action", "added a language to paper"),
    "added participant": pgettext_lazy("audit action", "added participant"),
    "approved delegation": pgettext_lazy("audit action", "approved delegation"),
    "approved participant": pgettext_lazy("audit action", "approved participant"),
    "asked the secretariat to decide": pgettext_lazy("audit action", "asked the secretariat to decide"),
    "asked to join": pgettext_lazy("audit action", "asked to join"),
    "changed participant": pgettext_lazy("audit action", "changed participant"),
    "checked in": pgettext_lazy("audit action", "checked in"),
    "declined paper": pgettext_lazy("audit action", "declined paper"),
    "issued badge keys": pgettext_lazy("audit action", "issued badge keys"),
    "issued paper": pgettext_lazy("audit action", "issued paper"),
    "printed badge": pgettext_lazy("audit action", "printed badge"),
    "printed badges": pgettext_lazy("audit action", "printed badges"),
    "recorded approval under Rule 1.3": pgettext_lazy("audit action", "recorded approval under Rule 1.3"),
    "refused at check-in": pgettext_lazy("audit action", "refused at check-in"),
    "refused join request": pgettext_lazy("audit action", "refused join request"),
    "refused registration": pgettext_lazy("audit action", "refused registration"),
    "registered": pgettext_lazy("audit action", "registered"),
    "rejected delegation": pgettext_lazy("audit action", "rejected delegation"),
    "rejected participant": pgettext_lazy("audit action", "rejected participant"),
    "removed participant": pgettext_lazy("audit action", "removed participant"),
    "reprinted badge": pgettext_lazy("audit action", "reprinted badge"),
    "submitted": pgettext_lazy("audit action", "submitted"),
    "submitted paper": pgettext_lazy("audit action", "submitted paper"),
    "transferred focal point": pgettext_lazy("audit action", "transferred focal point"),
    "updated credentials": pgettext_lazy("audit action", "updated credentials"),
    "updated list of participants settings": pgettext_lazy("audit action", "updated list of participants settings"),
    "uploaded document": pgettext_lazy("audit action", "uploaded document"),
}
