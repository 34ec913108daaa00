"""The eligibility check that explains itself: what an applicant's declared profile means for
each rule that carries a ``check:`` in ``data/rules/``, rule by rule with the rule's id.

It informs and never blocks: nothing here is asked before an application is accepted, and
someone whose answers contradict a rule may still apply (the HF decides; someone who has applied
for authorisation may apply). The words are the data's (each value's sentence, "Du har oppgitt
at …"): they say what the person declared, never that a register was checked.

A rule reading several fields takes the least favourable of their outcomes, in the order of
:data:`SEVERITY`, and keeps one sentence per field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog.models import Rule
from ..catalog.rule_checks import Answer, Outcome, answer_for
from ..catalog.translations import localized
from .profiles import Profile

SEVERITY: tuple[Outcome, ...] = ("ikke_oppfylt", "ukjent", "avhenger_av_dokumentasjon", "oppfylt")
"""Least favourable first: a rule is as far from met as its furthest condition."""


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    title: str
    """The rule's title in the current language."""
    outcome: Outcome
    explanation: tuple[str, ...]
    """One sentence (or two) per profile field the rule reads, in the current language."""


def explain(profile: Profile | None, rules: Iterable[Rule]) -> list[RuleResult]:
    """Each rule with a check, in the data's order, with what ``profile`` (None: none filled
    in) means for it. Pure: the same profile and rules give the same answer."""
    results = []
    for rule in rules:
        if not rule.check:
            continue
        outcomes: list[Outcome] = []
        sentences: list[str] = []
        for condition in rule.check:
            declared = profile.declared(condition.field) if profile is not None else None
            answer = answer_for(condition, declared)
            outcomes.append(answer.outcome if isinstance(answer, Answer) else "ukjent")
            sentences.append(str(localized(answer, "text")))
        results.append(
            RuleResult(
                rule_id=rule.id,
                title=str(localized(rule, "title")),
                outcome=least_favourable(outcomes),
                explanation=tuple(sentences),
            )
        )
    return results


def least_favourable(outcomes: Iterable[Outcome]) -> Outcome:
    """The outcome furthest from met; ``ukjent`` for none."""
    found = set(outcomes)
    return next((o for o in SEVERITY if o in found), "ukjent")


def tally(results: Iterable[RuleResult]) -> dict[Outcome, int]:
    """How many rules ended in each outcome, every outcome named (0 for none)."""
    counted = Counter(r.outcome for r in results)
    return {outcome: counted[outcome] for outcome in SEVERITY}
