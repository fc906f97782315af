from django.contrib import admin

from .models import RenderJob


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = ["key", "meeting", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind", "meeting"]
    readonly_fields = [field.name for field in RenderJob._meta.fields]

    def has_add_permission(self, request):
        return False
