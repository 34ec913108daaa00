"""Every portfolio route refused to everyone but its rightful caller ("Who sees what" in the
design; issue 14, item 5).

One portfolio (Kari Nordmann's, made in tests/api/portfolio_world.py) has people in every role
and relation: a leder the HF has confirmed, a leder who waits for the kommune, a veileder, two
supervisører with activities sent to them, a veileder and a supervisør whose roles were ended,
an open invitation and one accepted under another name. Every route under /portefolje,
/veiledning, /arbeidsgiver and /signering that :func:`lis1.api.routes.all_routes` declares must
have a case below (a new route fails :func:`test_every_portfolio_route_has_a_case` until it gets
one), and each case is called by every other person, as JSON and as a page or form: anonymous,
someone unrelated, another LIS with her own portfolio, another HF's and another kommune's
administrators, an editor, a supervisør for what was not sent to them, the leder the employer
has not confirmed, and the person whose role was ended (with their own ids too). Each is
refused, Kari's records are the same afterwards, and no answer holds her name, her activities
or a comment. The rightful caller's request then succeeds (on a world of its own), so a case
cannot pass by refusing everyone.

Routes that answer the caller about their own records (Min portefølje, Veiledning, Til
signering, …) give others a 200 about themselves: for those the test asserts that nothing of
Kari's is in the answer and nothing of hers changed.

The routes of portfolio part 2 (learning goals, supervision conversations, the kommune's
confirmation of the start; issue 15) have their cases in test_portfolio_access_part2.py, made
and checked by the machinery here; :func:`test_every_portfolio_route_has_a_case` counts both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

from lis1 import demo
from lis1.api.gateway import GatewayResponse
from lis1.api.routes import all_routes
from lis1.catalog import Catalog
from lis1.devtools import wiring
from lis1.domain.portfolio.relations import Relation

from .conftest import Api, Client, build_api
from .portfolio_world import (
    ANONYMOUS,
    EVERYONE,
    EXTRA_PEOPLE,
    KARI,
    SECRET_COMMENTS,
    SECRET_CONVERSATIONS,
    SECRET_DESCRIPTIONS,
    SECRET_GOAL_TEXTS,
    World,
    build_world,
    kari_state,
    subject_of,
)

PREFIXES = ("/portefolje", "/veiledning", "/arbeidsgiver", "/signering")
REFUSED = frozenset({401, 403, 404})


@pytest.fixture(scope="module")
def more_people() -> Iterator[None]:
    """Nils and Kine beside the demo people, known to the sign-in page."""
    people = (*demo.DEMO_PEOPLE, *EXTRA_PEOPLE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "DEMO_PEOPLE", people)
        patch.setattr(wiring, "DEMO_PEOPLE", people)
        yield


@pytest.fixture(scope="module")
def shared(catalog: Catalog, keys: Path, more_people: None) -> World:
    """One world for every refused request, with everyone signed in once: a refused request
    changes nothing (each test asserts it)."""
    return build_world(build_api(catalog, keys))


@pytest.fixture
def fresh(catalog: Catalog, keys: Path, more_people: None) -> World:
    """A world of its own for the rightful caller's request, which changes it."""
    return build_world(build_api(catalog, keys))


# --- the cases: one per route ----------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    """Below /api, with the world's ids filled in."""
    body: Mapping[str, Any] | None = None
    refusal: frozenset[int] | None = None
    """The statuses refusing it may have, where they differ from the case's."""


Scope = Literal["target", "own"]
"""target: the route names a record of Kari's (refused to all but ``rightful``); own: it
answers the caller about their own records (a 200 to others must hold nothing of Kari's)."""


