import pytest
from django.db import IntegrityError, transaction

from ccm_portal.audit.models import AuditEntry
from sessions import services
from sessions.models import Agenda, AgendaItem

pytestmark = pytest.mark.django_db


def add(agenda, by, title, parent=None, **data):
    return services.agenda_item_add(agenda=agenda, by=by, data={"title": title, **data}, parent=parent)


def numbers(agenda):
    return [(item.number, item.title) for item in AgendaItem.objects.filter(agenda=agenda).order_by("sort_order")]


@pytest.fixture
def five(agenda, secretariat):
    """Opening, Election, Adoption, General exchange with (a) and (b), Closing."""
    add(agenda, secretariat, "Opening")
    add(agenda, secretariat, "Election")
    add(agenda, secretariat, "Adoption")
    general = add(agenda, secretariat, "Status of the Convention")
    add(agenda, secretariat, "Universalization", parent=general, thematic_area="universalization")
    add(agenda, secretariat, "Victim assistance", parent=general, thematic_area="victim_assistance")
    add(agenda, secretariat, "Closing")
    return agenda


def test_numbers_follow_positions_with_lettered_sub_items(five):
    assert numbers(five) == [
        ("1", "Opening"),
        ("2", "Election"),
        ("3", "Adoption"),
        ("4", "Status of the Convention"),
        ("4(a)", "Universalization"),
        ("4(b)", "Victim assistance"),
        ("5", "Closing"),
    ]


def test_moving_an_item_up_renumbers_it_its_neighbour_and_its_sub_items(five, secretariat):
    status = AgendaItem.objects.get(agenda=five, title="Status of the Convention")

    services.agenda_item_move(item=status, by=secretariat, direction="up")

    assert numbers(five)[2:6] == [
        ("3", "Status of the Convention"),
        ("3(a)", "Universalization"),
        ("3(b)", "Victim assistance"),
        ("4", "Adoption"),
    ]
    assert AuditEntry.objects.filter(trail=five.trail, action="moved item", detail="4 → 3").exists()


def test_moving_a_sub_item_stays_under_its_parent(five, secretariat):
    victims = AgendaItem.objects.get(agenda=five, title="Victim assistance")

    services.agenda_item_move(item=victims, by=secretariat, direction="up")

    assert numbers(five)[4:6] == [("4(a)", "Victim assistance"), ("4(b)", "Universalization")]


def test_moving_the_first_item_up_is_refused_with_a_message(five, secretariat):
    opening = AgendaItem.objects.get(agenda=five, title="Opening")

    with pytest.raises(services.ProgrammeError, match="1 is already first"):
        services.agenda_item_move(item=opening, by=secretariat, direction="up")


def test_removing_an_item_renumbers_those_after_it(five, secretariat):
    election = AgendaItem.objects.get(agenda=five, title="Election")

    services.agenda_item_delete(item=election, by=secretariat)

    assert [number for number, _title in numbers(five)] == ["1", "2", "3", "3(a)", "3(b)", "4"]


def test_removing_an_item_with_sub_items_is_refused(five, secretariat):
    status = AgendaItem.objects.get(agenda=five, title="Status of the Convention")

    with pytest.raises(services.ProgrammeError, match="sub-items"):
        services.agenda_item_delete(item=status, by=secretariat)

    assert AgendaItem.objects.filter(pk=status.pk).exists()


def test_a_sub_item_of_a_sub_item_is_refused(five, secretariat):
    universalization = AgendaItem.objects.get(agenda=five, title="Universalization")

    with pytest.raises(services.ProgrammeError, match="one level deep"):
        add(five, secretariat, "Too deep", parent=universalization)

    assert AgendaItem.objects.filter(agenda=five).count() == 7


