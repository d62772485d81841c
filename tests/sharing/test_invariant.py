"""Property: after any sequence of sharing decisions, a caller sees a record's fields
exactly when the owner's current distribution grants it (Hypothesis, both databases)."""

from __future__ import annotations

import itertools
import uuid

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.domain.access import (
    DistributionLevel,
    distribution_principals,
    may_read,
    principals_of,
)
from liaison.services import records, sharing
from liaison.services.records import RecordFilter
from liaison.services.sharing import DistributionSpec
from liaison.storage.sharing_tables import sharing_groups
from tests.sharing.conftest import AGENCIES, Nations

CODES = [code for _, code, _ in AGENCIES]
NATION = {code: nation for nation, code, _ in AGENCIES}

decision = st.one_of(
    st.tuples(
        st.just("share"),
        st.integers(0, 2),
        st.sampled_from(list(DistributionLevel)),
        st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
    ),
    st.tuples(st.just("withdraw"), st.integers(0, 2)),
    st.tuples(st.just("join"), st.sampled_from(CODES), st.booleans()),
)

_counter = itertools.count()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    owners=st.lists(st.sampled_from(CODES), min_size=3, max_size=3),
    decisions=st.lists(decision, max_size=8),
)
def test_a_caller_sees_exactly_what_the_current_distribution_grants(
    nations: Nations, owners: list[str], decisions: list[tuple[object, ...]]
) -> None:
    store = nations.store
    run = next(_counter)
    group = f"G{run}-{uuid.uuid4().hex[:6]}"
    coordinator = nations["US-AGIA/coordinator"]
    sharing.create_group(store, coordinator, group, "random group")
    with store.transaction() as conn:
        group_id = conn.execute(
            sa.select(sharing_groups.c.id).where(sharing_groups.c.code == group)
        ).scalar_one()
    ids = {code: i for i, code in enumerate(CODES, 1)}
    members: set[str] = set()
    made = [
        records.create_record(
            store, nations[f"{owner}/analyst"], "subject", {"names": [{"value": f"P{run}x{k}"}]}
        )
        for k, owner in enumerate(owners)
    ]
    grants: list[frozenset[str]] = [frozenset()] * 3
    for item in decisions:
        if item[0] == "share":
            _, k, level, targets = item
            assert isinstance(k, int) and isinstance(level, DistributionLevel)
            assert isinstance(targets, list)
            owner = owners[k]
            names = {
                DistributionLevel.NATIONS: sorted({NATION[t] for t in targets}),
                DistributionLevel.AGENCIES: targets,
                DistributionLevel.GROUP: [group],
            }.get(level, [])
            sharing.set_distribution(
                store,
                nations[f"{owner}/analyst"],
                made[k]["id"],
                DistributionSpec(level.value, names),
            )
            grants[k] = distribution_principals(
                level,
                NATION[owner],
                nations=[NATION[t] for t in targets],
                agency_ids=[ids[t] for t in targets],
                group_id=group_id,
            )
        elif item[0] == "withdraw":
            k = item[1]
            assert isinstance(k, int)
            sharing.withdraw(store, nations[f"{owners[k]}/analyst"], made[k]["id"])
            grants[k] = frozenset()
        else:
            _, code, join = item
            assert isinstance(code, str) and isinstance(join, bool)
            sharing.set_group_member(store, coordinator, group, code, member=join)
            members = members | {code} if join else members - {code}
    for code in CODES:
        groups = [group_id] if code in members else []
        mine = principals_of(ids[code], NATION[code], groups)
        page = records.list_records(
            store,
            nations[f"{code}/analyst"],
            "subject",
            RecordFilter(q=f"P{run}x"),
            limit=50,
            offset=0,
        )
        seen = {item["id"] for item in page["items"]}
        for k, record in enumerate(made):
            expected = may_read(ids[code], mine, ids[owners[k]], grants[k])
            assert (record["id"] in seen) == expected, (code, owners[k], grants[k], mine)
