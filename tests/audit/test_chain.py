"""The hash chain alone (no database): any single change, removal, swap or insertion shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from minutes.audit import chain
from minutes.audit.chain import ALTERED, BROKEN_LINK, GENESIS, OUT_OF_SEQUENCE, TRUNCATED, first_broken

Event = dict[str, Any]

EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
names = st.text(max_size=8)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | names
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(names, inner, max_size=2),
    max_leaves=3,
)
hashes = st.text("0123456789abcdef", min_size=64, max_size=64)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "at": st.integers(0, 20 * 365 * 86400 * 10**6).map(lambda us: EPOCH + dt.timedelta(microseconds=us)),
    "actor_id": st.none() | st.integers(1, 10**6),
    "actor_name": names,
    "action": st.sampled_from(
        [
            "minutes.saved",
            "minutes.submitted",
            "review.accepted",
            "member.added",
            "unit.moved",
            "role.granted",
        ]
    ),
    "record_type": st.sampled_from(["meeting", "member", "org_unit", "user"]),
    "record_id": st.integers(1, 10**6).map(str),
    "org_unit_id": st.none() | st.integers(1, 10**4),
    "data": st.dictionaries(names, json_values, max_size=2),
}
contents = st.fixed_dictionaries(FIELD_VALUES)


def build(items: list[Event]) -> list[Event]:
    """Seal a list of event contents into a chain, as the service does."""
    events: list[Event] = []
    prev_hash = GENESIS
    for seq, content in enumerate(items, start=1):
        event = {**content, "seq": seq, "prev_hash": prev_hash}
        event["hash"] = prev_hash = chain.link_hash(event)
        events.append(event)
    return events


chains = st.lists(contents, min_size=1, max_size=30).map(build)
# Pure and quick, but a busy CI machine must not turn a slow example into a failure.
relaxed = settings(deadline=None)


def head_of(events: list[Event]) -> chain.Head:
    return events[-1]["seq"], events[-1]["hash"]


@relaxed
@given(chains)
def test_an_untouched_chain_verifies(events: list[Event]) -> None:
    assert first_broken(events) is None
    assert first_broken(events, head=head_of(events)) is None


@relaxed
@given(chains, st.data())
def test_changing_any_field_of_any_event_is_detected(events: list[Event], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from([*FIELD_VALUES, "seq", "prev_hash", "hash"]))
    original = events[index]
    if field == "seq":
        changed = {**original, "seq": data.draw(st.integers(-5, 100).filter(lambda s: s != original["seq"]))}
        assert first_broken([*events[:index], changed, *events[index + 1 :]]) == (
            changed["seq"],
            OUT_OF_SEQUENCE,
        )
        return
    strategy = hashes if field in ("prev_hash", "hash") else FIELD_VALUES[field]
    changed = {**original, field: data.draw(strategy)}
    assume(changed[field] != original[field] and chain.canonical(changed) != chain.canonical(original))
    reason = BROKEN_LINK if field == "prev_hash" else ALTERED
    assert first_broken([*events[:index], changed, *events[index + 1 :]]) == (original["seq"], reason)


@relaxed
@given(chains, st.data())
def test_removing_any_event_before_the_last_is_detected(events: list[Event], data: st.DataObject) -> None:
    assume(len(events) > 1)
    index = data.draw(st.integers(0, len(events) - 2))
    remaining = events[:index] + events[index + 1 :]
    assert first_broken(remaining) == (index + 2, OUT_OF_SEQUENCE)


@relaxed
@given(chains, st.data())
def test_removing_any_event_is_detected_against_the_head_noted_earlier(
    events: list[Event], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    remaining = events[:index] + events[index + 1 :]
    assert first_broken(remaining, head=head_of(events)) is not None


@relaxed
@given(chains)
def test_a_cut_tail_shows_only_against_the_head_noted_earlier(events: list[Event]) -> None:
    # A hash chain cannot know its own end: that is what noting the head is for.
    assert first_broken(events[:-1]) is None
    assert first_broken(events[:-1], head=head_of(events)) == (len(events), TRUNCATED)


@relaxed
@given(chains, st.data())
def test_swapping_any_two_events_is_detected(events: list[Event], data: st.DataObject) -> None:
    assume(len(events) > 1)
    i = data.draw(st.integers(0, len(events) - 2))
    j = data.draw(st.integers(i + 1, len(events) - 1))
    swapped = list(events)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    assert first_broken(swapped) == (j + 1, OUT_OF_SEQUENCE)
    renumbered = [{**event, "seq": position} for position, event in enumerate(swapped, start=1)]
    assert first_broken(renumbered) == (i + 1, BROKEN_LINK)


@relaxed
@given(chains, contents, st.data())
def test_slipping_a_well_formed_event_into_the_chain_is_detected(
    events: list[Event], content: Event, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(events) - 1))
    prev_hash = events[index - 1]["hash"] if index else GENESIS
    forged = {**content, "seq": index + 1, "prev_hash": prev_hash}
    forged["hash"] = chain.link_hash(forged)
    assert first_broken([*events[:index], forged, *events[index:]]) == (index + 1, OUT_OF_SEQUENCE)


@relaxed
@given(chains, contents, hashes)
def test_appending_an_event_with_a_made_up_hash_is_detected(
    events: list[Event], content: Event, made_up: str
) -> None:
    forged = {**content, "seq": len(events) + 1, "prev_hash": events[-1]["hash"], "hash": made_up}
    assume(made_up != chain.link_hash(forged))
    assert first_broken([*events, forged]) == (len(events) + 1, ALTERED)


def test_the_canonical_form_is_sorted_compact_json_of_the_chained_fields() -> None:
    event = {
        "seq": 1,
        "at": dt.datetime(2026, 11, 26, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        "actor_id": 3,
        "actor_name": "bithu",
        "action": "minutes.saved",
        "record_type": "meeting",
        "record_id": "12",
        "org_unit_id": None,
        "data": {"b": 1, "a": "Nà Noong"},
        "prev_hash": GENESIS,
        "hash": "ignored",
        "id": 99,
    }
    assert chain.canonical(event) == (
        b'{"action":"minutes.saved","actor_id":3,"actor_name":"bithu",'
        b'"at":"2026-11-26T01:30:00.000000+00:00","data":{"a":"N\\u00e0 Noong","b":1},'
        b'"org_unit_id":null,"prev_hash":"' + GENESIS.encode() + b'","record_id":"12",'
        b'"record_type":"meeting","seq":1}'
    )
    assert len(chain.link_hash(event)) == 64


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        chain.canonical({"seq": 1, "at": dt.datetime(2026, 1, 1), **dict.fromkeys(chain.FIELDS[2:])})


def test_data_is_kept_as_json_gives_it_back() -> None:
    assert chain.plain({"on": dt.date(2026, 11, 26), "ids": (1, 2), "fee": Decimal("1.50")}) == {
        "on": "2026-11-26",
        "ids": [1, 2],
        "fee": "1.50",
    }
    with pytest.raises(TypeError):
        chain.plain({"what": object()})
