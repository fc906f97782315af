"""The staff list is sorted by the database on folded copies of the names (delegations.models
SORT_KEYS), compared by code point: the same order as the Python sorts of staff_participants,
on SQLite and PostgreSQL, and a page reads only its own rows."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccm_portal.meetings.models import Category
from delegations import selectors_lists
from delegations.models import Delegation, Participant
from tests.delegations.factories_lists import approved_delegation, approved_organisation, approved_participant
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

keys_migration = importlib.import_module("delegations.migrations.0011_participant_and_delegation_sort_keys")

# Names that a language-aware collation (PostgreSQL's default en_US, say) orders differently
# from the lists: it skips spaces and apostrophes and looks at case before accents.
FAMILIES = ["De Silva", "Dean", "D'Arcy", "de la Cruz", "Dé", "DEAN", "Da Costa", "Øst", "Ost", "Straße", "Strasse"]


@pytest.fixture
def tricky():
    meeting = MeetingFactory(slug="tricky")
    delegations = [
        approved_delegation(meeting, country="CI", sort_name="Côte d'Ivoire"),
        approved_delegation(meeting, country="CO", sort_name="Colombia"),
        approved_delegation(meeting, country="CD", sort_name="Congo (the Democratic Republic of the)"),
        approved_organisation(meeting, "Comité international", category=Category.RULE_1_3),
        approved_organisation(meeting, "Committee on Clearance", category=Category.RULE_1_3),
    ]
    for d, delegation in enumerate(delegations):
        for n, family in enumerate(FAMILIES):
            approved_participant(
                delegation,
                role="head" if n == 0 else "expert",
                family_name=family,
                given_name=["Ana", "ana", "Ána", "Zoé"][(n + d) % 4],
                function=["", "Ambassador", "ambassador", "Écrivain", "Adviser"][(n + d) % 5],
            )
    return meeting


@pytest.mark.parametrize("sort", [None, "name", "-name", "delegation", "-delegation", "function", "-function"])
def test_the_database_orders_the_staff_list_as_the_python_sorts_do(tricky, sort):
    whole = [p.pk for p in selectors_lists.staff_participants(tricky, sort=sort)]

    page = selectors_lists.staff_page(tricky, sort=sort)

    assert len(page) == len(whole) == 55
    assert [p.pk for start in range(0, 55, 25) for p in page[start : start + 25]] == whole
    assert page[-1].pk == whole[-1]


def test_a_page_of_the_staff_list_reads_its_rows_only(tricky):
    page = selectors_lists.staff_page(tricky, sort="name")

    with CaptureQueriesContext(connection) as queries:
        rows = page[25:50]

    assert len(rows) == 25
    assert len(queries) == 1
    assert "LIMIT 25" in queries[0]["sql"]


def test_a_renamed_participant_and_delegation_move_to_their_new_place(tricky):
    last = selectors_lists.staff_participants(tricky, sort="name")[-1]
    last.family_name = "Aalto"
    last.save(update_fields=["family_name"])  # as the services and the privacy purge save
    last.refresh_from_db()
    assert last.family_name_key == "aalto"
    colombia = Delegation.objects.get(meeting=tricky, country="CO")
    colombia.sort_name = "Zzz renamed"
    colombia.save(update_fields=["sort_name"])

    by_name = selectors_lists.staff_page(tricky, sort="name")
    in_list_order = selectors_lists.staff_page(tricky)

    assert by_name[0].pk == last.pk
    assert [p.pk for p in in_list_order[0:55]] == [p.pk for p in selectors_lists.staff_participants(tricky)]
    shown = list(dict.fromkeys((p.delegation.category, p.delegation.sort_name) for p in in_list_order[0:55]))
    colombia_category = [name for category, name in shown if category == colombia.category]
    assert colombia_category[-1] == "Zzz renamed"


def test_the_migration_folds_the_names_of_existing_rows(tricky):
    Participant.objects.update(family_name_key="", given_name_key="", function_key="")
    Delegation.objects.update(sort_name_key="")

    keys_migration.fill_keys(apps, None)

    participant = Participant.objects.filter(family_name="Straße", given_name="Ána").first()
    assert (participant.family_name_key, participant.given_name_key) == ("strasse", "ana")
    assert Delegation.objects.get(meeting=tricky, country="CI").sort_name_key == "cote d'ivoire"
    assert [p.pk for p in selectors_lists.staff_page(tricky, sort="name")[0:55]] == [
        p.pk for p in selectors_lists.staff_participants(tricky, sort="name")
    ]


def test_on_postgresql_the_folded_names_compare_by_code_point_whatever_the_database_collation(tricky):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite compares text by code point (BINARY) already")
    # An ICU or en_US database would put "øst" (ø has no decomposition) among the o's; the lists
    # put it after z, as Python compares the folded names. This machine's databases are C.UTF-8,
    # so the order test above cannot tell: the terms must say so themselves.
    sql = str(selectors_lists.staff_page(tricky, sort="name").queryset.query)

    # Family and given names, then the delegation's name (the list order's repeats of the two
    # names are dropped by Django: they can never break a tie).
    assert sql.count('COLLATE "C"') == 3
