"""`lis1 bench`: one national LIS1 season played through the real use cases and the real
DynamoDB adapter, to see what it writes and what it would cost on AWS.

About 600 seats in ads of every HF and ideelt sykehus in data/, 1,300 applicants with about 20
applications each, a ranked list per ad, and the five rounds of the spring 2024 period run by
the round engine (:func:`lis1.services.rounds.run_rounds`) at a movable clock, with the
candidates signing in and answering between runs and the HFs marking hires. It runs on
DynamoDB Local, AWS's own engine: moto 5 deep-copies the whole table for every item of a
TransactWriteItems (to roll back), so a season there grows with the square of its size, and
scans the whole table for every gsi1 Query. The boto3 client is metered
(:mod:`lis1.bench_season_meter`) and the bill computed in :mod:`lis1.bench_season_cost`.

The least the rules need, one plain write (1 unit) per fact a person or the clock creates:
one per new user and per sign-in (the session); two per ad (the draft, its publication); one
per application and per withdrawal (the application carries its receipt); the ranked list once
per ad, in the units of its size; one per offer issued; one per answer, an acceptance also one
for each other open offer it declines; one per hire marked; none for an expiry or a seat count,
which can be derived from the deadline and the offers. Receipts, audit entries, idempotency
items, search entries, count items, transactions (2×) and gsi1 are what the design adds.

Figures are printed, never asserted. DynamoDB Local takes 10–15 ms a transaction, so the full
size takes about 16 minutes on a busy two-core machine, a quarter (``NATIONAL.scaled(0.25)``,
whose figures are about a quarter of the national ones) about 4:
``python -m lis1.bench_season [share]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .bench_season_cost import Figures, print_season
from .bench_season_meter import Meter
from .bench_season_play import Season
from .catalog import load_catalog

TABLE = "lis1"
PERIOD = "2024-var"
"""A period with all five rounds published in data/."""


@dataclass(frozen=True)
class SeasonSize:
    seats: int = 600
    applicants: int = 1300
    applications: int = 26_000

    def scaled(self, factor: float) -> SeasonSize:
        """Fewer (or more) of everything, with as many applications per ad and per applicant."""
        return SeasonSize(
            max(4, round(self.seats * factor)),
            max(10, round(self.applicants * factor)),
            max(40, round(self.applications * factor)),
        )


NATIONAL = SeasonSize()


def national_season(root: Path, size: SeasonSize = NATIONAL) -> None:
    """Play the season on a fresh DynamoDB Local and print what it wrote and would cost."""
    from .devtools.dynamodb_local import DynamoDBLocal
    from .store.bundle import dynamodb_store
    from .store.dynamo.client import make_client
    from .store.schema import ensure_table

    loaded = load_catalog(root / "data")
    assert loaded.catalog is not None, loaded.errors
    period = next(p for p in loaded.catalog.periods if p.id == PERIOD)
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="lis1-season-") as tmp,
        DynamoDBLocal(Path(tmp) / "ddb") as database,
    ):
        client = make_client(database.endpoint_url, read_timeout=60)
        reader = make_client(database.endpoint_url, read_timeout=60)
        ensure_table(reader, TABLE)
        meter = Meter(client, reader, TABLE)
        store = dynamodb_store(client, TABLE, "dynamodb-local")
        season = Season(
            store, loaded.catalog, meter, size.seats, size.applicants, size.applications, period
        )
        season.play()
        items, stored, indexed, differing = meter.check()
    figures = Figures(
        seats=size.seats,
        applicants=size.applicants,
        period=period,
        tallies=meter.tallies,
        minimum=season.minimum,
        facts=season.facts,
        mails=len(season.outbox.sent),
        no_op_runs=season.no_op_runs,
        items=items,
        stored_bytes=stored,
        indexed_bytes=indexed,
        differing=differing,
        read_backs=meter.read_backs,
        seconds=time.perf_counter() - started,
    )
    print_season(figures)


if __name__ == "__main__":
    share = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    national_season(Path.cwd(), NATIONAL.scaled(share))
