"""The demo data of seed_demo, seeded once for this module (the `seeded_demo` fixture).

A test that seeds again does it inside its own transaction, which is undone after it.
"""

import io
import re
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from ccm_portal.accounts.models import User
from ccm_portal.audit.models import AuditEntry
from ccm_portal.meetings.models import Category, Meeting, Organisation, TreatyStatus, state_category
from delegations.models import Delegation, Participant

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [Meeting, TreatyStatus, Organisation, User, Delegation, Participant, AuditEntry]
    return {model.__name__: model.objects.count() for model in models}


def delegation(meeting_slug: str, country: str) -> Delegation:
    return Delegation.objects.get(meeting__slug=meeting_slug, kind=Delegation.Kind.STATE, country=country)


def log_in(email: str, password: str):
    return authenticate(request=RequestFactory().get("/"), username=email, password=password)


def test_seeding_twice_changes_no_counts_and_keeps_the_same_documents():
    counts = row_counts()
    documents = set(Delegation.objects.exclude(document="").values_list("pk", "document"))

    seed()

    assert row_counts() == counts
    assert set(Delegation.objects.exclude(document="").values_list("pk", "document")) == documents


def test_seeds_the_four_meetings_of_the_2010_cycle():
    meetings = {meeting.slug: meeting for meeting in Meeting.objects.all()}
    assert set(meetings) == {"santiago-2010", "prep-1msp", "1msp", "2msp"}
    first = meetings["1msp"]
    assert (first.kind, first.number, first.symbol_prefix) == (Meeting.Kind.MSP, 1, "CCM/MSP/2010")
    assert (first.start_date, first.end_date) == (date(2010, 11, 9), date(2010, 11, 12))
    assert (first.presiding_state.code, first.time_zone) == ("LA", "Asia/Vientiane")
    assert sorted(first.official_languages) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert (meetings["2msp"].presiding_state.code, meetings["2msp"].time_zone) == ("LB", "Asia/Beirut")
    assert meetings["santiago-2010"].time_zone == "America/Santiago"


def test_only_the_second_msp_is_open_for_registration():
    assert list(Meeting.objects.open_for_registration().values_list("slug", flat=True)) == ["2msp"]


def test_the_first_msp_has_delegations_in_every_category_and_every_status():
    delegations = Delegation.objects.filter(meeting__slug="1msp")
    assert 25 <= delegations.count() <= 40
    assert set(delegations.values_list("category", flat=True)) == set(Category.values)
    assert set(delegations.values_list("status", flat=True)) == set(Delegation.Status.values)
    assert all(d.decision_reason for d in delegations.filter(status=Delegation.Status.REJECTED))


def test_state_categories_come_from_the_register():
    for state in Delegation.objects.filter(kind=Delegation.Kind.STATE).select_related("meeting"):
        category, note = state_category(state.country.code, state.meeting.start_date)
        assert (state.category, state.category_note) == (category, note), state


def test_norway_is_a_state_party_and_the_united_states_an_observer_at_the_first_msp():
    assert delegation("1msp", "NO").category == Category.STATE_PARTY
    assert delegation("1msp", "US").category == Category.OBSERVER_STATE


def test_lebanon_ratified_but_not_yet_in_force_is_a_signatory_with_the_note_at_the_first_msp():
    lebanon = delegation("1msp", "LB")

    assert lebanon.category == Category.SIGNATORY
    assert lebanon.category_note == "ratified on 2010-11-05; in force from 2011-05-01"
    assert delegation("2msp", "LB").category == Category.STATE_PARTY


