"""The bill of a national season (:mod:`lis1.bench_season`) on AWS, on-demand, and the table of
figures `lis1 bench` prints for it.

PRICES are eu-north-1 (Stockholm) as published on aws.amazon.com/dynamodb/pricing/on-demand/,
aws.amazon.com/lambda/pricing/ and aws.amazon.com/api-gateway/pricing/ as we knew them in
January 2025 (after DynamoDB's on-demand price cut of 1 November 2024). They were NOT checked
from here (this machine has no internet): check them before quoting. The DynamoDB ones are our
recollection of Stockholm's, about 7 % above us-east-1's $0.625 and $0.125 per million and
$0.25 per GB-month; Lambda's and API Gateway's are those of us-east-1 too. Free tiers are
left out (the season's requests and storage would mostly fit in them).

The HTTP requests are not simulated: they are counted from what the season did, with the
assumptions below (one line each), as are the Lambda durations of requests.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from .bench_season_meter import Tally
from .domain.rounds import running_rounds, schedule
from .services.rounds import EXPIRY_WINDOW

if TYPE_CHECKING:
    from .catalog.models import Period

PRICES_AS_OF = (
    "januar 2025, eu-north-1 (Stockholm), IKKE kontrollert: sjekk aws.amazon.com/…/pricing"
)
DYNAMODB_WRITE_PER_MILLION = 0.6675  # USD per million write request units (on-demand, Standard)
DYNAMODB_READ_PER_MILLION = 0.1335  # USD per million read request units
DYNAMODB_STORAGE_PER_GB_MONTH = 0.2675  # USD per GB-month (Standard), after the free 25 GB
LAMBDA_PER_MILLION_REQUESTS = 0.20  # USD
LAMBDA_PER_GB_SECOND = 0.0000166667  # USD, x86_64 (Chalice's default architecture)
API_GATEWAY_REST_PER_MILLION = 3.50  # USD, REST API, first 333 million a month

LAMBDA_MEMORY_GB = 512 / 1024  # functions/.chalice/config.json: lambda_memory_size 512
REQUEST_MS = 120
"""ASSUMED mean Lambda duration of an API request: 2–4 DynamoDB calls of 5–10 ms, routing and
templates, and a cold start (about 1 s) in perhaps 1 request of 100."""
JOB_BASE_MS = 60
DYNAMODB_CALL_MS = 8
"""The hourly job's duration is modelled as JOB_BASE_MS + DYNAMODB_CALL_MS per call it made."""
JOB_RUNS = 24 * 365 // 2
"""The job runs hourly all year: half the year's runs are put on each of the two seasons."""

REQUESTS_PER_SIGN_IN = 3  # /api/me, the identity provider's redirect back, the page after
VIEWS_PER_APPLICANT = 40  # ad lists and ad pages in the API, "Mine søknader", receipts
REQUESTS_PER_APPLICATION = 2  # the form (GET) and the application (POST, the receipt its answer)
REQUESTS_PER_WITHDRAWAL = 2
REQUESTS_PER_ANSWER = 2  # the offer (GET) and the answer (POST)
VIEWS_PER_ANSWERING_VISIT = 1  # "Mine tilbud" after signing in, in a round
REQUESTS_PER_AD = 5  # the HF: new ad form, draft, preview, publish form, publication
HF_VIEWS_PER_AD = 30  # the HF reading applicants, its ads, the ranked list, during a season
REQUESTS_PER_RANKING = 2  # the list's form and its save
REQUESTS_PER_HIRE = 2


@dataclass(frozen=True)
class Figures:
    seats: int
    applicants: int
    period: Period
    tallies: Mapping[str, Tally]
    minimum: Counter[str]
    facts: Counter[str]
    mails: int
    no_op_runs: list[tuple[str, float, int]]
    items: int
    stored_bytes: int
    indexed_bytes: int
    differing: int
    read_backs: int
    seconds: float


def _hourly_runs(period: Period) -> Counter[str]:
    """Hours of the season when the job finds a round running, or only expiries to record."""
    rounds = schedule(period)
    hours: Counter[str] = Counter()
    at = rounds[0].offers_from
    while at < rounds[-1].answer_deadline + EXPIRY_WINDOW:
        if running_rounds([period], at):
            hours["timesjobb i runde"] += 1
        elif any(r.answer_deadline <= at < r.answer_deadline + EXPIRY_WINDOW for r in rounds):
            hours["timesjobb etter runde"] += 1
        at += timedelta(hours=1)
    return hours


def api_requests(f: Figures) -> Counter[str]:
    """The HTTP requests the season implies, by kind (see the assumptions above)."""
    ads = f.minimum["annonser"] // 2
    return Counter(
        {
            "pålogging": REQUESTS_PER_SIGN_IN * f.facts["pålogginger"],
            "søkernes sidevisninger": VIEWS_PER_APPLICANT * f.applicants,
            "søknader": REQUESTS_PER_APPLICATION * f.minimum["søknader"],
            "trekk": REQUESTS_PER_WITHDRAWAL * f.minimum["trekk"],
            "tilbud og svar": REQUESTS_PER_ANSWER * (f.facts["ja"] + f.facts["nei"])
            + VIEWS_PER_ANSWERING_VISIT * (f.facts["pålogginger"] - f.applicants),
            "HF: annonser, lister, merking": (REQUESTS_PER_AD + HF_VIEWS_PER_AD) * ads
            + REQUESTS_PER_RANKING * ads
            + REQUESTS_PER_HIRE * f.facts["ansatt"],
        }
    )


def _say(text: str) -> None:
    print(textwrap.fill(text, width=100, initial_indent="  ", subsequent_indent="    "))


