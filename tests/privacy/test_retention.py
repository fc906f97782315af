import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from ccm_portal.audit.services import log_action
from ccm_portal.celery import app as celery_app
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.storage import write_atomically
from ccm_portal.meetings.forms import MeetingForm
from ccm_portal.meetings.models import add_months
from ccm_portal.privacy import retention
from ccm_portal.privacy.tasks import purge_personal_data_task
from ccm_portal.storage import private_storage
from delegations import exports, selectors_lists, services
from delegations.models import CheckIn, Delegation, Participant
from tests.factories import DelegationFactory, MeetingFactory, ParticipantFactory, SecretariatFactory


def snapshot() -> dict:
    """Every row of every table, field by field, keyed by (model label, pk)."""
    return {
        (model._meta.label, row.pk): {f.name: getattr(row, f.attname) for f in model._meta.concrete_fields}
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for row in model._base_manager.all()
    }


def make_meeting(end_date: dt.date, *, slug: str, secretariat, pdf_upload) -> dict:
    start = end_date - dt.timedelta(days=3)
    meeting = MeetingFactory(
        slug=slug,
        start_date=start,
        end_date=end_date,
        registration_opens=timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=90), dt.time())),
        registration_deadline=timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=10), dt.time())),
    )
    approved = DelegationFactory(meeting=meeting, status=Delegation.Status.APPROVED, country="NO")
    draft = DelegationFactory(meeting=meeting, status=Delegation.Status.DRAFT, country="LB")
    services.delegation_attach_document(delegation=approved, upload=pdf_upload, by=secretariat)
    pdf_upload.seek(0)
    published = ParticipantFactory(
        delegation=approved,
        status="approved",
        public_consent=True,
        role="head",
        title="H.E. Ms.",
        given_name="Ingrid",
        family_name="Published",
        gender="female",
        email="ingrid@mission.example",
        accessibility_needs="Step-free access",
        needs_visa_letter=True,
    )
    private = ParticipantFactory(
        delegation=approved,
        status="approved",
        public_consent=False,
        given_name="Olav",
        family_name="Private",
        gender="male",
        email="olav@mission.example",
    )
    pending = ParticipantFactory(
        delegation=draft,
        status="pending",
        given_name="Nadia",
        family_name="Pending",
        gender="female",
        email="nadia@mission.example",
        changes_since_approval={"e-mail": ["a@x.example", "b@x.example"]},
    )
    CheckIn.objects.create(participant=private, outcome=CheckIn.Outcome.REFUSED, note="Passport name differs")
    log_action(trail=approved.trail, actor=secretariat, action="changed participant", subject=private, detail="x")
    log_action(trail=approved.trail, actor=secretariat, action="added participant", subject=private)
    log_action(trail=approved.trail, actor=secretariat, action="added participant", subject=published)
    badges = RenderJob.objects.create(
        kind="delegations.badges",
        meeting=meeting,
        key="badges:all",
        fingerprint=f"b-{slug}",
        status=RenderJob.Status.DONE,
        file=write_atomically(b"%PDF badges", suffix=".pdf"),
        filename="badges.pdf",
    )
    public_list = RenderJob.objects.create(
        kind="delegations.lop",
        meeting=meeting,
        key="lop:public",
        fingerprint=f"p-{slug}",
        status=RenderJob.Status.DONE,
        file=write_atomically(b"%PDF list", suffix=".pdf"),
        filename="list.pdf",
    )
    approved.refresh_from_db()
    return {
        "meeting": meeting,
        "approved": approved,
        "published": published,
        "private": private,
        "pending": pending,
        "badges": badges,
        "public_list": public_list,
    }


@pytest.fixture
def two_meetings(db, pdf_upload):
    secretariat = SecretariatFactory()
    today = timezone.localdate()
    old = make_meeting(dt.date(2010, 11, 12), slug="old-msp", secretariat=secretariat, pdf_upload=pdf_upload)
    recent = make_meeting(
        today - dt.timedelta(days=60), slug="recent-msp", secretariat=secretariat, pdf_upload=pdf_upload
    )
    return old, recent


def stats(meeting):
    return exports.statistics(selectors_lists.staff_participants(meeting))


def test_retention_is_counted_in_months_from_the_last_day():
    assert add_months(dt.date(2010, 11, 12), 24) == dt.date(2012, 11, 12)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 12, 15), 13) == dt.date(2025, 1, 15)


