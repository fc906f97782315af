"""Whatever the secretariat and the delegations do, in any order, the list stays consistent."""

import random

import pytest

from ccm_portal.meetings.models import Category
from sessions import services
from sessions.models import SpeakerEntry

pytestmark = pytest.mark.django_db

STATES = [("NO", 1), ("IE", 1), ("AU", 2), ("CL", 2), ("TH", 3), ("KH", 3)]
ORGANISATIONS = [("ICRC", Category.RULE_1_2), ("CMC", Category.RULE_1_2), ("HRW", Category.RULE_1_3)]


def check(speakers_list):
    entries = list(speakers_list.entries.select_related("delegation").order_by("position"))
    assert [e.position for e in entries] == list(range(1, len(entries) + 1))
    kinds = [e.kind for e in entries]
    assert kinds == sorted(kinds, key=lambda kind: kind == SpeakerEntry.Kind.RIGHT_OF_REPLY), "replies at the end"
    assert sum(e.status == SpeakerEntry.Status.SPEAKING for e in entries) <= 1
    pairs = [(e.delegation_id, e.kind) for e in entries]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize("seed", range(6))
def test_random_sequences_of_changes_keep_the_list_consistent(seed, speakers_list, secretariat, make_delegation):
    rng = random.Random(seed)
    delegations = [make_delegation(code, category, sort_name=code) for code, category in STATES + ORGANISATIONS]

    for _step in range(45):
        action = rng.choice(["inscribe", "inscribe", "reply", "move", "status", "withdraw", "insert"])
        entries = list(speakers_list.entries.all())
        entry = rng.choice(entries) if entries else None
        delegation = rng.choice(delegations)
        try:
            if action == "inscribe":
                services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=delegation.created_by)
            elif action == "reply":
                services.right_of_reply_add(speakers_list=speakers_list, delegation=delegation, by=secretariat)
            elif action == "insert":
                services.speaker_insert(
                    speakers_list=speakers_list, delegation=delegation, by=secretariat, position=rng.randint(1, 12)
                )
            elif action == "move" and entry:
                services.speaker_move(entry=entry, by=secretariat, direction=rng.choice(["up", "down"]))
            elif action == "status" and entry:
                services.speaker_set_status(entry=entry, by=secretariat, status=rng.choice(SpeakerEntry.Status.values))
            elif action == "withdraw" and entry:
                services.speaker_withdraw(entry=entry, by=entry.delegation.created_by)
        except services.ProgrammeError:
            pass  # a refusal is an outcome too; the list must still be consistent
        check(speakers_list)
