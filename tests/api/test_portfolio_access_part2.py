"""Every route of portfolio part 2 refused to everyone but its rightful caller (issue 15,
item 4): the learning goals (the LIS's, and the people's in a role from Veiledning), the
supervision conversations (the LIS's and the veileder's) and the kommune's confirmation of the
start.

The cases are made and checked by the machinery of tests/api/test_portfolio_access.py, on the
same world (tests/api/portfolio_world.py), whose check that every route under /portefolje,
/veiledning, /arbeidsgiver and /signering has a case counts these too. Beyond the part-1 cast
the rules here tell apart: the approvers the leder delegated to (Knut, confirmed; Lars and
Hanne, not), a supervisør who signed an activity serving a goal (Jon) and one who did not
(Hanne), the leder of the kommune part the kommune has not confirmed (Tor), and the
administrators of the LIS's kommune (Siv), of another kommune (Kine) and of HFs (Ola, Ingrid).
A change to a goal is refused with 403 to a person in a role that counts (Hanne, Jon, Per, …)
and with 404 to one in none (Lars, Tor, Mona): to them the portfolio does not exist. The leder,
the approvers and the supervisører find no conversation (404), whatever relation of theirs they
try, and the veileder not one her predecessor planned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from lis1.domain.portfolio.relations import Relation

from . import test_portfolio_access as part1
from .portfolio_world import (
    ANONYMOUS,
    KARI,
    SECRET_CONVERSATIONS,
    SECRET_GOAL_TEXTS,
    World,
    approve_hospital_part,
    subject_of,
)
from .test_portfolio_access import (
    SECRETS,
    Case,
    Request,
    answer_json,
    check_case,
    path,
    post,
    reads,
    relation_variants,
)

more_people, shared, fresh = part1.more_people, part1.shared, part1.fresh
"""Part 1's fixtures, for this module too (its own ``shared`` world)."""

NOT_FOUND = frozenset({404})
NOT_THE_NAME = tuple(key for key in SECRETS if key != "name")
"""What the kommune's administrator does not see of the LIS expected there."""
GOALS = ("sent", "approved", "open")


# --- who counts as what on a goal --------------------------------------------------------------


def signed(world: World, subject: str, code: str) -> bool:
    """Whether ``subject`` signed an activity of Kari's serving goal ``code``."""
    return any(
        a.status == "signert" and a.supervisor == subject and code in a.goals
        for a in world.api.deps.store.activities.of_owner(KARI.subject)
    )


def reads_goal(world: World, relation: Relation, code: str) -> bool:
    """A reader of the portfolio, or a supervisør who signed an activity serving the goal."""
    supervises = relation.counts and relation.kind == "supervisør"
    return reads(relation) or (supervises and signed(world, relation.subject, code))


def recommends(world: World, relation: Relation, code: str) -> bool:
    supervises = relation.kind == "supervisør" and signed(world, relation.subject, code)
    return relation.counts and (relation.kind == "veileder" or supervises)


def decides(world: World, relation: Relation, code: str) -> bool:
    """A confirmed leder or approver of the hospital part, where Kari's record is."""
    hospital = relation.role.employment_id == world.employments["sykehus"]
    return relation.counts and relation.kind in ("leder", "godkjenner") and hospital


def goal_variants(
    qualifies: Callable[[World, Relation, str], bool],
    template: str,
    method: str = "GET",
    body: Mapping[str, Any] | None = None,
    goals: tuple[str, ...] = GOALS,
) -> Callable[[World, str], list[Request]]:
    """The route with each of the caller's own relations on Kari's portfolio and each of her
    goals (of ``goals``) that the relation gives no right to. A change is refused with 403 to a
    person in a role that counts (Forbidden: they are told they may not); to anyone else the
    portfolio does not exist (404), as a page is to everyone it does not show."""

    def variants(world: World, persona: str) -> list[Request]:
        if persona == ANONYMOUS:
            return []
        relations = world.api.deps.store.portfolios.relations(KARI.subject)
        mine = [r for r in relations if r.subject == subject_of(persona)]
        counts = method == "POST" and any(r.counts for r in mine)
        refusal = frozenset({403}) if counts else NOT_FOUND
        return [
            Request(method, template.format(relation_id=r.id, code=code), body, refusal)
            for r in mine
            for code in (world.goals[goal] for goal in goals)
            if not qualifies(world, r, code)
        ]

    return variants


