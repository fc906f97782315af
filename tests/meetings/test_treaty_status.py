import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.meetings.models import Category, TreatyStatus, state_category
from delegations.models import Delegation
from tests.factories import DelegationFactory, MeetingFactory, TreatyStatusFactory

FIRST_DAY = dt.date(2010, 11, 9)  # the 1MSP opened in Vientiane


def _row(**fields) -> TreatyStatus:
    return TreatyStatus(country=fields.pop("country", "LA"), **fields)


# --- Deriving a state's category ------------------------------------------------------------


def test_state_is_party_when_in_force_on_the_first_day():
    row = _row(
        signature_date=dt.date(2008, 12, 3),
        ratification_date=dt.date(2009, 3, 18),
        entry_into_force_date=dt.date(2010, 8, 1),
    )

    assert row.category_on(FIRST_DAY) == Category.STATE_PARTY
    assert row.category_note(FIRST_DAY) == ""


def test_state_is_party_when_in_force_exactly_on_the_first_day():
    row = _row(
        signature_date=dt.date(2008, 12, 3), ratification_date=dt.date(2010, 5, 13), entry_into_force_date=FIRST_DAY
    )

    assert row.category_on(FIRST_DAY) == Category.STATE_PARTY


def test_state_that_signed_only_is_signatory_without_a_note():
    row = _row(signature_date=dt.date(2008, 12, 3))

    assert row.category_on(FIRST_DAY) == Category.SIGNATORY
    assert row.category_note(FIRST_DAY) == ""


def test_state_that_ratified_but_is_not_yet_bound_is_signatory_with_in_force_from_note():
    row = _row(
        signature_date=dt.date(2008, 12, 3),
        ratification_date=dt.date(2010, 9, 1),
        entry_into_force_date=dt.date(2011, 3, 1),
    )

    assert row.category_on(FIRST_DAY) == Category.SIGNATORY
    note = row.category_note(FIRST_DAY)
    assert "ratified on 2010-09-01" in note
    assert "in force from 2011-03-01" in note


def test_state_that_ratified_without_a_known_entry_into_force_is_signatory_not_yet_in_force():
    row = _row(signature_date=dt.date(2008, 12, 3), ratification_date=dt.date(2010, 10, 1))

    assert row.category_on(FIRST_DAY) == Category.SIGNATORY
    assert "not yet in force" in row.category_note(FIRST_DAY)


def test_state_that_signed_after_the_first_day_is_observer():
    row = _row(signature_date=dt.date(2011, 1, 10))

    assert row.category_on(FIRST_DAY) == Category.OBSERVER_STATE
    assert row.category_note(FIRST_DAY) == ""


def test_state_that_did_nothing_is_observer():
    assert _row().category_on(FIRST_DAY) == Category.OBSERVER_STATE


def test_state_that_acceded_without_signing_is_signatory_until_in_force_then_party():
    row = _row(
        instrument=TreatyStatus.Instrument.ACCESSION,
        ratification_date=dt.date(2010, 10, 1),
        entry_into_force_date=dt.date(2011, 4, 1),
    )

    assert row.category_on(FIRST_DAY) == Category.SIGNATORY
    assert "acceded on 2010-10-01" in row.category_note(FIRST_DAY)
    assert row.category_on(dt.date(2011, 9, 12)) == Category.STATE_PARTY


@pytest.mark.django_db
def test_state_category_reads_the_register():
    TreatyStatusFactory(country="NO")

    assert state_category("NO", FIRST_DAY) == (Category.STATE_PARTY, "")


@pytest.mark.django_db
def test_state_category_of_a_state_missing_from_the_register_is_observer():
    assert state_category("US", FIRST_DAY) == (Category.OBSERVER_STATE, "")


# --- Importing the register from CSV ----------------------------------------------------------

HEADER = "country,signature_date,instrument,ratification_date,entry_into_force_date,is_demo,remarks\n"


def _csv(text: str, name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text, content_type="text/csv")


@pytest.fixture
def import_as_secretariat(client, secretariat):
    client.force_login(secretariat)

    def post(upload):
        return client.post(reverse("meetings:treaty_status_import"), {"file": upload})

    return post


