"""The list of participants of a meeting: who is on it, in which order, and its PDF.

Only approved participants of approved delegations are listed. The public list
holds those who consented (`public_consent`); the complete list, for the
secretariat, holds everyone. The order is the one of the CCM's lists: categories
1 to 5, delegations by English short name, the head of delegation first, then by
role, then by family name. Sorting happens here, in Python, on accent-folded
names, so that SQLite and PostgreSQL (whose collations differ) give the same list.
"""

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from crispy_forms.helper import FormHelper
from django import forms
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccm_portal.audit.services import log_action
from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.registry import Rendered
from ccm_portal.meetings.models import Category, Meeting
from ccm_portal.pdf import render_pdf

from .models import CheckIn, Delegation, Participant, ParticipantListSettings

LOP_KIND = "delegations.lop"
LOP_PDF_TEMPLATE = "delegations/pdf/list_of_participants.html"


class Variant:
    PUBLIC = "public"
    COMPLETE = "complete"
    ALL = (PUBLIC, COMPLETE)


ROLE_HEADINGS = {
    Participant.Role.HEAD: gettext_lazy("Head of delegation"),
    Participant.Role.REPRESENTATIVE: gettext_lazy("Representatives"),
    Participant.Role.ALTERNATE: gettext_lazy("Alternates"),
    Participant.Role.ADVISER: gettext_lazy("Advisers"),
    Participant.Role.EXPERT: gettext_lazy("Experts"),
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A sort key that ignores case and accents: "Côte d'Ivoire" sorts with "Cote"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# ---------------------------------------------------------------- settings


def lop_settings(meeting: Meeting) -> ParticipantListSettings:
    """The meeting's settings, or unsaved defaults (reading never writes)."""
    found = ParticipantListSettings.objects.filter(meeting=meeting).first()
    if found is not None:
        found.meeting = meeting
        return found
    return ParticipantListSettings(meeting=meeting, symbol=ParticipantListSettings.default_symbol(meeting))


class LopSettingsForm(forms.ModelForm):
    class Meta:
        model = ParticipantListSettings
        fields = ["symbol", "distribution", "original_language", "issue_date", "is_public"]
        widgets = {"issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_symbol(self):
        return self.cleaned_data["symbol"].strip()


@transaction.atomic
def lop_settings_save(*, meeting: Meeting, data: dict, by) -> ParticipantListSettings:
    """Create or update the meeting's list-of-participants settings; secretariat only."""
    if not by.is_secretariat:
        raise PermissionError("Only the secretariat issues the list of participants.")
    current, _created = ParticipantListSettings.objects.select_for_update().get_or_create(
        meeting=meeting, defaults={"symbol": ParticipantListSettings.default_symbol(meeting)}
    )
    for name in LopSettingsForm.Meta.fields:
        if name in data:
            setattr(current, name, data[name])
    current.updated_by = by
    current.full_clean()
    current.save()
    log_action(
        trail=f"meeting:{meeting.pk}",
        actor=by,
        action="updated list of participants settings",
        subject=meeting,
        detail=f"{current.symbol}, {current.get_distribution_display()}, "
        f"original {current.get_original_language_display()}",
    )
    return current


# ---------------------------------------------------------------- reading the list


def listed(meeting: Meeting, *, public: bool):
    """Participants who belong on the meeting's lists (approved, in an approved delegation)."""
    qs = Participant.objects.filter(
        delegation__meeting=meeting,
        delegation__status=Delegation.Status.APPROVED,
        status=Participant.Status.APPROVED,
    )
    if public:
        qs = qs.filter(public_consent=True)
    return qs


def participant_sort_key(participant: Participant):
    return (participant.role_order, fold(participant.family_name), fold(participant.given_name), participant.pk)


def delegation_sort_key(delegation: Delegation):
    return (delegation.category, fold(delegation.sort_name), delegation.pk)


@dataclass
class ListedDelegation:
    delegation: Delegation
    participants: list = field(default_factory=list)

    @property
    def pdf_text(self) -> str:
        """One line per participant, for a single pre-formatted paragraph in the PDF.

        A paragraph per delegation, with no inline markup, is what keeps WeasyPrint
        fast on 1,500 names; each extra element or inline style per line costs more
        than the text itself.
        """
        head = str(ROLE_HEADINGS[Participant.Role.HEAD])
        lines = []
        for participant in self.participants:
            line = participant.display_name
            if participant.function:
                line += f", {participant.function}"
            if participant.role == Participant.Role.HEAD:
                line += f" ({head})"
            lines.append(" ".join(line.split()))
        return "\n".join(lines)


@dataclass
class ListedCategory:
    value: int
    label: str
    delegations: list = field(default_factory=list)

    @property
    def participant_count(self) -> int:
        return sum(len(entry.participants) for entry in self.delegations)


def group_for_list(participants) -> list[ListedCategory]:
    """Categories → delegations → participants, in list order; empty categories left out."""
    by_delegation: dict[int, ListedDelegation] = {}
    for participant in participants:
        entry = by_delegation.get(participant.delegation_id)
        if entry is None:
            entry = by_delegation[participant.delegation_id] = ListedDelegation(participant.delegation)
        entry.participants.append(participant)
    labels = dict(Category.choices)
    categories: dict[int, ListedCategory] = {}
    for entry in sorted(by_delegation.values(), key=lambda e: delegation_sort_key(e.delegation)):
        entry.participants.sort(key=participant_sort_key)
        category = entry.delegation.category
        if category not in categories:
            categories[category] = ListedCategory(category, str(labels.get(category, category)))
        categories[category].delegations.append(entry)
    return [categories[value] for value in sorted(categories)]


LIST_FIELDS = (
    "pk",
    "delegation_id",
    "title",
    "given_name",
    "family_name",
    "function",
    "role",
    "role_order",
    "public_consent",
    "delegation__category",
    "delegation__sort_name",
)


def list_of_participants(meeting: Meeting, *, public: bool) -> list[ListedCategory]:
    """The grouped list, in one query."""
    participants = (
        listed(meeting, public=public)
        .select_related("delegation")
        .only(
            *[name for name in LIST_FIELDS if "__" not in name],
            "delegation__category",
            "delegation__sort_name",
            "delegation__kind",
            "delegation__meeting_id",
        )
    )
    return group_for_list(participants)


# ---------------------------------------------------------------- staff list and filters

YES_NO = [("", gettext_lazy("Any")), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"),
        choices=[("", gettext_lazy("All categories")), *Category.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    delegation = forms.ModelChoiceField(
        label=gettext_lazy("Delegation"),
        queryset=Delegation.objects.none(),
        required=False,
        empty_label=gettext_lazy("All delegations"),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=[("", gettext_lazy("All roles")), *Participant.Role.choices], required=False
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender"), choices=[("", gettext_lazy("All")), *Participant.Gender.choices], required=False
    )
    consent = forms.ChoiceField(label=gettext_lazy("On public lists"), choices=YES_NO, required=False)
    arrived = forms.ChoiceField(label=gettext_lazy("Arrived"), choices=YES_NO, required=False)
    badge = forms.ChoiceField(label=gettext_lazy("Badge printed"), choices=YES_NO, required=False)

    def __init__(self, data=None, *, meeting: Meeting):
        super().__init__(data)
        self.fields["delegation"].queryset = (
            Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED)
            .only("pk", "sort_name", "category")
            .order_by("category", "sort_name")
        )

    def filters(self) -> dict:
        """The valid filters; an invalid value is ignored rather than failing the page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def arrival_subquery():
    return CheckIn.objects.filter(participant=OuterRef("pk"), outcome=CheckIn.Outcome.ARRIVED).values("at")[:1]


def staff_participants(meeting: Meeting, filters: dict | None = None):
    """Every listed participant with the staff columns, filtered; one query, in list order."""
    filters = filters or {}
    qs = listed(meeting, public=False).select_related("delegation").annotate(arrived_at=Subquery(arrival_subquery()))
    if q := filters.get("q", "").strip():
        for word in q.split()[:5]:
            qs = qs.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(function__icontains=word)
                | Q(delegation__sort_name__icontains=word)
            )
    if category := filters.get("category"):
        qs = qs.filter(delegation__category=category)
    if delegation := filters.get("delegation"):
        qs = qs.filter(delegation=delegation)
    if role := filters.get("role"):
        qs = qs.filter(role=role)
    if gender := filters.get("gender"):
        qs = qs.filter(gender=gender)
    if consent := filters.get("consent"):
        qs = qs.filter(public_consent=consent == "yes")
    if arrived := filters.get("arrived"):
        has_arrived = Exists(CheckIn.objects.filter(participant=OuterRef("pk"), outcome=CheckIn.Outcome.ARRIVED))
        qs = qs.filter(has_arrived) if arrived == "yes" else qs.exclude(has_arrived)
    if badge := filters.get("badge"):
        qs = qs.filter(badge_printed_at__isnull=badge != "yes")
    return sorted(qs, key=lambda p: (delegation_sort_key(p.delegation), participant_sort_key(p)))


def staff_rows(participants, meeting: Meeting) -> list[dict]:
    """The staff table's cells as plain strings: a template reads dict keys far faster than it
    calls model methods and date filters, which matters at 1,500 rows."""
    categories = dict(Category.choices)
    roles = dict(Participant.Role.choices)
    genders = dict(Participant.Gender.choices)
    tz = meeting.tzinfo

    def moment(value):
        return timezone.localtime(value, tz).strftime("%d %b %H:%M") if value else "—"

    return [
        {
            "category": p.delegation.category,
            "category_label": categories.get(p.delegation.category, ""),
            "delegation": p.delegation.sort_name,
            "name": p.display_name,
            "function": p.function,
            "role": roles.get(p.role, p.role),
            "gender": genders.get(p.gender, p.gender),
            "public": p.public_consent,
            "badge": moment(p.badge_printed_at),
            "arrived": moment(getattr(p, "arrived_at", None)),
        }
        for p in participants
    ]


# ---------------------------------------------------------------- fingerprints and the PDF


@cache
def template_digest(template_name: str) -> str:
    """A hash of a template's source, so a changed layout is never served from an old copy."""
    try:
        source = get_template(template_name).template.source
    except Exception:  # noqa: BLE001 - the render reports the real error; here it only changes the hash
        source = f"unavailable:{template_name}"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def issue_date(settings_row: ParticipantListSettings, meeting: Meeting):
    return settings_row.issue_date or timezone.localdate(timezone=meeting.tzinfo)


def _header_parts(meeting: Meeting, settings_row: ParticipantListSettings, variant: str) -> list:
    return [
        LOP_KIND,
        variant,
        meeting.pk,
        meeting.title,
        meeting.city,
        str(meeting.country),
        meeting.start_date.isoformat(),
        meeting.end_date.isoformat(),
        settings_row.symbol,
        settings_row.distribution,
        settings_row.original_language,
        issue_date(settings_row, meeting).isoformat(),
        template_digest(LOP_PDF_TEMPLATE),
    ]


def _digest(header: list, rows) -> str:
    digest = hashlib.sha256(repr(header).encode())
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


ROW_FIELDS = (
    "pk",
    "delegation_id",
    "delegation__category",
    "delegation__sort_name",
    "title",
    "given_name",
    "family_name",
    "function",
    "role",
)


def _row_of(participant: Participant) -> tuple:
    return (
        participant.pk,
        participant.delegation_id,
        participant.delegation.category,
        participant.delegation.sort_name,
        participant.title,
        participant.given_name,
        participant.family_name,
        participant.function,
        participant.role,
    )


def lop_fingerprints(meeting: Meeting, settings_row: ParticipantListSettings | None = None) -> dict[str, str]:
    """The fingerprint of the public and the complete list as the data stands now; one query."""
    settings_row = settings_row or lop_settings(meeting)
    rows = sorted(listed(meeting, public=False).values_list(*ROW_FIELDS, "public_consent"))
    return {
        Variant.PUBLIC: _digest(_header_parts(meeting, settings_row, Variant.PUBLIC), (r[:-1] for r in rows if r[-1])),
        Variant.COMPLETE: _digest(_header_parts(meeting, settings_row, Variant.COMPLETE), (r[:-1] for r in rows)),
    }


def lop_key(variant: str) -> str:
    return f"lop:{variant}"


def lop_filename(meeting: Meeting, variant: str) -> str:
    suffix = "list-of-participants" if variant == Variant.PUBLIC else "list-of-participants-complete"
    return f"{meeting.short_title}-{suffix}.pdf"


def request_lop_pdf(*, meeting: Meeting, variant: str, by=None):
    """Find or start the render of the list as the data stands now; see jobs.request_render."""
    if variant not in Variant.ALL:
        raise ValueError(variant)
    fingerprint = lop_fingerprints(meeting)[variant]
    return jobs.request_render(
        kind=LOP_KIND,
        meeting=meeting,
        key=lop_key(variant),
        params={"variant": variant},
        fingerprint=fingerprint,
        filename=lop_filename(meeting, variant),
        by=by,
    )


def current_lop_pdf(meeting: Meeting, variant: str):
    """The stored PDF made from the data as it stands now, or None."""
    return jobs.stored_copy(kind=LOP_KIND, fingerprint=lop_fingerprints(meeting)[variant])


def lop_pdf_context(meeting: Meeting, variant: str, settings_row=None) -> dict:
    settings_row = settings_row or lop_settings(meeting)
    categories = list_of_participants(meeting, public=variant == Variant.PUBLIC)
    return {
        "meeting": meeting,
        "settings": settings_row,
        "variant": variant,
        "is_complete": variant == Variant.COMPLETE,
        "categories": categories,
        "today": issue_date(settings_row, meeting),
        "participant_total": sum(c.participant_count for c in categories),
        "delegation_total": sum(len(c.delegations) for c in categories),
    }


def render_lop(job, progress) -> Rendered:
    """The renderer of list-of-participants jobs (registered in delegations/tasks.py)."""
    meeting = job.meeting
    variant = job.params.get("variant", Variant.PUBLIC)
    settings_row = lop_settings(meeting)
    progress(10, _("Reading the list"))
    context = lop_pdf_context(meeting, variant, settings_row)
    rows = [_row_of(p) for c in context["categories"] for entry in c.delegations for p in entry.participants]
    fingerprint = _digest(_header_parts(meeting, settings_row, variant), sorted(rows))
    progress(25, _("Laying out %(count)d participants") % {"count": context["participant_total"]})
    pdf = render_pdf(LOP_PDF_TEMPLATE, context)
    progress(95, _("Storing the PDF"))
    return Rendered(
        content=pdf,
        fingerprint=fingerprint,
        meta={"participants": context["participant_total"], "delegations": context["delegation_total"]},
    )


def lop_pdf_panel(meeting: Meeting, settings_row=None) -> list[dict]:
    """For the staff page: each variant's current copy, running job or last good copy."""
    settings_row = settings_row or lop_settings(meeting)
    fingerprints = lop_fingerprints(meeting, settings_row)
    recent = list(
        jobs.RenderJob.objects.filter(meeting=meeting, key__in=[lop_key(v) for v in Variant.ALL]).order_by(
            "-created_at", "-pk"
        )[:20]
    )
    labels = {Variant.PUBLIC: _("Public list (consented participants)"), Variant.COMPLETE: _("Complete list (staff)")}
    panel = []
    for variant in Variant.ALL:
        mine = [job for job in recent if job.key == lop_key(variant)]
        current = next((j for j in mine if j.is_done and j.fingerprint == fingerprints[variant] and j.file.name), None)
        active = next((j for j in mine if j.is_active), None)
        latest_done = next((j for j in mine if j.is_done and j.file.name), None)
        failed = mine[0] if mine and mine[0].is_failed else None
        panel.append(
            {
                "variant": variant,
                "label": labels[variant],
                "current": current,
                "active": active,
                "previous": latest_done if current is None else None,
                "failed": failed,
            }
        )
    return panel
