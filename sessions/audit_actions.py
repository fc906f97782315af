"""The labels of this app's audit actions (registered in its AppConfig.ready(); see ccm_portal/audit/actions.py)."""

from django.utils.translation import pgettext_lazy

# The audit trail stores each action as a fixed English phrase (services.py); the history
# lists show it in the reader's language. An action not listed here is shown as stored.
AUDIT_ACTIONS = {
    "accepted clash": pgettext_lazy("audit action", "accepted clash"),
    "added item": pgettext_lazy("audit action", "added item"),
    "added item after adoption": pgettext_lazy("audit action", "added item after adoption"),
    "added right of reply": pgettext_lazy("audit action", "added right of reply"),
    "added room": pgettext_lazy("audit action", "added room"),
    "added session": pgettext_lazy("audit action", "added session"),
    "adopted agenda": pgettext_lazy("audit action", "adopted agenda"),
    "amended item after adoption": pgettext_lazy("audit action", "amended item after adoption"),
    "approved side event": pgettext_lazy("audit action", "approved side event"),
    "changed item": pgettext_lazy("audit action", "changed item"),
    "changed list settings": pgettext_lazy("audit action", "changed list settings"),
    "changed room": pgettext_lazy("audit action", "changed room"),
    "changed session": pgettext_lazy("audit action", "changed session"),
    "declined side event": pgettext_lazy("audit action", "declined side event"),
    "inscribed": pgettext_lazy("audit action", "inscribed"),
    "inscribed again": pgettext_lazy("audit action", "inscribed again"),
    "inserted speaker": pgettext_lazy("audit action", "inserted speaker"),
    "marked inscribed": pgettext_lazy("audit action", "marked inscribed"),
    "marked speaking": pgettext_lazy("audit action", "marked speaking"),
    "marked spoke": pgettext_lazy("audit action", "marked spoke"),
    "marked withdrawn": pgettext_lazy("audit action", "marked withdrawn"),
    "moved item": pgettext_lazy("audit action", "moved item"),
    "moved speaker": pgettext_lazy("audit action", "moved speaker"),
    "opened list of speakers": pgettext_lazy("audit action", "opened list of speakers"),
    "published statement": pgettext_lazy("audit action", "published statement"),
    "removed item": pgettext_lazy("audit action", "removed item"),
    "removed room": pgettext_lazy("audit action", "removed room"),
    "removed session": pgettext_lazy("audit action", "removed session"),
    "requested side event": pgettext_lazy("audit action", "requested side event"),
    "unpublished statement": pgettext_lazy("audit action", "unpublished statement"),
    "uploaded statement": pgettext_lazy("audit action", "uploaded statement"),
    "withdrew": pgettext_lazy("audit action", "withdrew"),
}
