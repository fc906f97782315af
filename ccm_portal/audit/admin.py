from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "subject", "trail"]
    # The actor may be empty (a system step), which the admin's own select_related() does not follow.
    list_select_related = ["actor"]
    search_fields = ["subject", "trail", "action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
