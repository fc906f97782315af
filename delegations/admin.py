from django.contrib import admin

from .models import Delegation, JoinRequest, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["title", "given_name", "family_name", "role", "status"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["sort_name", "meeting", "category", "status", "credentials_status"]
    list_filter = ["meeting", "category", "status", "credentials_status"]
    search_fields = ["sort_name"]
    readonly_fields = ["category", "category_note", "document", "created_by"]
    inlines = [ParticipantInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "delegation", "status", "created_at"]