# --- who reaches a conversation -----------------------------------------------------------------


def counts_as_veileder(relation: Relation) -> bool:
    return relation.counts and relation.kind == "veileder"


def version(world: World, key: str) -> int:
    found = world.api.deps.store.conversations.get(KARI.subject, world.conversations[key])
    assert found is not None
    return found.version


def conversation_post(template: str, **body: Any) -> Callable[[World], Request]:
    """A write to Anne's conversation, onto the version stored now."""

    def request(world: World) -> Request:
        filled = template.format(
            rel=world.relations["anne-veileder"], conv=world.conversations["anne"]
        )
        return Request("POST", filled, {"version": version(world, "anne"), **body})

    return request


def conversation_variants(
    template: str, method: str = "GET", **body: Any
) -> Callable[[World, str], list[Request]]:
    """The route with each of the caller's own relations on Kari's portfolio and each of her
    conversations, but for a veileder who counts now and the conversation they planned: a
    leder, an approver and a supervisør reach none, Mona none of those she planned before her
    role ended, Anne not Mona's."""

    def variants(world: World, persona: str) -> list[Request]:
        if persona == ANONYMOUS:
            return []
        store = world.api.deps.store
        return [
            Request(
                method,
                template.format(relation_id=r.id, conversation_id=conversation_id),
                {"version": version(world, key), **body} if method == "POST" else None,
            )
            for r in store.portfolios.relations(KARI.subject)
            if r.subject == subject_of(persona)
            for key, conversation_id in world.conversations.items()
            if not (counts_as_veileder(r) and key == persona)
        ]

    return variants


GOAL = "/veiledning/{relation_id}/mal/{code}"
TALK = "/veiledning/{relation_id}/samtaler/{conversation_id}"
RECOMMEND = {"text": "Anbefales igjen."}
RETURN = {"comment": "Rett dette."}
REOPEN = {"comment": "Godkjent ved en feil."}

