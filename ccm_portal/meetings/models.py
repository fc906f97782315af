import calendar
import unicodedata
import zoneinfo
from datetime import date

import rules
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_countries.fields import CountryField


class Category(models.IntegerChoices):
    """Who takes part, in the order lists of participants and speakers follow."""

    STATE_PARTY = 1, _("States Parties")
    SIGNATORY = 2, _("Signatory States")
    OBSERVER_STATE = 3, _("Observer States")
    RULE_1_2 = 4, _("Observers under Rule 1.2")
    RULE_1_3 = 5, _("Other organisations under Rule 1.3")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(tz)s” is not a known time zone, e.g. Asia/Vientiane."), params={"tz": value})


def validate_languages(value) -> None:
    allowed = set(Language.values)
    if not isinstance(value, list) or not value or not set(value) <= allowed:
        raise ValidationError(_("Choose one or more of the six official languages."))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Who plans meetings sees them before they are published.
SEES_UNPUBLISHED = "meetings.view_unpublished_meeting"


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """The meetings this user may see: published ones, and every one for those who plan them."""
        if rules.has_perm(SEES_UNPUBLISHED, user):
            return self.all()
        return self.published()

    def open_for_registration(self, now=None):
        now = now or timezone.now()
        return self.published().filter(registration_opens__lte=now, registration_deadline__gt=now)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MSP = "msp", _("Meeting of States Parties")
        INTERSESSIONAL = "intersessional", _("Intersessional meeting")
        GLOBAL_CONFERENCE = "global", _("Global conference")
        PREPARATORY = "preparatory", _("Preparatory meeting")
        REVIEW_CONFERENCE = "review", _("Review Conference")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("1 for the First Meeting of States Parties.")
    )
    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=40, help_text=_("For example 1MSP."))
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    symbol_prefix = models.CharField(
        _("symbol prefix"), max_length=40, blank=True, help_text=_("For example CCM/MSP/2010.")
    )
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=60, validators=[validate_time_zone])
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    official_languages = models.JSONField(_("official languages"), default=list, validators=[validate_languages])
    presiding_state = CountryField(_("presiding state"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    personal_data_retention_months = models.PositiveSmallIntegerField(
        _("keep participants' personal data for (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Months after the last day. Then e-mail addresses, accessibility needs and notes verbales are "
            "deleted; the published list of participants and the statistics are kept."
        ),
    )
    # Set by ccm_portal/privacy/retention.py when the purge has run for this meeting.
    personal_data_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="meeting_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_deadline__gt=models.F("registration_opens")),
                name="meeting_registration_deadline_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if (
            self.registration_opens
            and self.registration_deadline
            and self.registration_deadline <= self.registration_opens
        ):
            errors["registration_deadline"] = _("The deadline must come after registration opens.")
        if errors:
            raise ValidationError(errors)

    def is_visible_to(self, user) -> bool:
        """MeetingQuerySet.visible_to for this one row."""
        return self.is_published or rules.has_perm(SEES_UNPUBLISHED, user)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def personal_data_due_on(self) -> date:
        """The day from which participants' personal data is purged (ccm_portal/privacy/retention.py)."""
        return add_months(self.end_date, self.personal_data_retention_months)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_deadline

    def deadline_passed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.registration_deadline

    @property
    def language_names(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.official_languages if code in labels]

    @property
    def dates_display(self) -> str:
        """The meeting's days in the active language: "9-12 November 2010" in English, from the
        language's DATE_FORMAT, MONTH_DAY_FORMAT and YEAR_MONTH_FORMAT (ccm_portal/formats)."""
        start, end = self.start_date, self.end_date
        if start == end:
            return date_format(start, "DATE_FORMAT")
        if (start.year, start.month) == (end.year, end.month):
            return pgettext("days of a meeting within one month", "%(first)s-%(last)s %(month)s") % {
                "first": start.day,
                "last": end.day,
                "month": date_format(end, "YEAR_MONTH_FORMAT"),
            }
        if start.year == end.year:
            return pgettext("days of a meeting within one year", "%(first)s - %(last)s %(year)s") % {
                "first": date_format(start, "MONTH_DAY_FORMAT"),
                "last": date_format(end, "MONTH_DAY_FORMAT"),
                "year": end.year,
            }
        return pgettext("days of a meeting over two years", "%(first)s - %(last)s") % {
            "first": date_format(start, "DATE_FORMAT"),
            "last": date_format(end, "DATE_FORMAT"),
        }


class TreatyStatus(models.Model):
    """A state's row in the treaty-status register kept by the depositary."""

    class Instrument(models.TextChoices):
        RATIFICATION = "ratification", _("Ratification")
        ACCESSION = "accession", _("Accession")

    # The columns of a register row: the edit form shows them, a CSV import reads them.
    REGISTER_FIELDS = (
        "country",
        "signature_date",
        "instrument",
        "ratification_date",
        "entry_into_force_date",
        "is_demo",
        "remarks",
    )

    country = CountryField(_("state"), unique=True)
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, default=Instrument.RATIFICATION
    )
    ratification_date = models.DateField(_("ratification or accession"), null=True, blank=True)
    entry_into_force_date = models.DateField(_("entry into force"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demonstration data"),
        default=False,
        help_text=_("Set for rows invented for the demonstration, not taken from the depositary."),
    )
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("treaty status")
        verbose_name_plural = _("treaty-status register")

    def __str__(self):
        return str(self.country.name)

    def clean(self):
        errors = {}
        if self.entry_into_force_date and not self.ratification_date:
            errors["ratification_date"] = _("Entry into force needs a ratification or accession date.")
        if (
            self.ratification_date
            and self.entry_into_force_date
            and self.entry_into_force_date < self.ratification_date
        ):
            errors["entry_into_force_date"] = _("Entry into force cannot precede ratification or accession.")
        if (
            self.signature_date
            and self.ratification_date
            and self.instrument == self.Instrument.RATIFICATION
            and self.ratification_date < self.signature_date
        ):
            errors["ratification_date"] = _("Ratification cannot precede signature.")
        if self.instrument == self.Instrument.ACCESSION and self.signature_date:
            errors["signature_date"] = _("A state that acceded did not sign.")
        if errors:
            raise ValidationError(errors)

    def category_on(self, on: date) -> int:
        if self.entry_into_force_date and self.entry_into_force_date <= on:
            return Category.STATE_PARTY
        if (self.signature_date and self.signature_date <= on) or (
            self.ratification_date and self.ratification_date <= on
        ):
            return Category.SIGNATORY
        return Category.OBSERVER_STATE

    def category_note(self, on: date) -> str:
        if self.category_on(on) != Category.SIGNATORY:
            return ""
        if self.ratification_date and self.ratification_date <= on:
            verb = _("acceded") if self.instrument == self.Instrument.ACCESSION else _("ratified")
            if self.entry_into_force_date:
                return _("%(verb)s on %(date)s; in force from %(force)s") % {
                    "verb": verb,
                    "date": self.ratification_date.isoformat(),
                    "force": self.entry_into_force_date.isoformat(),
                }
            return _("%(verb)s on %(date)s; not yet in force") % {
                "verb": verb,
                "date": self.ratification_date.isoformat(),
            }
        return ""


def derive_category(row: TreatyStatus | None, on: date) -> tuple[int, str]:
    """A state's category at a meeting starting on `on`, and a note for signatories.

    A state missing from the register has neither signed nor acceded: an observer.
    """
    if row is None:
        return Category.OBSERVER_STATE, ""
    return row.category_on(on), row.category_note(on)


def state_category(country_code: str, on: date) -> tuple[int, str]:
    return derive_category(TreatyStatus.objects.filter(country=country_code).first(), on)


def normalise_name(name: str) -> str:
    """The key two spellings of one organisation's name share.

    Unicode compatibility forms are folded (NFKC, so a full-width or ligature
    letter counts as the plain one), case is folded (casefold: "ß" matches
    "ss") and runs of whitespace become one space. Accents are kept: "Médecins"
    and "Medecins" may be typed for one body, but stripping them would also
    merge names that differ only by an accent in languages where that matters.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    return " ".join(folded.split())


class Organisation(models.Model):
    """An international or non-governmental organisation that attends meetings."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    # normalise_name(name), kept by save(); the database refuses a second organisation under one key.
    normalised_name = models.CharField(max_length=200, editable=False)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    attends_as_of_right = models.BooleanField(
        _("observer under Rule 1.2"),
        default=False,
        help_text=_("The UN, the ICRC, the IFRC, the GICHD and the CMC attend as of right."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["normalised_name"], name="one_organisation_per_normalised_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalised_name"}
        super().save(*args, **kwargs)

    def clean(self):
        # The admin's form does not see normalised_name; say it next to the name rather than fail on save.
        super().clean()
        twin = Organisation.objects.filter(normalised_name=normalise_name(self.name)).exclude(pk=self.pk).first()
        if twin is not None:
            raise ValidationError({"name": _("%(name)s is already registered under this name.") % {"name": twin.name}})


class PortalIdentity(models.Model):
    """The secretariat's emblem and the footer's contact line, set in the browser (one row, pk 1).

    The emblem is kept in the row itself, already scaled (a few kilobytes): it is public, shown
    on every page, and served under its content hash so browsers keep it until it changes.
    Empty fields fall back to the settings PORTAL_EMBLEM and PORTAL_CONTACT_EMAIL.
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    emblem = models.BinaryField(blank=True, default=b"", editable=False)
    emblem_type = models.CharField(max_length=20, blank=True, editable=False)
    emblem_hash = models.CharField(max_length=64, blank=True, editable=False)
    emblem_width = models.PositiveIntegerField(default=0, editable=False)
    emblem_height = models.PositiveIntegerField(default=0, editable=False)
    emblem_alt = models.CharField(
        _("description of the emblem"),
        max_length=200,
        blank=True,
        help_text=_("Read out by screen readers, e.g. “Emblem of the Convention on Cluster Munitions”."),
    )
    secretariat_name = models.CharField(
        _("name of the secretariat"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the footer of every page, e.g. “Implementation Support Unit”."),
    )
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_("Where people write with questions; empty uses the address the portal is set up with."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("portal identity")
        verbose_name_plural = _("portal identity")

    def __str__(self):
        return self.secretariat_name or str(_("portal identity"))