@dataclass(frozen=True)
class Case:
    request: Callable[[World], Request]
    rightful: tuple[str, ...]
    """Who may make ``request``; the first makes it after all the others were refused."""
    status: int
    """The rightful caller's status (JSON)."""
    expect: str | None = None
    """A text of Kari's the rightful caller's answer holds (proves it is hers)."""
    scope: Scope = "target"
    sees: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """For "own" routes: what of Kari's (keys of :data:`SECRETS`) a caller may see there."""
    own_ids: Callable[[World, str], list[Request]] | None = None
    """More requests to refuse: the same route with the caller's own ids that give no right."""
    refusal: frozenset[int] = REFUSED
    """The statuses a refusal may have (to a signed-in caller)."""
    prepare: Callable[[World], None] | None = None
    """What the rightful caller's world needs beyond the shared one (made on it first)."""
    hidden: tuple[str, ...] = ()
    """What of Kari's (keys of :data:`SECRETS`) even the rightful caller's answer must not hold."""


SECRETS = {
    "name": KARI.name,
    "email": "kari.nordmann@example.org",
    "invitee": "Siri Sand",  # her open invitation
    **{f"desc-{k}": v for k, v in SECRET_DESCRIPTIONS.items()},
    **{f"comment-{k}": v for k, v in SECRET_COMMENTS.items()},
    **{f"goal-{k}": v for k, v in SECRET_GOAL_TEXTS.items()},
    **{f"conversation-{k}": v for k, v in SECRET_CONVERSATIONS.items()},
}
"""What of Kari's no answer to anyone else may hold, by key."""


def path(template: str) -> Callable[[World], Request]:
    return lambda w: Request("GET", template.format(**_ids(w)))


def post(template: str, body: Mapping[str, Any] | None = None) -> Callable[[World], Request]:
    return lambda w: Request("POST", template.format(**_ids(w)), _filled(body or {}, w))


def _ids(world: World) -> dict[str, str]:
    ids = {f"emp_{arena}": e for arena, e in world.employments.items()}
    ids |= {f"rel_{k.replace('-', '_')}": r for k, r in world.relations.items()}
    ids |= {f"inv_{k.replace('-', '_')}": i for k, i in world.invitations.items()}
    ids |= {f"act_{k}": a for k, a in world.activities.items()}
    ids |= {f"goal_{k}": code for k, code in world.goals.items()}
    ids |= {f"conv_{k}": c for k, c in world.conversations.items()}
    ids |= {f"conf_{k}": c for k, c in world.confirmations.items()}
    return ids


def _filled(body: Mapping[str, Any], world: World) -> dict[str, Any]:
    ids = _ids(world)
    return {k: v.format(**ids) if isinstance(v, str) else v for k, v in body.items()}


def relation_variants(
    qualifies: Callable[[Relation], bool],
    template: str,
    method: str = "GET",
    body: Mapping[str, Any] | None = None,
) -> Callable[[World, str], list[Request]]:
    """The route with each of the caller's own relations on Kari's portfolio that give no
    right to it (ended, waiting for the employer, or of another kind)."""

    def variants(world: World, persona: str) -> list[Request]:
        if persona == ANONYMOUS:
            return []
        store = world.api.deps.store
        return [
            Request(method, template.format(relation_id=r.id), body)
            for r in store.portfolios.relations(KARI.subject)
            if r.subject == subject_of(persona) and not qualifies(r)
        ]

    return variants


def reads(relation: Relation) -> bool:
    return relation.counts and relation.kind in ("leder", "godkjenner", "veileder")


def leads(relation: Relation) -> bool:
    return relation.counts and relation.kind == "leder"


def mona_too(
    template: str, method: str = "GET", body: Mapping[str, Any] | None = None
) -> Callable[[World, str], list[Request]]:
    """The route with the activity Kari sent Mona before ending her role."""

    def variants(world: World, persona: str) -> list[Request]:
        if persona != "mona":
            return []
        return [Request(method, template.format(activity_id=world.activities["mona"]), body)]

    return variants


ACTIVITY = {"kind": "kurs", "day": "2026-11-21", "description": "Nytt kurs.", "goals": ["KLS-001"]}
SOMEONE = {"name": "Siv Sande", "email": "siv.sande@example.org"}