CASES: dict[tuple[str, str], Case] = {
    # Læringsmål: the LIS's own.
    ("GET", "/portefolje/mal"): Case(path("/portefolje/mal"), ("kari",), 200, KARI.name, "own"),
    ("GET", "/portefolje/mal/{code}"): Case(
        path("/portefolje/mal/{goal_sent}"),
        ("kari",),
        200,
        SECRET_GOAL_TEXTS["sent-anne"],
        "own",
    ),
    ("POST", "/portefolje/mal/{code}/send"): Case(
        post("/portefolje/mal/{goal_open}/send"), ("kari",), 200, '"status": "sendt"', "own"
    ),
    ("POST", "/portefolje/mal/{code}/trekk"): Case(
        post("/portefolje/mal/{goal_sent}/trekk"), ("kari",), 200, '"status": "åpen"', "own"
    ),
    # The people in a role, from Veiledning.
    ("GET", "/veiledning/{relation_id}/mal"): Case(
        path("/veiledning/{rel_per_leder}/mal"),
        ("per",),
        200,
        KARI.name,
        own_ids=relation_variants(reads, "/veiledning/{relation_id}/mal"),
        refusal=NOT_FOUND,
    ),
    ("GET", "/veiledning/{relation_id}/mal/{code}"): Case(
        path("/veiledning/{rel_per_leder}/mal/{goal_approved}"),
        ("per",),
        200,
        SECRET_GOAL_TEXTS["approved-per"],
        own_ids=goal_variants(reads_goal, GOAL),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/mal/{code}/anbefal"): Case(
        post("/veiledning/{rel_anne_veileder}/mal/{goal_sent}/anbefal", RECOMMEND),
        ("anne",),
        200,
        RECOMMEND["text"],
        own_ids=goal_variants(recommends, GOAL + "/anbefal", "POST", RECOMMEND),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/mal/{code}/godkjenn"): Case(
        post("/veiledning/{rel_knut_godkjenner}/mal/{goal_sent}/godkjenn", {"comment": ""}),
        ("knut",),
        200,
        '"status": "godkjent"',
        own_ids=goal_variants(decides, GOAL + "/godkjenn", "POST", {"comment": ""}, ("sent",)),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/mal/{code}/returner"): Case(
        post("/veiledning/{rel_per_leder}/mal/{goal_sent}/returner", RETURN),
        ("per",),
        200,
        RETURN["comment"],
        own_ids=goal_variants(decides, GOAL + "/returner", "POST", RETURN, ("sent",)),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/mal/{code}/angre"): Case(
        post("/veiledning/{rel_per_leder}/mal/{goal_approved}/angre", REOPEN),
        ("per",),
        200,
        REOPEN["comment"],
        own_ids=goal_variants(decides, GOAL + "/angre", "POST", REOPEN, ("approved",)),
        refusal=NOT_FOUND,
    ),
    # Oppstart i kommunen: the administrators of the employment's kommune.
    ("GET", "/arbeidsgiver/oppstart"): Case(
        path("/arbeidsgiver/oppstart"),
        ("siv",),
        200,
        KARI.name,
        "own",
        sees={"siv": frozenset({"name"})},
        hidden=NOT_THE_NAME,
    ),
    ("POST", "/arbeidsgiver/oppstart/{employment_id}/bekreft"): Case(
        post("/arbeidsgiver/oppstart/{emp_kommune}/bekreft"),
        ("siv",),
        200,
        '"part": "kommune"',
        own_ids=lambda w, persona: (
            [Request("POST", f"/arbeidsgiver/oppstart/{w.employments['sykehus']}/bekreft", {})]
            if persona == "siv"
            else []
        ),
        sees={"siv": frozenset({"name"})},  # her page again, with the LIS she expects
        hidden=NOT_THE_NAME,
        prepare=approve_hospital_part,
    ),
    # Veiledningssamtaler: the LIS's own.
    ("GET", "/portefolje/samtaler"): Case(
        path("/portefolje/samtaler"),
        ("kari",),
        200,
        SECRET_CONVERSATIONS["anne-topic"],
        "own",
    ),
    ("GET", "/portefolje/samtaler/{conversation_id}"): Case(
        path("/portefolje/samtaler/{conv_anne}"),
        ("kari",),
        200,
        SECRET_CONVERSATIONS["anne-preparation"],
        refusal=NOT_FOUND,
    ),
    ("POST", "/portefolje/samtaler/{conversation_id}/forberedelse"): Case(
        conversation_post("/portefolje/samtaler/{conv}/forberedelse", preparation="Forberedt."),
        ("kari",),
        200,
        "Forberedt.",
        refusal=NOT_FOUND,
    ),
    ("POST", "/portefolje/samtaler/{conversation_id}/referat"): Case(
        conversation_post("/portefolje/samtaler/{conv}/referat", minutes="Karis referat."),
        ("kari",),
        200,
        "Karis referat.",
        refusal=NOT_FOUND,
    ),
    # The veileder's, from Veiledning.
    ("GET", "/veiledning/{relation_id}/samtaler"): Case(
        path("/veiledning/{rel_anne_veileder}/samtaler"),
        ("anne",),
        200,
        SECRET_CONVERSATIONS["anne-topic"],
        hidden=("conversation-mona-topic",),
        own_ids=relation_variants(counts_as_veileder, "/veiledning/{relation_id}/samtaler"),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/samtaler"): Case(
        post("/veiledning/{rel_anne_veileder}/samtaler", {"day": "2026-12-10", "topic": "Nytt."}),
        ("anne",),
        201,
        "Nytt.",
        hidden=("conversation-mona-topic",),
        own_ids=relation_variants(
            counts_as_veileder,
            "/veiledning/{relation_id}/samtaler",
            "POST",
            {"day": "2026-12-10", "topic": "Nytt."},
        ),
        refusal=NOT_FOUND,
    ),
    ("GET", "/veiledning/{relation_id}/samtaler/{conversation_id}"): Case(
        path("/veiledning/{rel_anne_veileder}/samtaler/{conv_anne}"),
        ("anne",),
        200,
        SECRET_CONVERSATIONS["anne-minutes"],
        hidden=("conversation-mona-topic",),
        own_ids=conversation_variants(TALK),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/samtaler/{conversation_id}/referat"): Case(
        conversation_post("/veiledning/{rel}/samtaler/{conv}/referat", minutes="Annes nye."),
        ("anne",),
        200,
        "Annes nye.",
        own_ids=conversation_variants(TALK + "/referat", "POST", minutes="Annes nye."),
        refusal=NOT_FOUND,
    ),
    ("POST", "/veiledning/{relation_id}/samtaler/{conversation_id}/ferdigstill"): Case(
        conversation_post("/veiledning/{rel}/samtaler/{conv}/ferdigstill"),
        ("anne",),
        200,
        '"status": "ferdig"',
        own_ids=conversation_variants(TALK + "/ferdigstill", "POST"),
        refusal=NOT_FOUND,
    ),
}


