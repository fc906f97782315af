"""The delegates of bench/rush.py: one account and one draft delegation each, made before the rush.

Called through `manage.py shell` on the deployment the benchmark serves (after django.setup()).
Every account gets the same password, hashed once with the deployment's own hasher (the rush
then checks each login against a real hash, as production does, without paying for N hashes here).
"""

import json

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from bench.support.people import bench_meeting, keyed
from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Category
from delegations.models import Delegation


@transaction.atomic
def seed_rush(slug: str, count: int, password: str) -> list[dict]:
    """A meeting open for registration and `count` focal points, each with a draft state delegation.

    Returns, for each, the account's e-mail and the delegation's pk (bench/rush.py reads it as JSON).
    """
    codes = [code for code, _name in countries]
    if count > len(codes):
        raise ValueError(f"at most {len(codes)} delegates (one state each)")
    meeting = bench_meeting(slug)
    hashed = make_password(password)
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"delegate{index:03d}@{slug}.example",
            full_name=f"Rush Delegate {index:03d}",
            password=hashed,
            email_confirmed_at=now,
        )
        for index in range(count)
    )
    names = dict(countries)
    delegations = Delegation.objects.bulk_create(
        keyed(
            [
                Delegation(
                    meeting=meeting,
                    kind=Delegation.Kind.STATE,
                    country=code,
                    sort_name=str(names[code]),
                    category=Category.STATE_PARTY,
                    created_by=user,
                )
                for user, code in zip(users, codes, strict=False)
            ]
        )
    )
    Delegation.focal_points.through.objects.bulk_create(
        Delegation.focal_points.through(delegation_id=delegation.pk, user_id=user.pk)
        for user, delegation in zip(users, delegations, strict=True)
    )
    return [
        {"email": user.email, "delegation": delegation.pk} for user, delegation in zip(users, delegations, strict=True)
    ]


def print_seeded(slug: str, count: int, password: str) -> None:
    """seed_rush() for `manage.py shell -c`: the delegates as one JSON line on standard output."""
    print("RUSH-DELEGATES " + json.dumps(seed_rush(slug, count, password)))