CASES: dict[tuple[str, str], Case] = {
    # Min portefølje: the caller's own record.
    ("GET", "/portefolje"): Case(path("/portefolje"), ("kari",), 200, KARI.name, "own"),
    ("POST", "/portefolje"): Case(
        post(
            "/portefolje",
            {
                "arena": "sykehus",
                "organisation": "helse-bergen",
                "starts": "2026-03-01",
                "ends": "2027-02-28",
            },
        ),
        ("nora",),
        201,
        "Nora Vik",
        "own",
    ),
    ("GET", "/portefolje/ansettelser/ny"): Case(
        path("/portefolje/ansettelser/ny?arena=kommune"), ("kari",), 200, None, "own"
    ),
    ("POST", "/portefolje/ansettelser"): Case(
        post(
            "/portefolje/ansettelser",
            {
                "arena": "kommune",
                "organisation": "oslo-kommune",
                "starts": "2026-12-01",
                "ends": "2027-03-31",
            },
        ),
        ("kari",),
        201,
        KARI.name,
        "own",
    ),
    ("POST", "/portefolje/ny-plan"): Case(post("/portefolje/ny-plan"), ("kari",), 200, None, "own"),
    ("GET", "/portefolje/plan"): Case(path("/portefolje/plan"), ("kari",), 200, "KLS-001", "own"),
    # Inviting to it: Kari's employment named in the request.
    ("GET", "/portefolje/invitasjoner/ny"): Case(
        path("/portefolje/invitasjoner/ny?ansettelse={emp_sykehus}&rolle=leder"),
        ("kari",),
        200,
        None,
        "own",
    ),
    ("POST", "/portefolje/invitasjoner"): Case(
        post(
            "/portefolje/invitasjoner",
            {"employment_id": "{emp_sykehus}", "kind": "supervisør", **SOMEONE},
        ),
        ("kari",),
        201,
        "Siv Sande",
    ),
    ("POST", "/portefolje/invitasjoner/{invitation_id}/bekreft"): Case(
        post("/portefolje/invitasjoner/{inv_other_name}/bekreft"), ("kari",), 200
    ),
    ("POST", "/portefolje/invitasjoner/{invitation_id}/trekk"): Case(
        post("/portefolje/invitasjoner/{inv_open}/trekk"), ("kari", "ola"), 200
    ),
    ("POST", "/portefolje/roller/{relation_id}/avslutt"): Case(
        post("/portefolje/roller/{rel_anne_veileder}/avslutt"),
        ("kari", "ola", "anne"),
        200,
        KARI.name,
    ),
    # Veiledning: the people in a role.
    ("GET", "/veiledning"): Case(
        path("/veiledning"),
        ("per",),
        200,
        KARI.name,
        "own",
    ),
    ("GET", "/veiledning/{relation_id}"): Case(
        path("/veiledning/{rel_per_leder}"),
        ("per",),
        200,
        None,
        own_ids=relation_variants(reads, "/veiledning/{relation_id}"),
    ),
    ("GET", "/veiledning/{relation_id}/godkjenner"): Case(
        path("/veiledning/{rel_per_leder}/godkjenner"),
        ("per",),
        200,
        None,
        own_ids=relation_variants(leads, "/veiledning/{relation_id}/godkjenner"),
    ),
    ("POST", "/veiledning/{relation_id}/godkjenner"): Case(
        post("/veiledning/{rel_per_leder}/godkjenner", SOMEONE),
        ("per",),
        201,
        SOMEONE["name"],
        own_ids=relation_variants(leads, "/veiledning/{relation_id}/godkjenner", "POST", SOMEONE),
    ),
    ("GET", "/veiledning/{relation_id}/aktiviteter"): Case(
        path("/veiledning/{rel_per_leder}/aktiviteter"),
        ("per",),
        200,
        SECRET_DESCRIPTIONS["draft"],
        own_ids=relation_variants(reads, "/veiledning/{relation_id}/aktiviteter"),
    ),
    # The employer.
    ("GET", "/arbeidsgiver/roller"): Case(
        path("/arbeidsgiver/roller"),
        ("ola",),
        200,
        KARI.name,
        "own",
        sees={"siv": frozenset({"name"})},
    ),
    ("POST", "/arbeidsgiver/roller/{relation_id}/bekreft"): Case(
        post("/arbeidsgiver/roller/{rel_tor_leder}/bekreft"), ("siv",), 200, KARI.name
    ),
    # Læringsaktiviteter: the LIS's own.
    ("GET", "/portefolje/aktiviteter"): Case(
        path("/portefolje/aktiviteter"),
        ("kari",),
        200,
        SECRET_DESCRIPTIONS["jon"],
        "own",
    ),
    ("GET", "/portefolje/aktiviteter/ny"): Case(
        path("/portefolje/aktiviteter/ny"), ("kari",), 200, None, "own"
    ),
    ("POST", "/portefolje/aktiviteter"): Case(
        post("/portefolje/aktiviteter", {**ACTIVITY, "supervisor": "demo-jon"}),
        ("kari",),
        201,
        "Nytt kurs.",
        "own",
    ),
    ("GET", "/portefolje/aktiviteter/{activity_id}"): Case(
        path("/portefolje/aktiviteter/{act_draft}"),
        ("kari",),
        200,
        SECRET_DESCRIPTIONS["draft"],
    ),
    ("POST", "/portefolje/aktiviteter/{activity_id}"): Case(
        post("/portefolje/aktiviteter/{act_draft}", {**ACTIVITY, "version": 1}),
        ("kari",),
        200,
        "Nytt kurs.",
    ),
    ("POST", "/portefolje/aktiviteter/{activity_id}/trekk"): Case(
        post("/portefolje/aktiviteter/{act_jon}/trekk"),
        ("kari",),
        200,
        SECRET_DESCRIPTIONS["jon"],
    ),
    # Til signering: the supervisør's.
    ("GET", "/signering"): Case(
        path("/signering"),
        ("jon",),
        200,
        SECRET_DESCRIPTIONS["jon"],
        "own",
        sees={"hanne": frozenset({"desc-hanne"})},
    ),
    ("GET", "/signering/{activity_id}"): Case(
        path("/signering/{act_jon}"),
        ("jon",),
        200,
        SECRET_DESCRIPTIONS["jon"],
        own_ids=mona_too("/signering/{activity_id}"),
    ),
    ("POST", "/signering/{activity_id}/signer"): Case(
        post("/signering/{act_jon}/signer", {"comment": "Bra."}),
        ("jon",),
        200,
        SECRET_DESCRIPTIONS["jon"],
        own_ids=mona_too("/signering/{activity_id}/signer", "POST", {"comment": "Bra."}),
    ),
    ("POST", "/signering/{activity_id}/returner"): Case(
        post("/signering/{act_jon}/returner", {"comment": "Rett dette."}),
        ("jon",),
        200,
        SECRET_DESCRIPTIONS["jon"],
        own_ids=mona_too("/signering/{activity_id}/returner", "POST", {"comment": "Rett."}),
    ),
}


