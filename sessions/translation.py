"""Room names, agenda items and sessions entered per language (django-modeltranslation; README "Languages")."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, MeetingSession, Room


@register(Room)
class RoomTranslationOptions(TranslationOptions):
    fields = ("name", "location")
    # A name not entered in a language is NULL, not "": the per-language unique constraints
    # (one name per room and meeting) then ignore the languages nobody filled in.
    empty_values = {"name": None}


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title", "annotation")


@register(MeetingSession)
class MeetingSessionTranslationOptions(TranslationOptions):
    fields = ("title", "description")