def test_adoption_freezes_the_numbering(five, secretariat):
    services.agenda_adopt(agenda=five, by=secretariat)
    adoption = AgendaItem.objects.get(agenda=five, title="Adoption")

    with pytest.raises(services.ProgrammeError, match="frozen"):
        services.agenda_item_move(item=adoption, by=secretariat, direction="up")
    with pytest.raises(services.ProgrammeError, match="adopted"):
        services.agenda_item_delete(item=adoption, by=secretariat)

    five.refresh_from_db()
    assert five.status == Agenda.Status.ADOPTED
    assert five.adopted_at is not None
    assert numbers(five)[2] == ("3", "Adoption")


def test_an_item_added_after_adoption_goes_at_the_end_and_is_recorded(five, secretariat):
    services.agenda_adopt(agenda=five, by=secretariat)
    status = AgendaItem.objects.get(agenda=five, title="Status of the Convention")

    added = add(five, secretariat, "Any other business")
    sub = add(five, secretariat, "Cooperation and assistance", parent=status)

    assert (added.number, sub.number) == ("6", "4(c)")
    assert added.added_after_adoption
    assert sub.added_after_adoption
    assert [number for number, _title in numbers(five)][:6] == ["1", "2", "3", "4", "4(a)", "4(b)"]
    assert AuditEntry.objects.filter(trail=five.trail, action="added item after adoption").count() == 2


def test_an_amendment_after_adoption_is_recorded_with_what_changed(five, secretariat):
    services.agenda_adopt(agenda=five, by=secretariat)
    closing = AgendaItem.objects.get(agenda=five, title="Closing")

    services.agenda_item_update(
        item=closing, by=secretariat, data={"title": "Official closure"}, expected_version=closing.version
    )

    entry = AuditEntry.objects.get(trail=five.trail, action="amended item after adoption")
    assert "Closing → Official closure" in entry.detail


def test_editing_with_a_stale_version_is_refused(five, secretariat):
    closing = AgendaItem.objects.get(agenda=five, title="Closing")
    services.agenda_item_update(item=closing, by=secretariat, data={"title": "Closure"}, expected_version=1)

    with pytest.raises(services.ConcurrentEditError):
        services.agenda_item_update(item=closing, by=secretariat, data={"title": "End"}, expected_version=1)

    closing.refresh_from_db()
    assert closing.title == "Closure"


def test_editing_without_the_version_seen_is_refused_and_changes_nothing(five, secretariat):
    closing = AgendaItem.objects.get(agenda=five, title="Closing")

    with pytest.raises(services.ConcurrentEditError):
        services.agenda_item_update(item=closing, by=secretariat, data={"title": "End"}, expected_version=None)
    with pytest.raises(TypeError):
        services.agenda_item_update(item=closing, by=secretariat, data={"title": "End"})

    closing.refresh_from_db()
    assert closing.title == "Closing"


def test_adopting_twice_or_an_empty_agenda_is_refused(agenda, secretariat):
    with pytest.raises(services.ProgrammeError, match="no items"):
        services.agenda_adopt(agenda=agenda, by=secretariat)
    add(agenda, secretariat, "Opening")
    services.agenda_adopt(agenda=agenda, by=secretariat)

    with pytest.raises(services.ProgrammeError, match="already"):
        services.agenda_adopt(agenda=agenda, by=secretariat)


def test_a_delegate_cannot_change_the_agenda(agenda, focal_point):
    with pytest.raises(services.ProgrammeError):
        add(agenda, focal_point, "Sneaked in")

    assert not AgendaItem.objects.filter(agenda=agenda).exists()


def test_the_presidency_can_plan_the_agenda(agenda, planner):
    item = add(agenda, planner, "Opening")

    assert item.number == "1"


def test_sub_items_past_z_get_double_letters(agenda, secretariat):
    parent = add(agenda, secretariat, "Many")
    for index in range(27):
        add(agenda, secretariat, f"Sub {index}", parent=parent)

    assert AgendaItem.objects.get(agenda=agenda, title="Sub 26").number == "1(aa)"


def test_the_database_refuses_two_items_with_one_number(agenda, secretariat):
    first = add(agenda, secretariat, "Opening")

    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(agenda=agenda, position=first.position + 1, number=first.number, title="Copy")
