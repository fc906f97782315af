import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import AreaRow, Form, Report, StockpileRow, VictimFigures
from reporting.services import report_acknowledge, report_create, report_publish, report_submit
from tests.factories import TreatyStatusFactory, UserFactory
from tests.reporting.helpers import complete_report, entry_of

pytestmark = pytest.mark.django_db


def _entry_post(entry, **fields):
    data = {"status": "changed", "text": "", "is_public": "on", "version": entry.version}
    data.update(fields)
    return data


def _rows(prefix="rows", rows=()):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_contact_point_of_another_state_gets_404_for_every_report_page(client, norway, contact, other_contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    client.force_login(other_contact.user)

    urls = [
        reverse("reporting:report", args=[report.pk]),
        reverse("reporting:cover", args=[report.pk]),
        reverse("reporting:form", args=[report.pk, "B"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 404
    assert (
        client.post(
            reverse("reporting:form", args=[report.pk, "A"]), _entry_post(entry_of(report, "A"), text="x")
        ).status_code
        == 404
    )
    assert entry_of(report, "A").text == ""
    assert norway.country.name not in client.get(reverse("reporting:mine")).content.decode()


def test_anonymous_visitor_and_someone_without_a_state_see_no_report(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)

    assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("reporting:public_report", args=[report.pk])).status_code == 404


def test_contact_point_creates_a_draft_from_the_page_and_sees_it_listed(client, norway, contact):
    client.force_login(contact.user)

    response = client.post(reverse("reporting:create"), {"state": norway.pk, "kind": "initial", "language": "fr"})

    report = Report.objects.get(state=norway)
    assert response.status_code == 302
    assert report.language == "fr"
    assert "Initial report" in client.get(reverse("reporting:mine")).content.decode()


def test_destroyed_above_the_stockpile_is_refused_next_to_the_field_and_nothing_is_saved(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    b = entry_of(report, Form.B)
    client.force_login(contact.user)
    row = {
        "munition_type": "BL755",
        "cluster_munitions": 10,
        "submunitions": 100,
        "destroyed_cluster_munitions": 11,
        "destroyed_submunitions": 5,
    }

    response = client.post(
        reverse("reporting:form", args=[report.pk, "B"]), {**_entry_post(b, text="New text"), **_rows(rows=[row])}
    )

    assert response.status_code == 400
    field = response.context["rows"].forms[0]["destroyed_cluster_munitions"]
    assert "More destroyed than the stockpile declared (10)." in field.errors
    assert not StockpileRow.objects.filter(report=report).exists()
    assert entry_of(report, "B").text == ""


def test_cleared_above_the_area_and_negative_figures_are_refused_next_to_the_field(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    f = entry_of(report, Form.F)
    client.force_login(contact.user)
    row = {"region": "North", "contaminated_m2": 100, "cleared_m2": 101, "released_m2": -1}

    response = client.post(reverse("reporting:form", args=[report.pk, "F"]), {**_entry_post(f), **_rows(rows=[row])})

    form = response.context["rows"].forms[0]
    assert "More than the contaminated area (100 m²)." in form["cleared_m2"].errors
    assert form["released_m2"].errors
    assert not AreaRow.objects.filter(report=report).exists()


def test_victims_not_summing_to_the_total_are_refused_next_to_the_total(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    h = entry_of(report, Form.H)
    client.force_login(contact.user)
    victims = {
        "victims-total": 10,
        "victims-women": 2,
        "victims-men": 3,
        "victims-girls": 0,
        "victims-boys": 0,
        "victims-unknown": 0,
    }

    response = client.post(
        reverse("reporting:form", args=[report.pk, "H"]), {**_entry_post(h, text="Centres"), **victims}
    )

    assert response.context["victims"]["total"].errors == ["Women, men, girls, boys and not known add up to 5, not 10."]
    assert not VictimFigures.objects.filter(report=report).exists()
    assert entry_of(report, "H").status == ""


def test_a_form_saves_its_rows_and_text_in_one_step(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    i = entry_of(report, Form.I)
    client.force_login(contact.user)
    row = {"partner": "UNDP", "direction": "received", "amount": "1500.50", "currency": "usd", "purpose": ""}

    response = client.post(
        reverse("reporting:form", args=[report.pk, "I"]), {**_entry_post(i, text="**Support**"), **_rows(rows=[row])}
    )

    assert response.status_code == 302
    saved = report.cooperation.get()
    assert (saved.currency, str(saved.amount)) == ("USD", "1500.50")
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "<strong>Support</strong>" in page


def test_script_in_a_report_text_is_shown_as_text(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    a = entry_of(report, Form.A)
    client.force_login(contact.user)

    client.post(reverse("reporting:form", args=[report.pk, "A"]), _entry_post(a, text="<script>alert(1)</script> law"))

    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "<script>alert(1)" not in page
    assert "law" in page


def test_second_contact_point_saving_an_old_version_is_told_and_overwrites_nothing(client, norway, contact, staff):
    from reporting.services import contact_point_appoint

    second = contact_point_appoint(state=norway, user=UserFactory(), by=staff)
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    a = entry_of(report, Form.A)
    url = reverse("reporting:form", args=[report.pk, "A"])
    client.force_login(contact.user)
    client.post(url, _entry_post(a, text="First contact point's text"))

    client.force_login(second.user)
    response = client.post(url, _entry_post(a, text="Second contact point's text"))

    assert response.status_code == 400
    assert "Someone else saved this record" in response.content.decode()
    assert response.context["current"].text == "First contact point's text"
    assert entry_of(report, "A").text == "First contact point's text"


def test_submitting_an_incomplete_report_shows_what_is_missing_next_to_each_form_and_field(client, norway, contact):
    report = report_create(state=norway, kind=Report.Kind.INITIAL, by=contact.user)
    client.force_login(contact.user)

    response = client.post(reverse("reporting:submit", args=[report.pk]), follow=True)

    page = response.content.decode()
    assert 'data-testid="gap-B"' in page
    assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT
    form_page = client.get(reverse("reporting:form", args=[report.pk, "A"]) + "?check=1")
    assert form_page.context["form"]["status"].errors
    b = entry_of(report, "B")
    client.post(reverse("reporting:form", args=[report.pk, "B"]), {**_entry_post(b), **_rows(rows=[])})
    rows_page = client.get(reverse("reporting:form", args=[report.pk, "B"]) + "?check=1")
    assert "Add at least one type of cluster munition" in rows_page.context["rows_gap"]


def test_complete_report_is_submitted_then_acknowledged_and_published_by_the_secretariat(
    client, norway, contact, staff
):
    report = complete_report(norway, by=contact.user)
    client.force_login(contact.user)
    assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 302
    assert (
        client.post(reverse("reporting:acknowledge", args=[report.pk]), {"received_on": "2011-01-25"}).status_code
        == 403
    )

    client.force_login(staff)
    report.refresh_from_db()
    client.post(reverse("reporting:acknowledge", args=[report.pk]), {"received_on": report.submitted_on.isoformat()})
    client.post(reverse("reporting:publish", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    client.logout()
    public = client.get(reverse("reporting:received")).content.decode()
    assert "Norway" in public
    assert "BL755" in client.get(reverse("reporting:public_report", args=[report.pk])).content.decode()


def test_a_form_the_state_keeps_private_stays_off_the_public_page(client, norway, contact, staff):
    from reporting.services import form_save

    report = complete_report(norway, by=contact.user)
    b = entry_of(report, "B")
    form_save(entry=b, data={"is_public": False}, expected_version=b.version, by=contact.user)
    report_submit(report=report, by=contact.user)
    report_acknowledge(report=report, received_on=dt.date.today(), by=staff)
    report_publish(report=report, by=staff)

    page = client.get(reverse("reporting:public_report", args=[report.pk])).content.decode()
    assert "BL755" not in page
    assert "UNDP" in page


def test_secretariat_appoints_a_contact_point_by_e_mail(client, staff, norway):
    person = UserFactory(email="reporter@example.no")
    client.force_login(staff)

    client.post(reverse("reporting:contact_points"), {"state": norway.pk, "email": "Reporter@example.no"})

    assert person.reporting_contact_points.get().state == norway
    response = client.post(reverse("reporting:contact_points"), {"state": norway.pk, "email": "nobody@example.no"})
    assert "No active account" in response.content.decode()


def test_dashboard_query_count_is_the_same_for_12_and_120_states_and_at_most_10(client, staff, contact):
    from django_countries import countries

    codes = [code for code, _name in countries][:120]

    def make(n):
        for code in codes[:n]:
            TreatyStatusFactory(country=code, entry_into_force_date=dt.date(2010, 8, 1))

    client.force_login(staff)
    make(12)
    client.get(reverse("reporting:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:dashboard"))
    make(120)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("reporting:dashboard"))

    assert len(few) == len(many) <= 10
    assert response.context["table"].paginator.count >= 120


def test_dashboard_shows_overdue_and_late_reports_and_exports_them(client, staff, norway, contact):
    report = complete_report(norway, by=contact.user)
    report_submit(report=report, by=contact.user, today=dt.date(2011, 3, 1))  # after 28 January 2011: late
    client.force_login(staff)

    response = client.get(reverse("reporting:dashboard"), {"show": "late"})

    row = next(row for row in response.context["table"].data.data if row["code"] == "NO")
    # The initial report ran into 2011, so it also answers the annual update for 2010 (due 30 April 2011, on time).
    assert (row["late"], row["submitted"]) == (1, 2)
    assert row["overdue"] == row["due"] - 2
    csv_text = client.get(reverse("reporting:dashboard_csv"), {"show": "late"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("State Party,ISO code")
    assert "Norway,NO,2010-08-01" in csv_text


def test_dashboard_and_contact_points_are_for_the_secretariat_only(client, contact):
    client.force_login(contact.user)

    assert client.get(reverse("reporting:dashboard")).status_code == 403
    assert client.get(reverse("reporting:contact_points")).status_code == 403
    assert client.get(reverse("reporting:dashboard_csv")).status_code == 403


def test_focal_point_of_an_accredited_delegation_proposes_and_the_secretariat_confirms(client, staff, norway):
    from reporting.models import ContactPoint
    from tests.factories import DelegationFactory

    focal = UserFactory()
    delegation = DelegationFactory(country="NO", sort_name="Norway", created_by=focal, status="approved")
    delegation.focal_points.add(focal)
    person = UserFactory(email="reporter@example.no")
    client.force_login(focal)
    assert "Propose a national contact point" in client.get(reverse("reporting:mine")).content.decode()

    client.post(
        reverse("reporting:contact_point_propose"), {"propose-state": norway.pk, "propose-email": "reporter@example.no"}
    )

    proposed = ContactPoint.objects.get(user=person)
    assert proposed.status == ContactPoint.Status.PROPOSED
    client.force_login(person)
    assert client.get(reverse("reporting:create")).status_code in (403, 405)
    client.force_login(staff)
    client.post(reverse("reporting:contact_point_confirm", args=[proposed.pk]))
    proposed.refresh_from_db()
    assert proposed.status == ContactPoint.Status.CONFIRMED


def test_someone_who_is_not_a_focal_point_of_the_state_cannot_propose(client, norway, laos):
    from reporting.models import ContactPoint
    from tests.factories import DelegationFactory

    focal = UserFactory()
    delegation = DelegationFactory(country="LA", sort_name="Lao PDR", created_by=focal, status="approved")
    delegation.focal_points.add(focal)
    UserFactory(email="reporter@example.no")
    client.force_login(focal)

    response = client.post(
        reverse("reporting:contact_point_propose"), {"propose-state": norway.pk, "propose-email": "reporter@example.no"}
    )

    assert response.status_code == 400
    assert response.context["form"]["state"].errors
    assert not ContactPoint.objects.exists()
    client.force_login(UserFactory())
    assert client.post(reverse("reporting:contact_point_propose"), {"state": norway.pk}).status_code == 403
