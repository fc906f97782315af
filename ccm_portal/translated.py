"""Texts entered in each of a meeting's languages (django-modeltranslation; README "Languages").

A translated field such as AgendaItem.title has one column per portal language (title_en,
title_fr, ..., title_zh_hans, see meetings/translation.py and sessions/translation.py).
Reading `item.title` gives the active language's text, else the first language that has one
(settings.MODELTRANSLATION_FALLBACK_LANGUAGES). The secretariat's forms show one input per
official language of the meeting: the meeting's first language is required, the others are
optional. This module holds the pieces those forms and their services share.
"""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ccm_portal.languages import portal_language

LANGUAGE_NAMES = dict(settings.LANGUAGES)
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def content_languages(meeting) -> list[str]:
    """The portal languages a meeting's texts are entered in, its first official language first."""
    languages = []
    for code in getattr(meeting, "official_languages", None) or []:
        language = portal_language(code)
        if language and language not in languages:
            languages.append(language)
    return languages or [settings.MODELTRANSLATION_DEFAULT_LANGUAGE]


def column(field: str, language: str) -> str:
    """The column of `field` in `language`: column("title", "zh-hans") == "title_zh_hans"."""
    return build_localized_fieldname(field, language)


def columns(field: str, languages=None) -> list[str]:
    """The columns of `field` in `languages` (all six when None)."""
    return [column(field, language) for language in languages or ALL_LANGUAGES]


def reading_order(language: str | None = None) -> list[str]:
    """The languages a reader of `language` (the active one when None) is shown, best first."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    order = [language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES]
    return [code for index, code in enumerate(order) if code in LANGUAGE_NAMES and code not in order[:index]]


def shown(field: str, language: str | None = None):
    """An expression for the text of `field` a reader sees, for order_by() and filters.

    The first language that has a text, as the field descriptor reads it, so rooms and
    sessions without a French name still sort among the others on a French page.
    """
    return Coalesce(
        *(NullIf(F(column(field, code)), Value("")) for code in reading_order(language)),
        F(field),
        output_field=TextField(),
    )


class TranslatedInputs:
    """A form mixin: each field of `translated_fields` becomes one input per language of the meeting.

    Call `_translate_fields(languages, instance)` from __init__ once the fields exist. The
    inputs are named like the columns (title_fr) and labelled "Title (Français)"; the
    first language's input is required when the original field is, the others are optional.
    A form posted with the original name (title) fills the first language's input, so older
    clients and links keep working.
    """

    translated_fields: tuple[str, ...] = ()

    def _translate_fields(self, languages, instance=None) -> None:
        self.content_languages = list(languages)
        first = self.content_languages[0]
        if self.is_bound:
            self.data = self.data.copy()
            for name in self.translated_fields:
                if name in self.data and column(name, first) not in self.data:
                    self.data[column(name, first)] = self.data[name]
        rebuilt = {}
        for name, field in self.fields.items():
            if name not in self.translated_fields:
                rebuilt[name] = field
                continue
            for index, language in enumerate(self.content_languages):
                rebuilt[column(name, language)] = self._translated_input(
                    field, language, required=field.required and index == 0
                )
                if instance is not None and instance.pk and not self.is_bound:
                    self.initial[column(name, language)] = getattr(instance, column(name, language)) or ""
        self.fields = rebuilt

    @staticmethod
    def _translated_input(field, language: str, *, required: bool):
        widget = field.widget.__class__(attrs={**field.widget.attrs, "lang": language, "dir": "auto"})
        return field.__class__(
            label=_("%(field)s (%(language)s)") % {"field": field.label, "language": LANGUAGE_NAMES[language]},
            required=required,
            max_length=getattr(field, "max_length", None),
            widget=widget,
            help_text=field.help_text if required else (field.help_text or _("Optional.")),
        )

    def translated_data(self) -> dict:
        """{column: text or None} for this form's inputs; None is a language left empty (it falls back)."""
        return {
            column(name, language): (self.cleaned_data.get(column(name, language)) or "").strip() or None
            for name in self.translated_fields
            for language in self.content_languages
        }


class TranslatedModelInputs(TranslatedInputs):
    """TranslatedInputs for a ModelForm: the texts are put on the instance before it is validated."""

    def _post_clean(self):
        for name, value in self.translated_data().items():
            setattr(self.instance, name, value)
        super()._post_clean()


def submitted_texts(data: dict, field: str, language: str) -> dict:
    """{column: text or None} of `field` in `data`, for a service to set on a row.

    `data` names the columns (title_fr) as the forms post them; a text under the original
    name (title), as older callers and the side-event approval give it, is the text in
    `language`, the meeting's first language. An empty text is None: that language falls back.
    """
    texts = {name: (data[name] or "").strip() or None for name in columns(field) if name in data}
    if field in data and column(field, language) not in texts:
        texts[column(field, language)] = (data[field] or "").strip() or None
    return texts