@pytest.mark.django_db
def test_good_file_creates_and_updates_rows(import_as_secretariat):
    TreatyStatusFactory(country="FR", ratification_date=None, entry_into_force_date=None)

    response = import_as_secretariat(
        _csv(
            HEADER
            + "FR,2008-12-03,ratification,2009-09-25,2010-08-01,,\n"
            + "Laos,2008-12-03,ratification,2009-03-18,2010-08-01,yes,demo row\n"
        )
    )

    assert response.status_code == 302
    assert response.url == reverse("meetings:treaty_status")
    france, laos = TreatyStatus.objects.get(country="FR"), TreatyStatus.objects.get(country="LA")
    assert france.entry_into_force_date == dt.date(2010, 8, 1)
    assert laos.ratification_date == dt.date(2009, 3, 18)
    assert laos.is_demo
    assert laos.remarks == "demo row"
    assert TreatyStatus.objects.count() == 2


@pytest.mark.django_db
def test_import_moves_a_delegation_whose_state_becomes_party_to_category_1(import_as_secretariat):
    meeting = MeetingFactory()
    TreatyStatusFactory(country="JP", ratification_date=None, entry_into_force_date=None)
    delegation = DelegationFactory(meeting=meeting, country="JP", category=Category.SIGNATORY)

    import_as_secretariat(_csv(HEADER + "JP,2008-12-03,ratification,2009-07-14,2010-08-01,,\n"))

    delegation.refresh_from_db()
    assert delegation.category == Category.STATE_PARTY
    assert delegation.category_note == ""


@pytest.mark.django_db
def test_import_success_message_counts_rows_and_moved_delegations(client, import_as_secretariat):
    DelegationFactory(country="JP", category=Category.OBSERVER_STATE)

    import_as_secretariat(_csv(HEADER + "JP,2008-12-03,ratification,2009-07-14,2010-08-01,,\n"))

    page = client.get(reverse("meetings:treaty_status")).content.decode()
    assert "Imported 1 new and 0 updated rows; 1 delegation changed category." in page


@pytest.mark.django_db
def test_file_with_a_bad_date_on_line_3_reports_line_3_and_saves_nothing(import_as_secretariat):
    TreatyStatusFactory(country="FR", ratification_date=None, entry_into_force_date=None)
    before = TreatyStatus.objects.count()

    response = import_as_secretariat(
        _csv(
            HEADER
            + "FR,2008-12-03,ratification,2009-09-25,2010-08-01,,\n"
            + "NO,2008-12-03,ratification,3 Dec 2008,2010-08-01,,\n"
            + "LA,2008-12-03,ratification,2009-03-18,2010-08-01,,\n"
        )
    )

    assert response.status_code == 200
    assert response.context["errors"] == ["Line 3: ratification_date “3 Dec 2008” is not a date like 2010-08-01."]
    assert "Line 3" in response.content.decode()
    assert TreatyStatus.objects.count() == before
    assert TreatyStatus.objects.get(country="FR").ratification_date is None


@pytest.mark.django_db
def test_every_bad_line_is_reported_at_once(import_as_secretariat):
    response = import_as_secretariat(
        _csv(HEADER + "Atlantis,,,,,,\n" + "NO,,treaty,,,,\n" + "LA,,,2010-08-01,2010-01-01,,\n")
    )

    errors = response.context["errors"]
    assert [error.split(":")[0] for error in errors] == ["Line 2", "Line 3", "Line 4"]
    assert not TreatyStatus.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(HEADER + "Atlantis,2008-12-03,,,,,\n", "Line 2: “Atlantis” is not a known state.", id="unknown"),
        pytest.param(
            HEADER + "NO,2008-12-03,,,,,\nNorway,2008-12-03,,,,,\n",
            "Line 3: Norway already appears on line 2.",
            id="duplicate",
        ),
        pytest.param(
            HEADER + "NO,2008-12-03,signature,2009-01-01,,,\n",
            "Line 2: instrument must be “ratification” or “accession”, not “signature”.",
            id="instrument",
        ),
        pytest.param(
            HEADER + "NO,2008-12-03,ratification,2009-01-01,2008-06-01,,\n",
            "Line 2: entry_into_force_date: Entry into force cannot precede ratification or accession.",
            id="force-before-ratification",
        ),
        pytest.param(
            (HEADER + "CI,2008-12-04,,,,,Côte d’Ivoire\n").encode("cp1252"),
            "The file is not UTF-8 text",
            id="not-utf8",
        ),
        pytest.param(b"", "The submitted file is empty.", id="empty"),
        pytest.param(HEADER, "The file holds no rows.", id="header-only"),
        pytest.param(
            "state,signature_date\nNO,2008-12-03\n", "Line 1: the header needs the column “country”.", id="no-country"
        ),
        pytest.param("country,signed\nNO,2008-12-03\n", "Line 1: unknown columns signed.", id="unknown-column"),
    ],
)
def test_bad_file_gets_a_clear_message_and_saves_nothing(import_as_secretariat, content, expected):
    TreatyStatusFactory(country="FR")
    before = list(TreatyStatus.objects.values())

    response = import_as_secretariat(_csv(content))

    assert response.status_code == 200
    assert expected in response.content.decode().replace("&#x27;", "'")
    assert list(TreatyStatus.objects.values()) == before