def test_dry_run_reports_the_meeting_past_retention_and_changes_nothing(two_meetings):
    old, _recent = two_meetings
    before = snapshot()
    out = io.StringIO()

    call_command("purge_personal_data", "--dry-run", stdout=out)

    assert snapshot() == before
    assert private_storage().exists(old["approved"].document.name)
    assert private_storage().exists(old["badges"].file.name)
    text = out.getvalue()
    assert "old-msp" in text
    assert "recent-msp" not in text
    assert "email 3" in text
    assert "notes verbales deleted: 1" in text
    assert "nothing was changed" in text


def test_purge_changes_only_the_expected_fields_of_the_meeting_past_retention(
    two_meetings, django_capture_on_commit_callbacks
):
    old, recent = two_meetings
    before = snapshot()
    stats_before = stats(old["meeting"]), stats(recent["meeting"])
    document = old["approved"].document.name

    with django_capture_on_commit_callbacks(execute=True):
        reports = retention.purge_personal_data()

    after = snapshot()
    expected = {
        ("delegations.Participant", old["published"].pk): {
            "email": "",
            "accessibility_needs": "",
            "needs_visa_letter": False,
        },
        ("delegations.Participant", old["private"].pk): {
            "email": "",
            "title": "",
            "given_name": "",
            "family_name": "",
            "function": "",
            # The folded copies the staff list sorts on go with the names.
            "given_name_key": "",
            "family_name_key": "",
            "function_key": "",
        },
        ("delegations.Participant", old["pending"].pk): {
            "email": "",
            "title": "",
            "given_name": "",
            "family_name": "",
            "function": "",
            # The folded copies the staff list sorts on go with the names.
            "given_name_key": "",
            "family_name_key": "",
            "function_key": "",
            "changes_since_approval": {},
        },
        ("delegations.Delegation", old["approved"].pk): {"document": "", "document_name": ""},
    }
    gone = {("jobs.RenderJob", old["badges"].pk)}
    assert set(before) - set(after) == gone
    assert set(after) == set(before) - gone
    for key, row in after.items():
        changed = {name: value for name, value in row.items() if before[key][name] != value}
        changed.pop("updated_at", None)
        if key[0] == "meetings.Meeting" and key[1] == old["meeting"].pk:
            assert set(changed) == {"personal_data_purged_at"}
        elif key[0] == "delegations.CheckIn" and before[key]["participant"] == old["private"].pk:
            assert changed == {"note": ""}
        elif key[0] == "audit.AuditEntry" and before[key]["trail"] == old["approved"].trail:
            if before[key]["action"] == "changed participant":
                assert changed == {"detail": "", "subject": retention.ANONYMOUS_SUBJECT}
            elif before[key]["subject"] == old["private"].display_name:
                assert changed == {"subject": retention.ANONYMOUS_SUBJECT}
            else:
                assert changed == {}, key  # the published participant keeps their name
        else:
            assert changed == expected.get(key, {}), key
    assert not private_storage().exists(document)
    assert not private_storage().exists(old["badges"].file.name)
    assert private_storage().exists(old["public_list"].file.name)
    assert private_storage().exists(recent["approved"].document.name)
    assert (stats(old["meeting"]), stats(recent["meeting"])) == stats_before
    published = Participant.objects.get(pk=old["published"].pk)
    assert published.display_name == "H.E. Ms. Ingrid Published"
    assert [r.meeting.slug for r in reports] == ["old-msp"]


def test_a_second_purge_finds_nothing_more_to_remove(two_meetings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention.purge_personal_data()
    before = snapshot()

    reports = retention.purge_personal_data()

    assert [report.changes for report in reports] == [0]
    assert snapshot() == before


def test_the_daily_celery_task_runs_the_same_purge(two_meetings):
    old, _recent = two_meetings
    schedule = celery_app.conf.beat_schedule["purge-personal-data-daily"]
    assert schedule["task"] == purge_personal_data_task.name

    removed = purge_personal_data_task.apply().get()

    assert removed > 0
    assert Participant.objects.get(pk=old["private"].pk).email == ""


def test_secretariat_sets_the_retention_period_in_the_meeting_form(meeting):
    data = {**model_to_dict(meeting), "personal_data_retention_months": "36"}
    data["registration_opens"] = meeting.registration_opens.strftime("%Y-%m-%dT%H:%M")
    data["registration_deadline"] = meeting.registration_deadline.strftime("%Y-%m-%dT%H:%M")
    form = MeetingForm(data, instance=meeting)
    assert form.is_valid(), form.errors
    assert form.save().personal_data_retention_months == 36

    refused = MeetingForm({**data, "personal_data_retention_months": "0"}, instance=meeting)
    assert not refused.is_valid()
    assert "personal_data_retention_months" in refused.errors
