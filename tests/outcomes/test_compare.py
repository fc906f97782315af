from outcomes import services
from outcomes.compare import compare_snapshots, word_diff
from outcomes.selectors import build_snapshot


def _snapshot(*sections):
    return {
        "sections": [
            {
                "uid": f"s{index}",
                "heading": heading,
                "roman": "",
                "paragraphs": [{"uid": uid, "kind": "operative", "text": text, "label": ""} for uid, text in items],
            }
            for index, (heading, items) in enumerate(sections)
        ]
    }


def test_word_diff_shows_inserted_and_deleted_words():
    segments = word_diff("States Parties will report annually.", "States Parties shall report every year.")

    assert [(s.op, s.text) for s in segments] == [
        ("equal", "States Parties "),
        ("delete", "will"),
        ("insert", "shall"),
        ("equal", " report "),
        ("delete", "annually"),
        ("insert", "every year"),
        ("equal", "."),
    ]


def test_paragraphs_are_matched_by_identity_not_position():
    old = _snapshot(("A", [("a", "One."), ("b", "Two."), ("c", "Three."), ("d", "Four.")]))
    new = _snapshot(("A", [("x", "New first."), ("a", "One."), ("c", "Three, changed."), ("b", "Two.")]))

    rows = {row.uid: row for row in compare_snapshots(old, new).rows}

    assert rows["x"].status == "added"
    assert rows["a"].status == "unchanged"
    assert rows["d"].status == "deleted"
    assert {rows["b"].moved, rows["c"].moved} == {True, False}  # one of the two swapped paragraphs moved
    assert rows["c"].changed
    assert ("insert", ", changed") in [(s.op, s.text) for s in rows["c"].segments]


def test_deleted_paragraphs_are_shown_where_they_were():
    old = _snapshot(("A", [("a", "One."), ("b", "Two."), ("c", "Three.")]))
    new = _snapshot(("A", [("a", "One."), ("c", "Three.")]))

    assert [row.uid for row in compare_snapshots(old, new).rows] == ["a", "b", "c"]


def test_moving_a_paragraph_to_another_section_counts_as_moved():
    old = _snapshot(("A", [("a", "One.")]), ("B", [("b", "Two.")]))
    new = _snapshot(("A", []), ("B", [("a", "One."), ("b", "Two.")]))

    rows = {row.uid: row for row in compare_snapshots(old, new).rows}

    assert rows["a"].moved
    assert not rows["a"].changed
    assert not rows["b"].moved


def test_renamed_and_new_sections_are_listed():
    old = _snapshot(("Victim assistance", []))
    new = {
        "sections": [
            {**_snapshot(("Assistance to victims", []))["sections"][0]},
            {"uid": "new", "heading": "Partnerships", "paragraphs": []},
        ]
    }

    changes = [(c.status, c.old, c.new) for c in compare_snapshots(old, new).sections]

    assert ("renamed", "Victim assistance", "Assistance to victims") in changes
    assert ("added", "", "Partnerships") in changes


def test_comparing_two_revisions_of_a_plan_after_an_edit_an_insertion_and_a_deletion(circulated_plan, secretariat):
    built = circulated_plan.built
    services.paragraph_update(
        paragraph=built["actions"][0], by=secretariat, text="Take step 1 now.", expected_version=1
    )
    services.paragraph_remove(paragraph=built["actions"][3], by=secretariat)
    services.paragraph_add(
        document=circulated_plan, section=built["lead_ins"][0].section, by=secretariat, kind="action", text="Added."
    )
    old = circulated_plan.revisions.get().snapshot

    comparison = compare_snapshots(old, build_snapshot(circulated_plan))

    assert comparison.counts == {"added": 1, "deleted": 1, "moved": 0, "changed": 1}
    changed = next(row for row in comparison.rows if row.changed)
    assert changed.label == "Action #1"
    assert [(s.op, s.text) for s in changed.segments if s.op != "equal"] == [
        ("delete", "of area 1 within one year"),
        ("insert", "now"),
    ]