def portfolio_routes() -> list[tuple[str, str]]:
    return [(spec.method, spec.path) for spec in all_routes() if spec.path.startswith(PREFIXES)]


def all_cases() -> dict[tuple[str, str], Case]:
    """The cases here and those of portfolio part 2 (its module imports this one)."""
    from .test_portfolio_access_part2 import CASES as PART2
    from .test_portfolio_access_proofs import CASES as PROOFS

    assert not CASES.keys() & PART2.keys(), CASES.keys() & PART2.keys()
    assert not (CASES | PART2).keys() & PROOFS.keys()
    return CASES | PART2 | PROOFS


def test_every_portfolio_route_has_a_case() -> None:
    declared = portfolio_routes()
    assert len(declared) >= 49, declared
    cases = all_cases()
    missing = [route for route in declared if route not in cases]
    assert missing == [], f"ruter uten tilgangstest: {missing}"
    stale = [route for route in cases if route not in declared]
    assert stale == [], f"tilfeller for ruter som ikke er deklarert i all_routes(): {stale}"


# --- calling a route as JSON and as a browser ------------------------------------------------


def call(client: Client, request: Request, *, html: bool) -> GatewayResponse:
    target = "/api" + request.path
    headers = {"accept": "text/html"} if html else None
    if request.method == "GET":
        return client.get(target, headers=headers)
    if not html:
        return client.request(
            request.method, target, json_body=dict(request.body or {}), headers=headers
        )
    return client.request(request.method, target, form=_form(request.body or {}), headers=headers)