def test_organisations_follow_rules_1_2_and_1_3():
    first = Delegation.objects.filter(meeting__slug="1msp").exclude(kind=Delegation.Kind.STATE)
    as_of_right = first.filter(organisation__attends_as_of_right=True)
    assert set(as_of_right.values_list("organisation__acronym", flat=True)) == {"UN", "ICRC", "IFRC", "GICHD", "CMC"}
    assert set(as_of_right.values_list("category", "invitation")) == {(Category.RULE_1_2, "")}
    invited = first.filter(organisation__attends_as_of_right=False)
    assert set(invited.values_list("category", flat=True)) == {Category.RULE_1_3}
    assert set(invited.values_list("invitation", flat=True)) == {"provisional", "approved"}


def test_every_delegation_has_a_focal_point_and_states_have_one_head():
    assert not Delegation.objects.filter(focal_points=None).exists()
    for state in Delegation.objects.filter(kind=Delegation.Kind.STATE):
        assert state.participants.filter(role=Participant.Role.HEAD).count() == 1, state


def test_participants_show_every_status_and_some_withhold_consent():
    participants = Participant.objects.filter(delegation__meeting__slug="1msp")
    assert set(participants.values_list("status", flat=True)) == set(Participant.Status.values)
    assert participants.filter(public_consent=False).exists()
    assert set(participants.values_list("gender", flat=True)) >= {"female", "male"}


def test_submitted_delegations_carry_a_one_page_pdf_and_drafts_none():
    for item in Delegation.objects.exclude(status=Delegation.Status.DRAFT):
        with item.document.open("rb") as handle:
            assert len(PdfReader(handle).pages) == 1, item
        assert item.document_name.endswith(".pdf")
    assert not Delegation.objects.filter(status=Delegation.Status.DRAFT).exclude(document="").exists()


def test_each_decision_is_audited_once_even_after_two_runs():
    approved = Delegation.objects.filter(status=Delegation.Status.APPROVED).count()
    assert AuditEntry.objects.filter(action="approved delegation").count() == approved


def test_the_secretariat_can_log_in_with_the_default_password():
    user = log_in("secretariat@ccm-portal.example", "ccm-secretariat-2010")

    assert user is not None
    assert user.is_secretariat
    assert user.is_staff
    assert user.is_superuser
    assert user.email_confirmed_at is not None


def test_passwords_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SEED_SECRETARIAT_PASSWORD", "another-secretariat-secret")
    monkeypatch.setenv("SEED_DELEGATE_PASSWORD", "another-delegate-secret")

    output = seed()

    assert log_in("secretariat@ccm-portal.example", "another-secretariat-secret") is not None
    assert log_in("focal.laos@ccm-portal.example", "another-delegate-secret") is not None
    assert "another-secretariat-secret" in output


def test_the_demo_delegate_is_focal_point_of_laos_at_both_msps():
    user = log_in("focal.laos@ccm-portal.example", "ccm-delegate-2010")

    assert user is not None
    assert not user.is_secretariat
    assert set(user.delegations.values_list("meeting__slug", "country")) == {("1msp", "LA"), ("2msp", "LA")}


def test_the_output_names_the_logins(seeded_demo):
    output = seeded_demo

    assert "secretariat@ccm-portal.example" in output
    assert "ccm-secretariat-2010" in output
    assert "focal.laos@ccm-portal.example" in output
    assert "ccm-delegate-2010" in output


def test_the_demo_secretariat_passes_the_second_factor_with_a_printed_code(seeded_demo, client):
    codes = re.search(r"single-use codes: (\S+),", seeded_demo)
    assert codes is not None, seeded_demo
    assert re.search(r"or the key [A-Z2-7]{32} in an authenticator app", seeded_demo)
    client.post(
        reverse("accounts:login"), {"username": "secretariat@ccm-portal.example", "password": "ccm-secretariat-2010"}
    )

    verify = client.get(reverse("delegations:dashboard", args=["1msp"]))
    assert "/accounts/two-factor/verify/" in verify.url
    response = client.post(reverse("accounts:second_factor_verify"), {"code": codes.group(1)}, follow=True)

    assert response.status_code == 200
    assert client.get(reverse("delegations:dashboard", args=["1msp"])).status_code == 200
