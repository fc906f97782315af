"""Numbers are computed from document order: 1..n for paragraphs and Action #1..#m, whatever happens."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes import selectors, services
from outcomes.numbering import number_kinds, number_sections, revision_symbol, roman, working_paper_symbol
from tests.outcomes.factories import deadline

KINDS = ["preambular", "operative", "lead_in", "action", "unnumbered"]


def test_paragraph_and_action_numbers_run_through_the_document():
    numbers = number_kinds(["preambular", "operative", "lead_in", "action", "action", "operative", "action"])

    assert [n.label for n in numbers] == ["", "1.", "2.", "Action #1", "Action #2", "3.", "Action #3"]


def test_section_numerals_skip_unnumbered_sections():
    assert number_sections([True, False, True, True]) == ["I", "", "II", "III"]
    assert [roman(n) for n in (1, 4, 8, 9, 14, 40, 66)] == ["I", "IV", "VIII", "IX", "XIV", "XL", "LXVI"]


@given(st.lists(st.sampled_from(KINDS), max_size=80))
def test_numbers_are_contiguous_for_any_sequence_of_kinds(kinds):
    numbers = number_kinds(kinds)

    paragraph_numbers = [n.paragraph for n in numbers if n.paragraph is not None]
    action_numbers = [n.action for n in numbers if n.action is not None]
    assert paragraph_numbers == list(range(1, sum(k in ("operative", "lead_in") for k in kinds) + 1))
    assert action_numbers == list(range(1, kinds.count("action") + 1))


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.sampled_from(KINDS), st.integers(0, 2), st.integers(0, 30)),
        st.tuples(st.just("delete"), st.integers(0, 30)),
        st.tuples(st.just("move"), st.integers(0, 30), st.sampled_from(["up", "down"])),
        st.tuples(st.just("move_to"), st.integers(0, 30), st.integers(0, 2), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=14,
)


def _apply(document, by, sections, model, op):
    """Apply one operation through the services and to a plain-list model of the expected order."""
    flat = [(s, pk) for s, pks in enumerate(model) for pk in pks]
    kind = op[0]
    if kind == "insert":
        _, paragraph_kind, s, position = op
        position = min(position, len(model[s]))
        after = model[s][position - 1] if position > 0 else None
        paragraph = services.paragraph_add(
            document=document,
            section=sections[s],
            by=by,
            kind=paragraph_kind,
            text=f"{paragraph_kind} text",
            after=document.paragraphs.get(pk=after) if after else None,
        )
        model[s].insert(position if after else len(model[s]), paragraph.pk)
        return
    if not flat:
        return
    s, pk = flat[op[1] % len(flat)]
    paragraph = document.paragraphs.get(pk=pk)
    if kind == "delete":
        services.paragraph_remove(paragraph=paragraph, by=by)
        model[s].remove(pk)
    elif kind == "move":
        direction = op[2]
        index = model[s].index(pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(model[s]):
            services.paragraph_move(paragraph=paragraph, by=by, direction=direction)
            model[s][index], model[s][target] = model[s][target], model[s][index]
        elif 0 <= (s - 1 if direction == "up" else s + 1) < len(model):
            services.paragraph_move(paragraph=paragraph, by=by, direction=direction)
            model[s].remove(pk)
            if direction == "up":
                model[s - 1].append(pk)
            else:
                model[s + 1].insert(0, pk)
        else:
            with pytest.raises(services.OutcomeError):
                services.paragraph_move(paragraph=paragraph, by=by, direction=direction)
    else:
        _, _, target_section, index = op
        services.paragraph_move_to(paragraph=paragraph, by=by, section=sections[target_section], index=index)
        model[s].remove(pk)
        model[target_section].insert(min(index, len(model[target_section])), pk)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_numbering_stays_right_after_random_inserts_deletes_and_moves(operations, meeting, secretariat):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="other", title="Property", with_outline=False
    )
    sections = [services.section_add(document=document, by=secretariat, heading=f"S{i}") for i in range(3)]
    model: list[list[int]] = [[], [], []]

    for op in operations:
        _apply(document, secretariat, sections, model, op)

    outline = selectors.document_outline(document)
    assert [[p.pk for p in section.paragraphs] for section in outline] == model
    items = [p for section in outline for p in section.paragraphs]
    assert [p.number for p in items if p.number] == list(
        range(1, sum(p.kind in ("operative", "lead_in") for p in items) + 1)
    )
    assert [p.action for p in items if p.action] == list(range(1, sum(p.kind == "action" for p in items) + 1))
    # Positions stay dense inside every section, so later inserts land where they are asked to.
    for section in sections:
        positions = list(
            section.paragraphs.filter(removed_at__isnull=True).order_by("position").values_list("position", flat=True)
        )
        assert positions == list(range(len(positions)))


def test_inserting_an_action_renumbers_the_following_actions_through_the_document(plan, secretariat):
    first_action = plan.built["actions"][0]

    services.paragraph_add(
        document=plan, section=first_action.section, by=secretariat, kind="action", text="New", after=first_action
    )

    labels = [p.label for s in selectors.document_outline(plan) for p in s.paragraphs if p.kind == "action"]
    assert labels == [f"Action #{n}" for n in range(1, 6)]
    texts = [p.text for s in selectors.document_outline(plan) for p in s.paragraphs if p.kind == "action"]
    assert texts[1] == "New"


def test_a_working_paper_symbol_waits_for_its_number_and_revisions_follow_it():
    assert working_paper_symbol("CCM/MSP/2010", 3) == "CCM/MSP/2010/WP.3"
    assert working_paper_symbol("CCM/MSP/2010", None) == "CCM/MSP/2010/WP.?"
    assert [revision_symbol("CCM/MSP/2010/WP.3", n) for n in (0, 1, 2)] == [
        "CCM/MSP/2010/WP.3",
        "CCM/MSP/2010/WP.3/Rev.1",
        "CCM/MSP/2010/WP.3/Rev.2",
    ]


def test_the_symbol_shown_before_circulating_is_the_one_issued(plan, secretariat):
    assert selectors.next_symbol(plan) == "CCM/MSP/2010/WP.?"
    first = services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline(), notify=False)
    services.paragraph_update(paragraph=plan.built["intro"][0], by=secretariat, text="Changed.", expected_version=1)
    plan.refresh_from_db()
    shown = selectors.next_symbol(plan)

    second = services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline(), notify=False)

    assert first.symbol == "CCM/MSP/2010/WP.1"
    assert shown == second.symbol == "CCM/MSP/2010/WP.1/Rev.1"