@pytest.mark.django_db
def test_import_errors_are_shown_as_an_alert_list(import_as_secretariat):
    response = import_as_secretariat(_csv(HEADER + "Atlantis,,,,,,\n"))

    html = response.content.decode()
    alert = html[html.index('role="alert"') :]
    assert alert.index("<li>Line 2: “Atlantis” is not a known state.</li>") < alert.index("</ul>")


@pytest.mark.django_db
def test_csv_file_saved_by_excel_with_a_byte_order_mark_imports(import_as_secretariat):
    response = import_as_secretariat(_csv("\ufeff" + HEADER + "NO,2008-12-03,,2009-01-01,2010-08-01,,\n"))

    assert response.status_code == 302
    assert TreatyStatus.objects.get(country="NO").entry_into_force_date == dt.date(2010, 8, 1)


# --- Editing one row ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_entry_into_force_before_ratification_gets_a_message_next_to_the_field(client, secretariat):
    row = TreatyStatusFactory(country="NO")
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:treaty_status_edit", args=[row.pk]),
        {
            "country": "NO",
            "signature_date": "2008-12-03",
            "instrument": "ratification",
            "ratification_date": "2008-12-03",
            "entry_into_force_date": "2008-06-01",
            "remarks": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["entry_into_force_date"] == [
        "Entry into force cannot precede ratification or accession."
    ]
    assert 'id="error_1_id_entry_into_force_date"' in response.content.decode()
    row.refresh_from_db()
    assert row.entry_into_force_date == dt.date(2010, 8, 1)


@pytest.mark.django_db
def test_saving_a_row_recategorises_that_states_delegations(client, secretariat):
    row = TreatyStatusFactory(country="GH", ratification_date=None, entry_into_force_date=None)
    delegation = DelegationFactory(country="GH", category=Category.SIGNATORY)
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:treaty_status_edit", args=[row.pk]),
        {
            "country": "GH",
            "signature_date": "2008-12-03",
            "instrument": "ratification",
            "ratification_date": "2011-02-03",
            "entry_into_force_date": "2011-08-01",
            "remarks": "",
        },
    )

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.category == Category.STATE_PARTY


@pytest.mark.django_db
def test_treaty_list_shows_category_labels_and_demo_badge(client, secretariat):
    TreatyStatusFactory(country="NO")
    TreatyStatusFactory(country="LA", ratification_date=None, entry_into_force_date=None, is_demo=True)
    client.force_login(secretariat)

    html = client.get(reverse("meetings:treaty_status")).content.decode()

    assert "States Parties" in html
    assert "Signatory States" in html
    assert html.count("demonstration data</span>") == 1


@pytest.mark.django_db
def test_treaty_list_search_finds_by_name_or_code(client, secretariat):
    TreatyStatusFactory(country="NO")
    TreatyStatusFactory(country="LA")
    client.force_login(secretariat)

    by_name = client.get(reverse("meetings:treaty_status"), {"q": "lao"}).context["table"]
    by_code = client.get(reverse("meetings:treaty_status"), {"q": "no"}).context["table"]

    assert [item["row"].country.code for item in by_name.data] == ["LA"]
    assert [item["row"].country.code for item in by_code.data] == ["NO"]


def test_category_label_filter_names_each_category():
    from ccm_portal.meetings.templatetags.meetings_extras import category_label

    assert category_label(1) == "States Parties"
    assert category_label("3") == "Observer States"
    assert category_label(None) == ""
    assert category_label(9) == ""


@pytest.mark.django_db
def test_delegation_category_unaffected_when_state_missing_from_file(import_as_secretariat):
    delegation = DelegationFactory(country="DE", category=Category.STATE_PARTY)
    TreatyStatusFactory(country="DE")

    import_as_secretariat(_csv(HEADER + "NO,2008-12-03,,2009-01-01,2010-08-01,,\n"))

    assert Delegation.objects.get(pk=delegation.pk).category == Category.STATE_PARTY
