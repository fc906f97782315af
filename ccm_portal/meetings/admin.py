from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Meeting, Organisation, TreatyStatus


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    # One field per language for the title, city and venue (meetings/translation.py).
    list_display = ["title", "kind", "city", "start_date", "end_date", "is_published"]
    prepopulated_fields = {"slug": ["short_title"]}


@admin.register(TreatyStatus)
class TreatyStatusAdmin(admin.ModelAdmin):
    list_display = ["country", "signature_date", "ratification_date", "entry_into_force_date", "is_demo"]
    list_filter = ["is_demo", "instrument"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "attends_as_of_right"]
    list_filter = ["kind", "attends_as_of_right"]
