"""DynamoDB's item sizes and request units as the national season counts them
(lis1.bench_season_sizes), against AWS's own examples, and the meter that applies them to the
calls of a boto3 client (lis1.bench_season_meter); and the largest items of the portfolio, whose
size sets what a write of them costs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from botocore.stub import Stubber

from lis1.bench_season_meter import Meter
from lis1.bench_season_sizes import (
    BeyondUpdate,
    apply_update,
    item_size,
    number_size,
    read_units,
    write_units,
)
from lis1.domain.portfolio.activities import MAX_COMMENT, MAX_DESCRIPTION, MAX_GOALS, Activity
from lis1.domain.portfolio.records import MAX_EMPLOYMENTS, Employment, Plan, Portfolio
from lis1.store.dynamo.client import make_client
from lis1.store.dynamo.codec import to_item
from lis1.store.dynamo.portfolio_items import activity_item, portfolio_item


def test_the_example_of_the_aws_documentation() -> None:
    # DynamoDB Developer Guide, "Quotas" (Item size): an item with "shirt-color" = "R" and
    # "shirt-size" = "M" is 23 bytes.
    assert item_size({"shirt-color": {"S": "R"}, "shirt-size": {"S": "M"}}) == 23


def test_units_as_in_the_examples_of_the_pricing_page() -> None:
    # aws.amazon.com/dynamodb/pricing: a 1 KB item is one write unit, a 3 KB item three (six in
    # a transaction); a strongly consistent read of 8 KB is two read units, eventually one.
    assert write_units(1024) == 1
    assert write_units(3 * 1024) == 3
    assert write_units(3 * 1024 + 1) == 4
    assert write_units(0) == 1
    assert read_units(8 * 1024, consistent=True) == 2
    assert read_units(8 * 1024, consistent=False) == 1
    assert read_units(10, consistent=False) == 0.5


def test_strings_count_utf8_bytes_and_numbers_their_significant_digits() -> None:
    assert item_size({"ø": {"S": "å"}}) == 4
    assert number_size("12345") == 4
    assert number_size("0.0100") == 2  # leading and trailing zeroes trimmed
    assert number_size("-5") == 3
    assert number_size("1E+3") == 2
    assert item_size({"b": {"B": b"\x00\x01\x02"}, "t": {"BOOL": True}, "n": {"NULL": True}}) == 8


def test_lists_and_maps_cost_three_bytes_and_one_per_element() -> None:
    assert item_size({"m": {"M": {}}}) == 4
    assert item_size({"m": {"M": {"a": {"S": "b"}}}}) == 1 + 3 + (1 + 1 + 1)
    assert item_size({"l": {"L": [{"S": "ab"}, {"N": "1"}]}}) == 1 + 3 + (2 + 1) + (2 + 1)
    assert item_size({"s": {"SS": ["ab", "c"]}}) == 4


def test_an_update_applied_as_dynamodb_would() -> None:
    key = {"pk": {"S": "AD#1"}, "sk": {"S": "COUNTS"}}
    names = {"#seats": "seats", "#holding": "holding", "#gone": "gone"}
    values = {":seats": {"N": "3"}, ":one": {"N": "1"}}
    expression = "SET #seats = if_not_exists(#seats, :seats) ADD #holding :one REMOVE #gone"
    first = apply_update(None, key, expression, names, values)
    assert first == {**key, "seats": {"N": "3"}, "holding": {"N": "1"}}
    second = apply_update(
        {**first, "seats": {"N": "2"}, "gone": {"S": "x"}}, key, expression, names, values
    )
    assert second == {**key, "seats": {"N": "2"}, "holding": {"N": "2"}}
    with pytest.raises(BeyondUpdate):
        apply_update(first, key, "SET #l = list_append(#l, :v)", {"#l": "l"}, {":v": {"L": []}})


def _metered() -> tuple[Any, Stubber, Meter]:
    client = make_client(None, local=True)
    meter = Meter(client, make_client(None, local=True), "t")
    return client, Stubber(client), meter


def test_the_meter_doubles_transactions_and_counts_the_index() -> None:
    client, stub, meter = _metered()
    big = {"pk": {"S": "A"}, "sk": {"S": "B"}, "text": {"S": "x" * 2000}}
    indexed = {"pk": {"S": "A"}, "sk": {"S": "C"}, "gsi1pk": {"S": "G"}, "gsi1sk": {"S": "H"}}
    with stub:
        stub.add_response("put_item", {})
        stub.add_response("transact_write_items", {})
        stub.add_response("delete_item", {})
        with meter.measuring("fase") as tally:
            client.put_item(TableName="t", Item=big)
            client.transact_write_items(
                TransactItems=[
                    {"Put": {"TableName": "t", "Item": indexed}},
                    {"ConditionCheck": {"TableName": "t", "Key": big, "ConditionExpression": "x"}},
                ]
            )
            client.delete_item(TableName="t", Key={"pk": {"S": "A"}, "sk": {"S": "B"}})
    assert tally.write_units == 2 + 2  # the 2 KB item put, then deleted
    assert tally.transaction_units == 2 * 1 + 2 * 2  # the small put and the check of 2 KB
    assert tally.index_units == 1
    assert tally.items_written == 3
    assert meter.item(("A", "C")) == indexed and meter.item(("A", "B")) is None


def test_the_meter_counts_reads_by_consistency() -> None:
    client, stub, meter = _metered()
    item = {"pk": {"S": "A"}, "sk": {"S": "B"}, "text": {"S": "x" * 5000}}
    with stub:
        stub.add_response("get_item", {"Item": item})
        stub.add_response("query", {"Items": [item, item]})
        with meter.measuring("fase") as tally:
            client.get_item(TableName="t", Key={"pk": item["pk"], "sk": item["sk"]})
            client.query(TableName="t", IndexName="gsi1", KeyConditionExpression="x")
    assert tally.read_units == 1 + 1.5  # 5 KB eventually consistent; 10 KB from an index


LONG_ID = "x" * 64
"""Longer than the subjects and ids the service makes."""
WHEN = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_the_largest_activity_is_eight_write_units() -> None:
    # Every text at its limit in two-byte letters; sent, so the index and the waiting marker
    # (a copy) are written too: 2 x 2 x 8 units in the transaction, 8 more for the index.
    largest = Activity(
        id=LONG_ID,
        owner=LONG_ID,
        kind="klinisk_praksis",
        day=date(2025, 10, 26),
        description="æ" * MAX_DESCRIPTION,
        goals=tuple(f"KLS-{n:03d}" for n in range(MAX_GOALS)),
        status="sendt",
        created_at=WHEN,
        version=999,
        supervisor=LONG_ID,
        supervisor_name="Å" * 100,
        sent_at=WHEN,
        decided_at=WHEN,
        comment="ø" * MAX_COMMENT,
    )
    size = item_size(to_item(activity_item(largest)))
    assert 7 * 1024 < size <= 8 * 1024
    assert write_units(size) == 8


def test_the_largest_portfolio_is_four_write_units() -> None:
    employment = Employment(
        id=LONG_ID,
        arena="sykehus",
        organisation="helse-stavanger-universitetssjukehus",
        starts=date(2025, 9, 1),
        ends=date(2026, 2, 28),
        psychiatry=True,
        origin="tilbud",
        offer_id=LONG_ID,
    )
    largest = Portfolio(
        owner=LONG_ID,
        owner_name="Å" * 100,
        created_at=WHEN,
        plan=Plan(clinical="2020-03-01", common="2025-09-01", old_common=True),
        employments=(employment,) * MAX_EMPLOYMENTS,
        version=999,
        updated_at=WHEN,
    )
    size = item_size(to_item(portfolio_item(largest)))
    assert 3 * 1024 < size <= 4 * 1024
    assert write_units(size) == 4
