"""The eligibility check as a pure function: every rule with a check, every value a person can
declare, every outcome; the words say what was declared and never that a register was checked;
the check only informs (nothing in the application use case reads it)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from lis1.catalog import Catalog, load_catalog
from lis1.catalog.models import Rule, RuleList
from lis1.catalog.rule_checks import NOT_ANSWERED, PROFILE_VALUES, Answer, answer_for
from lis1.domain.eligibility import SEVERITY, explain, least_favourable, tally
from lis1.domain.profiles import Profile
from lis1.i18n import locale

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return loaded.catalog


@pytest.fixture(scope="module")
def rules(catalog: Catalog) -> list[Rule]:
    return [rule for rules in catalog.rules for rule in rules.rules]


def profile(authorisation: Any = None, norwegian: Any = None, earlier: Any = None) -> Profile:
    return Profile("demo-x", authorisation, None, norwegian, earlier, NOW)


def outcomes(rules: list[Rule], who: Profile | None) -> dict[str, str]:
    return {r.rule_id: r.outcome for r in explain(who, rules)}


def test_the_rules_deciding_who_may_apply_carry_checks(rules: list[Rule]) -> None:
    checked = {r.id: [c.field for c in r.check or []] for r in rules if r.check}
    assert checked == {
        "hvem-kan-soke": ["autorisasjon", "tidligere_tjeneste"],
        "dokumentasjon-ved-oppstart": ["autorisasjon"],
        "norskkunnskaper": ["norsk"],
    }


# The expected outcomes are written here, not read from the data, so a changed outcome in
# data/rules/ fails until this table agrees.
CASES = [
    # hvem-kan-soke: authorisation or licence, or applied for one; no approved turnus, not all
    # part 1 goals. The least favourable condition decides.
    ("hvem-kan-soke", profile("autorisasjon", earlier="ingen"), "oppfylt"),
    ("hvem-kan-soke", profile("lisens", earlier="noen_mal"), "oppfylt"),
    ("hvem-kan-soke", profile("sokt", earlier="ingen"), "oppfylt"),
    ("hvem-kan-soke", profile("ingen", earlier="ingen"), "avhenger_av_dokumentasjon"),
    ("hvem-kan-soke", profile("autorisasjon", earlier="turnus"), "ikke_oppfylt"),
    ("hvem-kan-soke", profile("sokt", earlier="alle_mal"), "ikke_oppfylt"),
    ("hvem-kan-soke", profile("autorisasjon"), "ukjent"),
    ("hvem-kan-soke", profile(earlier="turnus"), "ikke_oppfylt"),
    ("hvem-kan-soke", None, "ukjent"),
    # dokumentasjon-ved-oppstart: authorisation or licence before the start.
    ("dokumentasjon-ved-oppstart", profile("autorisasjon"), "oppfylt"),
    ("dokumentasjon-ved-oppstart", profile("lisens"), "oppfylt"),
    ("dokumentasjon-ved-oppstart", profile("sokt"), "avhenger_av_dokumentasjon"),
    ("dokumentasjon-ved-oppstart", profile("ingen"), "avhenger_av_dokumentasjon"),
    ("dokumentasjon-ved-oppstart", profile(norwegian="sprakprove"), "ukjent"),
    # norskkunnskaper: documented before the start.
    ("norskkunnskaper", profile(norwegian="sprakprove"), "oppfylt"),
    ("norskkunnskaper", profile(norwegian="annen_dokumentasjon"), "oppfylt"),
    ("norskkunnskaper", profile(norwegian="ikke_dokumentert"), "avhenger_av_dokumentasjon"),
    ("norskkunnskaper", profile("autorisasjon"), "ukjent"),
]


@pytest.mark.parametrize(("rule_id", "who", "expected"), CASES)
def test_each_rule_and_outcome(
    rules: list[Rule], rule_id: str, who: Profile | None, expected: str
) -> None:
    assert outcomes(rules, who)[rule_id] == expected


def test_every_outcome_is_reachable() -> None:
    assert {expected for _, _, expected in CASES} == set(SEVERITY)


def every_answer(rules: list[Rule]) -> list[tuple[str, str, str | None]]:
    return [
        (rule.id, condition.field, value)
        for rule in rules
        for condition in rule.check or []
        for value in (*PROFILE_VALUES[condition.field], None)
    ]


def test_the_words_say_what_was_declared_never_a_register(rules: list[Rule]) -> None:
    checked = [r for r in rules if r.check]
    for rule_id, field, value in every_answer(checked):
        rule = next(r for r in checked if r.id == rule_id)
        condition = next(c for c in rule.check or [] if c.field == field)
        answer = answer_for(condition, value)
        norsk, english = answer.text, answer.en.text
        if value is None:
            assert norsk.startswith("Du har ikke oppgitt"), (rule_id, field)
            assert english.startswith("You have not told us"), (rule_id, field)
        else:
            assert norsk.startswith("Du har oppgitt at"), (rule_id, field, value)
            assert english.startswith("You have stated that"), (rule_id, field, value)
            assert isinstance(answer, Answer)
        for text in (norsk, english):
            assert "registe" not in text.lower() and "registry" not in text.lower(), text
        assert norsk != english


def test_the_explanation_keeps_one_sentence_per_field_in_the_current_language(
    rules: list[Rule],
) -> None:
    who = profile("sokt", "ikke_dokumentert", "ingen")
    result = next(r for r in explain(who, rules) if r.rule_id == "hvem-kan-soke")
    assert result.title == "Hvem kan søke"
    assert len(result.explanation) == 2
    assert "søkt om autorisasjon" in result.explanation[0]
    with locale("en"):
        english = {r.rule_id: r for r in explain(who, rules)}
    assert english["norskkunnskaper"].title.startswith("Norwegian language skills")
    assert english["hvem-kan-soke"].explanation[0].startswith("You have stated that")


def test_rules_without_a_check_are_left_out_and_the_order_is_the_datas(rules: list[Rule]) -> None:
    ids = [r.rule_id for r in explain(None, rules)]
    assert ids == [r.id for r in rules if r.check]


def test_the_profile_holds_exactly_what_the_rules_read(rules: list[Rule]) -> None:
    read = {c.field for r in rules for c in r.check or []}
    assert read == set(PROFILE_VALUES)
    who = profile()
    for field in PROFILE_VALUES:
        assert who.declared(field) is None


def test_least_favourable_and_tally() -> None:
    assert least_favourable(["oppfylt", "avhenger_av_dokumentasjon"]) == "avhenger_av_dokumentasjon"
    assert least_favourable(["oppfylt", "ukjent", "avhenger_av_dokumentasjon"]) == "ukjent"
    assert least_favourable(["ukjent", "ikke_oppfylt"]) == "ikke_oppfylt"
    assert least_favourable([]) == "ukjent"
    assert least_favourable(["oppfylt"]) == "oppfylt"


def test_tally_names_every_outcome(rules: list[Rule]) -> None:
    counted = tally(explain(profile("sokt", "sprakprove", "ingen"), rules))
    assert counted == {
        "ikke_oppfylt": 0,
        "ukjent": 0,
        "avhenger_av_dokumentasjon": 1,
        "oppfylt": 2,
    }


def test_the_check_never_blocks_nothing_in_applying_reads_it() -> None:
    """Applying is the use case in lis1/services/applications.py: it must not import the check
    or the profile (the API test applies with a contradicting profile, too)."""
    source = (ROOT / "lis1" / "services" / "applications.py").read_text()
    imported = {
        node.module or ""
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
    }
    assert not any("eligibility" in m or "profiles" in m for m in imported)


# --- the data's vocabulary -------------------------------------------------------------------


def rule_list(check: Any) -> dict[str, Any]:
    answer = {"outcome": "oppfylt", "text": "Du har oppgitt at x.", "en": {"text": "y"}}
    answers = {v: answer for v in PROFILE_VALUES["norsk"]}
    answers[NOT_ANSWERED] = {"text": "Du har ikke oppgitt x.", "en": {"text": "y"}}
    base = {
        "id": "r",
        "title": "T",
        "text": "T",
        "source": {"title": "S", "url": None},
        "check": [{"field": "norsk", "answers": answers}],
    }
    return {"audience": "A", "rules": [{**base, **check}]}


def test_a_well_formed_check_validates() -> None:
    RuleList.model_validate(rule_list({}))


@pytest.mark.parametrize(
    "change",
    [
        "missing value",
        "unknown value",
        "unknown field",
        "outcome for unanswered",
        "unknown outcome",
        "missing english",
        "check key deleted",
    ],
)
def test_a_check_outside_the_vocabulary_is_refused(change: str) -> None:
    data = rule_list({})
    rule = data["rules"][0]
    answers = rule["check"][0]["answers"]
    if change == "missing value":
        del answers["ikke_dokumentert"]
    elif change == "unknown value":
        answers["flytende"] = answers["sprakprove"]
    elif change == "unknown field":
        rule["check"][0]["field"] = "alder"
    elif change == "outcome for unanswered":
        answers[NOT_ANSWERED] = {**answers[NOT_ANSWERED], "outcome": "ukjent"}
    elif change == "unknown outcome":
        answers["sprakprove"] = {**answers["sprakprove"], "outcome": "kanskje"}
    elif change == "missing english":
        answers["sprakprove"] = {k: v for k, v in answers["sprakprove"].items() if k != "en"}
    else:
        del rule["check"]
    with pytest.raises(ValidationError):
        RuleList.model_validate(data)
