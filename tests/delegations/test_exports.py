import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from delegations import exports, selectors_lists, services_lists
from tests.delegations.factories_lists import approved_participant
from tests.queries import warm_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_follows_the_current_filters(staff, world):
    url = reverse("delegations:export_csv", args=["1msp"])

    everyone = csv_rows(staff.get(url))
    lao_men = csv_rows(staff.get(url, {"delegation": world["lao"].pk, "gender": "male"}))

    assert everyone[0][:5] == ["Category", "Delegation", "Title", "Given name", "Family name"]
    assert len(everyone) == 1 + 8
    assert {row[4] for row in lao_men[1:]} == {"Sisoulith", "Vongsa"}
    assert "Pending" not in {row[3] for row in everyone}


def test_csv_export_filters_by_arrival_and_consent(staff, world):
    services_lists.check_in(participant=world["ivory"], by=None)
    url = reverse("delegations:export_csv", args=["1msp"])

    arrived = csv_rows(staff.get(url, {"arrived": "yes"}))
    private = csv_rows(staff.get(url, {"consent": "no"}))

    assert [row[4] for row in arrived[1:]] == ["Kouassi"]
    assert arrived[1][-1] != ""
    assert [row[4] for row in private[1:]] == ["Reyes"]


def test_exports_never_let_a_spreadsheet_run_what_a_delegate_typed(staff, world):
    approved_participant(
        world["lao"], role="expert", given_name='=HYPERLINK("http://evil.example")', family_name="+SUM(A1)"
    )

    rows = csv_rows(staff.get(reverse("delegations:export_csv", args=["1msp"])))
    evil = next(row for row in rows if "HYPERLINK" in row[3])
    assert evil[3].startswith("'=")
    assert evil[4].startswith("'+")

    workbook = load_workbook(io.BytesIO(staff.get(reverse("delegations:export_xlsx", args=["1msp"])).content))
    sheet = workbook["Participants"]
    cells = [row for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[3].value)][0]
    assert cells[3].data_type == "s"
    assert cells[3].value.startswith("'=")
    assert cells[4].data_type == "s"


def test_xlsx_export_has_the_participants_and_the_statistics(staff, world):
    response = staff.get(reverse("delegations:export_xlsx", args=["1msp"]), {"category": "1"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Participants", "Statistics"]
    names = [row[4] for row in workbook["Participants"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Bouphavanh", "Kittikhoun", "Kouassi", "Sisoulith", "Vongsa"]
    stats = list(workbook["Statistics"].iter_rows(values_only=True))
    assert stats[0][0] == "Category"
    states_parties = next(row for row in stats if row[0] == "States Parties")
    assert states_parties[1] == 2  # delegations
    assert states_parties[-2] == 5  # participants


def test_statistics_by_category_and_gender(world):
    participants = selectors_lists.staff_participants(world["meeting"])

    stats = exports.statistics(participants)

    genders = [g for g, _label in stats["genders"]]
    states_parties = stats["rows"][0]
    assert dict(zip(genders, states_parties["counts"], strict=True))["male"] == 2
    assert dict(zip(genders, states_parties["counts"], strict=True))["female"] == 3
    assert states_parties["women_share"] == 60.0
    assert stats["total"] == 8
    assert stats["heads_total"] == 4  # Lao, Côte d'Ivoire, Cuba, China
    assert stats["rows"][4]["total"] == 0
    assert stats["rows"][4]["women_share"] is None


def test_statistics_page_and_csv(staff, world):
    page = staff.get(reverse("delegations:statistics", args=["1msp"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Gender balance" in body
    assert "% women" in body

    rows = csv_rows(staff.get(reverse("delegations:statistics_csv", args=["1msp"])))
    assert rows[0][0] == "Category"
    assert rows[-2][0] == "All categories"
    assert rows[-2][-2] == "8"
    assert rows[-1][0] == "Heads of delegation"


def test_exports_make_the_same_queries_for_few_or_many_participants(staff, world):
    urls = [reverse(name, args=["1msp"]) for name in ("delegations:export_csv", "delegations:export_xlsx")]

    def count():
        return [warm_queries(staff, url) for url in urls]

    few = count()
    for index in range(6):
        approved_participant(world["lao"], role="expert", given_name=f"More{index}")
    assert count() == few