def _form(body: Mapping[str, Any]) -> dict[str, str]:
    """A form's fields: each goal its own checkbox."""
    fields: dict[str, str] = {}
    for key, value in body.items():
        if key == "goals":
            fields |= {f"goal-{code}": "on" for code in value}
        else:
            fields[key] = str(value)
    return fields


def answer_json(answer: GatewayResponse) -> dict[str, Any]:
    body = answer.json()
    assert isinstance(body, dict), answer.body
    return body


def leaked(body: str, allowed: frozenset[str]) -> list[str]:
    return [key for key, text in SECRETS.items() if key not in allowed and text in body]


KNOWN = {"kari": frozenset({"name", "email"})} | {
    p: frozenset({"name"}) for p in ("per", "anne", "jon", "hanne", "tor", "knut", "lars")
}
"""What a caller knows anyway: Kari her own name and address (by Logg ut on every page), the
people in a role on her portfolio her name (Veiledning lists it)."""


def _signs_in(answer: GatewayResponse, html: bool, request: Request) -> bool:
    """Anonymous: 401, or a page asked for is sent to sign in and back."""
    if not html or request.method != "GET":
        return answer.status == 401
    location = answer.header("Location") or ""
    return answer.status == 303 and location.startswith("/api/auth/login?return_to=")


def check_refused(world: World, persona: str, request: Request, case: Case) -> list[str]:
    """What is wrong with ``persona``'s answers to ``request`` (JSON and page); empty if none."""
    problems = []
    for html in (False, True):
        answer = call(world.client(persona), request, html=html)
        body = answer.body.decode(errors="replace")
        how = f"{persona} {request.method} {request.path} ({'side' if html else 'JSON'})"
        if answer.status >= 500:
            problems.append(f"{how}: {answer.status}")
            continue
        if persona == ANONYMOUS:
            if not _signs_in(answer, html, request):
                problems.append(f"{how}: {answer.status}, ikke til innlogging")
        elif case.scope == "target" and answer.status not in (request.refusal or case.refusal):
            problems.append(f"{how}: {answer.status}, ikke avvist")
        if not html and answer.status in REFUSED and "code" not in answer_json(answer):
            problems.append(f"{how}: {answer.status} uten feilkode")
        allowed = case.sees.get(persona, frozenset()) | KNOWN.get(persona, frozenset())
        found = leaked(body, allowed)
        if found:
            problems.append(f"{how}: svaret har {found}")
    return problems


@pytest.mark.parametrize("route", list(CASES), ids=[f"{m} {p}" for m, p in CASES])
def test_only_the_rightful_caller_gets_through(
    shared: World, fresh: World, route: tuple[str, str]
) -> None:
    check_case(shared, fresh, CASES[route])


def check_case(shared: World, fresh: World, case: Case) -> None:
    """Everyone but the rightful callers refused on ``shared``, which stays as it was; the
    first rightful caller then gets through on ``fresh``."""
    request = case.request(shared)
    before = kari_state(shared)
    problems: list[str] = []
    for persona in EVERYONE:
        if persona not in case.rightful:
            problems += check_refused(shared, persona, request, case)
    for persona in EVERYONE:
        for own in case.own_ids(shared, persona) if case.own_ids else []:
            problems += check_refused(shared, persona, own, case)
    assert problems == [], "\n".join(problems)
    assert kari_state(shared) == before, "et avvist kall endret noe av Karis"

    if case.prepare is not None:
        case.prepare(fresh)
    request, rightful = case.request(fresh), fresh.client(case.rightful[0])
    answer = call(rightful, request, html=False)
    assert answer.status == case.status, answer.body
    if case.expect is not None:
        assert case.expect in answer.body.decode(), answer.body
    answers = [answer]
    if request.method == "GET":
        answers.append(call(rightful, request, html=True))
        assert answers[-1].status == 200, answers[-1].body
    for each in answers:
        assert [k for k in case.hidden if SECRETS[k] in each.body.decode()] == [], each.body