def print_season(f: Figures) -> None:
    total = Tally()
    for tally in f.tallies.values():
        total.add(tally)
    minimum = sum(f.minimum.values())
    print(
        f"Nasjonal sesong ({f.period.id}, 5 runder) på DynamoDB Local: {f.seats} plasser, "
        f"{f.applicants} søkere, {f.minimum['søknader']} søknader; {f.seconds:.0f} s"
    )
    print(
        "  fase                    kall skrevet   WCU  "
        "    tx   gsi1 avvist     sum   min.    x     RCU    s"
    )
    for phase, tally in [*f.tallies.items(), ("i alt", total)]:
        least = minimum if phase == "i alt" else f.minimum[phase]
        ratio = f"{tally.all_write_units / least:.1f}" if least else "-"
        print(
            f"  {phase:<21}{sum(tally.calls.values()):>7}{tally.items_written:>8}"
            f"{tally.write_units:>6.0f}{tally.transaction_units:>8.0f}{tally.index_units:>7.0f}"
            f"{tally.refused_units:>7.0f}{tally.all_write_units:>8.0f}{least:>7}{ratio:>5}"
            f"{tally.read_units:>8.0f}{tally.seconds:>5.0f}"
        )
    _say(
        "WCU: skriveenheter utenfor transaksjoner, tx: i transaksjoner (2×), gsi1: indeksen, "
        "avvist: nektet av en betingelse, min.: det minste reglene krever, x: sum/min., RCU: "
        "leseenheter, s: sekunder på DynamoDB Local"
    )
    print(
        f"  Tilbud {f.facts['tilbud']}, ja {f.facts['ja']} (avslo samtidig "
        f"{f.facts['avslått ved ja']}), nei {f.facts['nei']}, utløpt {f.facts['utløpt']}, "
        f"ansatt {f.facts['ansatt']}; e-poster {f.mails}; pålogginger {f.facts['pålogginger']}"
    )
    print(
        f"  Tabellen til slutt: {f.items} elementer, {f.stored_bytes / 1e6:.1f} MB "
        f"(+ gsi1 {f.indexed_bytes / 1e6:.1f} MB); avvik fra målerens kopi: {f.differing}, "
        f"lest tilbake: {f.read_backs}"
    )
    shares = ", ".join(
        f"{kind} {units:,.0f} ({units / total.all_write_units:.0%})"
        for kind, units in total.by_kind.most_common(9)
    )
    _say(f"Skriveenheter etter element: {shares}")
    _print_cost(f, total)


def _print_cost(f: Figures, total: Tally) -> None:
    hours = _hourly_runs(f.period)
    measured: dict[str, list[tuple[float, int]]] = {}
    for kind, units, calls in f.no_op_runs:
        measured.setdefault(kind, []).append((units, calls))
    job_reads = job_ms = 0.0
    for kind, count in hours.items():
        runs = measured.get(kind, [(0.0, 0)])
        job_reads += count * sum(u for u, _ in runs) / len(runs)
        job_ms += count * (JOB_BASE_MS + DYNAMODB_CALL_MS * sum(c for _, c in runs) / len(runs))
    job_ms += (JOB_RUNS - sum(hours.values())) * JOB_BASE_MS
    requests = api_requests(f)
    http = sum(requests.values())
    writes = total.all_write_units
    reads = total.read_units + job_reads
    gb_seconds = (http * REQUEST_MS + job_ms) / 1000 * LAMBDA_MEMORY_GB
    storage_gb = (f.stored_bytes + f.indexed_bytes) / 1024**3
    lines = [
        (
            "DynamoDB skriving",
            f"{writes:,.0f} WRU à {DYNAMODB_WRITE_PER_MILLION}/mill.",
            writes * DYNAMODB_WRITE_PER_MILLION / 1e6,
        ),
        (
            "DynamoDB lesing",
            f"{reads:,.0f} RRU à {DYNAMODB_READ_PER_MILLION}/mill. "
            f"(timesjobben {job_reads:,.0f}; sidevisninger ikke med)",
            reads * DYNAMODB_READ_PER_MILLION / 1e6,
        ),
        (
            "DynamoDB lagring",
            f"{storage_gb * 1024:.0f} MB à {DYNAMODB_STORAGE_PER_GB_MONTH}/GB-mnd (én måned)",
            storage_gb * DYNAMODB_STORAGE_PER_GB_MONTH,
        ),
        (
            "Lambda kall",
            f"{http + JOB_RUNS:,} à {LAMBDA_PER_MILLION_REQUESTS}/mill.",
            (http + JOB_RUNS) * LAMBDA_PER_MILLION_REQUESTS / 1e6,
        ),
        (
            "Lambda GB-sekunder",
            f"{gb_seconds:,.0f} à {LAMBDA_PER_GB_SECOND:.10f} (512 MB, "
            f"{REQUEST_MS} ms per forespørsel antatt)",
            gb_seconds * LAMBDA_PER_GB_SECOND,
        ),
        (
            "API Gateway REST",
            f"{http:,} forespørsler à {API_GATEWAY_REST_PER_MILLION}/mill.",
            http * API_GATEWAY_REST_PER_MILLION / 1e6,
        ),
    ]
    print(f"  Kostnad per sesong i USD, on-demand, priser {PRICES_AS_OF}:")
    for name, basis, usd in lines:
        print(f"    {name:<20}{usd:>9.2f}  {basis}")
    print(f"    {'i alt':<20}{sum(usd for _, _, usd in lines):>9.2f}")
    _say(
        "Forespørsler (antatt per handling): "
        + ", ".join(f"{k} {v:,}" for k, v in requests.items())
    )
