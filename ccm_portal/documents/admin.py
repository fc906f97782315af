from django.contrib import admin

from .models import Document, DocumentFile


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    readonly_fields = ("language", "file", "size", "uploaded_at")
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    # Read-only here: symbols are handed out by the services, under their lock.
    list_display = ("symbol", "meeting", "status", "category", "issued_on")
    list_filter = ("meeting", "status", "category")
    search_fields = ("symbol", "title")
    inlines = [DocumentFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