# --- nothing of an activity or a comment in the logs -----------------------------------------


def test_no_description_or_comment_reaches_the_logs(
    api: Api, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """A whole flow through the routes, with JSON and forms, and refused and mistaken requests
    on the way: every log line of every logger, and all the process wrote, is free of what
    the LIS wrote and what the supervisør answered."""
    caplog.set_level(logging.DEBUG)
    description = "Anla dren hos pasient, loggtest-beskrivelse-7Q."
    comment = "Beskriv komplikasjonene, loggtest-kommentar-7Q."
    kari = api.sign_in("demo-kari")
    made = kari.post(
        "/api/portefolje",
        json_body={
            "arena": "sykehus",
            "organisation": "helse-bergen",
            "starts": "2026-03-01",
            "ends": "2027-02-28",
        },
    )
    assert made.status == 201, made.body
    job = answer_json(made)["employments"][0]["id"]
    sent = kari.post(
        "/api/portefolje/invitasjoner",
        json_body={
            "employment_id": job,
            "kind": "supervisør",
            "name": "Jon Ek",
            "email": "jon@example.org",
        },
    )
    assert sent.status == 201, sent.body
    jon = api.sign_in("demo-jon")
    token = answer_json(sent)["link"].rsplit("/", 1)[1]
    assert jon.post(f"/api/invitasjoner/{token}/accept", json_body={}).status == 200
    form = {
        "kind": "prosedyre",
        "day": "2026-11-20",
        "description": description,
        "goal-KLS-001": "on",
        "supervisor": "demo-jon",
        "handling": "send",
    }
    html = {"accept": "text/html"}
    registered = kari.post("/api/portefolje/aktiviteter", form=form, headers=html)
    assert registered.status == 303, registered.body
    activity_id = (registered.header("Location") or "").split("?")[0].rsplit("/", 1)[1]
    too_long = jon.post(
        f"/api/signering/{activity_id}/returner", form={"comment": comment * 40}, headers=html
    )
    assert too_long.status == 400, too_long.body
    nosy = api.sign_in("demo-hanne")
    refused = nosy.post(f"/api/signering/{activity_id}/returner", json_body={"comment": comment})
    assert refused.status == 404, refused.body
    returned = jon.post(f"/api/signering/{activity_id}/returner", json_body={"comment": comment})
    assert returned.status == 200, returned.body
    page = kari.get(f"/api/portefolje/aktiviteter/{activity_id}", headers=html)
    assert comment in page.body.decode() and description in page.body.decode()
    version = answer_json(kari.get(f"/api/portefolje/aktiviteter/{activity_id}"))["version"]
    again = {**form, "description": description + " Igjen.", "version": str(version)}
    resent = kari.post(f"/api/portefolje/aktiviteter/{activity_id}", form=again, headers=html)
    assert resent.status == 303, resent.body
    signed = jon.post(
        f"/api/signering/{activity_id}/signer", form={"comment": comment}, headers=html
    )
    assert signed.status == 303, signed.body
    assert jon.get("/api/signering", headers=html).status == 200
    assert kari.get("/api/portefolje/aktiviteter", headers=html).status == 200

    written = caplog.text + "".join(
        str(r.args) + str(getattr(r, "__dict__", "")) for r in caplog.records
    )
    out, err = capfd.readouterr()
    assert caplog.records, "ingen logglinjer: testen ser ikke loggen"
    for secret in ("loggtest-beskrivelse-7Q", "loggtest-kommentar-7Q"):
        assert secret not in written
        assert secret not in out + err
