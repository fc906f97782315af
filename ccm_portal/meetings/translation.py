"""The meeting's texts entered per language (django-modeltranslation; README "Languages").

The short title ("1MSP") is not translated: it is the meeting's code in document symbols and
lists, the same in every language, like the symbol prefix.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Meeting


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "city", "venue")
