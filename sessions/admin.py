from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ccm_portal.translated import columns

from .models import Agenda, AgendaItem, MeetingSession, Room, SideEventRequest, SpeakerEntry, SpeakersList, Statement

# The portal's own pages go through the services (numbering, positions, audit trail);
# the admin is for looking, and for the rare repair. Texts entered per language show one
# field per language (modeltranslation's admin classes).


@admin.register(Room)
class RoomAdmin(TranslationAdmin):
    list_display = ["name", "meeting", "capacity"]
    list_filter = ["meeting"]


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "thematic_area", "coordinator"]
    readonly_fields = ["number"]


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "adopted_at", "programme_document_number"]
    readonly_fields = ["status", "adopted_at", "adopted_by"]
    inlines = [AgendaItemInline]


@admin.register(MeetingSession)
class MeetingSessionAdmin(TranslationAdmin):
    list_display = ["title", "meeting", "kind", "starts_at", "ends_at", "room"]
    list_filter = ["meeting", "kind"]
    search_fields = columns("title")  # in any language
    filter_horizontal = ["agenda_items"]


@admin.register(SideEventRequest)
class SideEventRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "delegation", "status", "expected_attendance", "created_at"]
    list_filter = ["meeting", "status"]
    readonly_fields = ["session", "decided_by", "decided_at"]


class SpeakerEntryInline(admin.TabularInline):
    model = SpeakerEntry
    extra = 0
    fields = ["position", "delegation", "kind", "status", "inscribed_at"]
    readonly_fields = fields


@admin.register(SpeakersList)
class SpeakersListAdmin(admin.ModelAdmin):
    list_display = ["pk", "meeting", "agenda_item", "session", "is_open", "time_limit_seconds"]
    list_filter = ["meeting", "is_open"]
    inlines = [SpeakerEntryInline]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["original_name", "entry", "is_published", "uploaded_at"]
    readonly_fields = ["file", "entry", "uploaded_by"]
