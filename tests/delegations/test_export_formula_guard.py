"""Formula-looking values in the exports are neutralised in every disguise a spreadsheet still reads."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from delegations.exports import safe_text
from tests.delegations.factories_lists import approved_participant

DISGUISED = {
    "leading space": ' =HYPERLINK("http://evil.example")',
    "leading newline": '\n=HYPERLINK("http://evil.example")',
    "leading tab and CR": '\t\r=HYPERLINK("http://evil.example")',
    "full-width equals": '＝HYPERLINK("http://evil.example")',
    "full-width plus": "＋SUM(A1)",
    "full-width minus": "－SUM(A1)",
    "full-width at": "＠SUM(A1)",
    "byte-order mark": '\ufeff=HYPERLINK("http://evil.example")',
    "BOM and spaces before a plus": "\ufeff  +SUM(A1)",
    "zero-width space": "\u200b=SUM(A1)",
}


@pytest.mark.parametrize("value", DISGUISED.values(), ids=DISGUISED.keys())
def test_a_disguised_formula_gets_an_apostrophe_and_keeps_its_text(value):
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize("value", ["Ana María", "  Jean", "Jean-Luc", "Ｊａｎｅ", "", "O'Brien", "5 + 3"])
def test_ordinary_text_is_left_as_typed(value):
    assert safe_text(value) == value


@pytest.mark.django_db
@pytest.mark.parametrize("name", DISGUISED, ids=DISGUISED.keys())
def test_csv_and_xlsx_exports_neutralise_disguised_formulas(client, secretariat, world, name):
    value = DISGUISED[name]
    approved_participant(world["lao"], role="expert", given_name="Evil", family_name=value)
    client.force_login(secretariat)

    response = client.get(reverse("delegations:export_csv", args=["1msp"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    exported = next(row for row in rows if row[3] == "Evil")
    workbook = load_workbook(io.BytesIO(client.get(reverse("delegations:export_xlsx", args=["1msp"])).content))
    cell = next(row[4] for row in workbook["Participants"].iter_rows(min_row=2) if row[3].value == "Evil")

    assert exported[4] == "'" + value
    assert cell.data_type == "s"
    assert cell.value == "'" + value.replace("\r", "\n") or cell.value == "'" + value