@pytest.mark.parametrize("route", list(CASES), ids=[f"{m} {p}" for m, p in CASES])
def test_only_the_rightful_caller_gets_through(
    shared: World, fresh: World, route: tuple[str, str]
) -> None:
    check_case(shared, fresh, CASES[route])


# --- what the cases cannot say: a partial view, and the decider after the move ----------------


def test_a_supervisor_reads_a_goal_they_signed_for_with_only_their_own_words(
    shared: World,
) -> None:
    """Jon signed an activity serving the sent and the approved goal: he opens both, sees the
    status and his own recommendation, never Anne's words or Per's comment (Hanne, who signed
    nothing, and Jon on the goal not served are refused by the cases above)."""
    jon = shared.client("jon")
    relation = shared.relations["jon-supervisør"]
    for goal in ("sent", "approved"):
        target = f"/api/veiledning/{relation}/mal/{shared.goals[goal]}"
        answer = jon.get(target)
        assert answer.status == 200, answer.body
        assert answer_json(answer)["view"] == "supervisør"
        page = jon.get(target, headers={"accept": "text/html"})
        assert page.status == 200, page.body
        for body in (answer.body.decode(), page.body.decode()):
            assert SECRET_GOAL_TEXTS[f"{goal}-jon"] in body
            others = [k for k, text in SECRET_GOAL_TEXTS.items() if not k.endswith("-jon")]
            assert [k for k in others if SECRET_GOAL_TEXTS[k] in body] == []


def test_the_kommune_leder_decides_only_after_the_move_and_the_hospital_never_again(
    fresh: World,
) -> None:
    """Tor, once Bergen kommune confirms him, reads Kari's goals but decides nothing while her
    record is in the hospital part; after Siv confirms her start there, Per and Knut change no
    goal, hospital or kommune, and Tor decides the kommune's."""
    store = fresh.api.deps.store
    siv, per, knut, tor = (fresh.client(p) for p in ("siv", "per", "knut", "tor"))
    rel = fresh.relations
    confirmed = siv.post(f"/api/arbeidsgiver/roller/{rel['tor-leder']}/bekreft", json_body={})
    assert confirmed.status == 200, confirmed.body
    tor_goals = f"/api/veiledning/{rel['tor-leder']}/mal"
    assert tor.get(tor_goals).status == 200
    early = tor.post(f"{tor_goals}/{fresh.goals['sent']}/godkjenn", json_body={})
    assert (early.status, answer_json(early)["code"]) == (403, "ikke_godkjenner"), early.body

    approve_hospital_part(fresh)
    moved = siv.post(f"/api/arbeidsgiver/oppstart/{fresh.employments['kommune']}/bekreft")
    assert moved.status == 200, moved.body
    kommune_goal = "KLK-001"  # served by the activity Jon signed
    kari = fresh.client("kari")
    assert kari.post(f"/api/portefolje/mal/{kommune_goal}/send", json_body={}).status == 200
    for persona in ("anne", "jon"):
        relation = rel[f"{persona}-{'veileder' if persona == 'anne' else 'supervisør'}"]
        recommended = fresh.client(persona).post(
            f"/api/veiledning/{relation}/mal/{kommune_goal}/anbefal",
            json_body={"text": "Anbefales."},
        )
        assert recommended.status == 200, recommended.body
    before = sorted(store.goals.of_owner(KARI.subject), key=lambda g: g.code)
    hospital_leders = ((per, rel["per-leder"]), (knut, rel["knut-godkjenner"]))
    for client, relation in hospital_leders:
        base = f"/api/veiledning/{relation}/mal"
        for action, code, refusal in (
            ("angre", fresh.goals["approved"], (409, "feil_del_av_lis1")),
            ("godkjenn", kommune_goal, (403, "ikke_godkjenner")),
        ):
            answer = client.post(f"{base}/{code}/{action}", json_body={"comment": "Nei."})
            assert (answer.status, answer_json(answer)["code"]) == refusal, answer.body
    assert sorted(store.goals.of_owner(KARI.subject), key=lambda g: g.code) == before
    approved = tor.post(f"{tor_goals}/{kommune_goal}/godkjenn", json_body={})
    assert approved.status == 200, approved.body
