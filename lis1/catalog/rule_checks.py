"""The machine-readable condition a rule may carry (``check:`` in ``data/rules/``), and the
closed vocabulary it is written in.

A check names profile fields the rule reads and, for every value a person can declare in each,
what that value means for the rule (an outcome) and the sentence the person and the HF read.
The vocabulary is closed on purpose: the profile offers exactly these fields and values
(:mod:`lis1.domain.profiles`), so a rule cannot ask for something the profile does not hold, and
the profile holds nothing a rule does not read. Each field's answers are a model of their own, so
the JSON schema names every value an editor must write, and a missing one is an error with its
line, never a silent "unknown".

Kept apart from models.py (which imports it) so the two do not import each other; hence a base
of its own with the settings of ``models.Strict``.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

AuthorisationStatus = Literal["autorisasjon", "lisens", "sokt", "ingen"]
"""Has authorisation as a doctor, has a LIS1 licence, has applied for one, or none of these."""
NorwegianProof = Literal["sprakprove", "annen_dokumentasjon", "ikke_dokumentert"]
"""How Norwegian is documented: a passed B2 test, other documentation at that level, not yet."""
EarlierTraining = Literal["ingen", "turnus", "noen_mal", "alle_mal"]
"""None, an approved Norwegian turnus, some of the part 1 learning goals, all of them."""
ProfileField = Literal["autorisasjon", "norsk", "tidligere_tjeneste"]

PROFILE_VALUES: dict[str, tuple[str, ...]] = {
    "autorisasjon": get_args(AuthorisationStatus),
    "norsk": get_args(NorwegianProof),
    "tidligere_tjeneste": get_args(EarlierTraining),
}
"""Every profile field a rule can read, with every value a person can declare there."""

NOT_ANSWERED = "ubesvart"
"""The answer a check gives when the person has not filled in the field."""

Outcome = Literal["oppfylt", "ikke_oppfylt", "avhenger_av_dokumentasjon", "ukjent"]
"""What a declaration means for a rule: it satisfies the rule, contradicts it, satisfies it once
something is documented (before the start), or nothing is declared."""
DeclaredOutcome = Literal["oppfylt", "ikke_oppfylt", "avhenger_av_dokumentasjon"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


_Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class AnswerEn(_Strict):
    text: _Text


class Answer(_Strict):
    """What one declared value means for the rule."""

    outcome: DeclaredOutcome = Field(
        description="oppfylt, ikke_oppfylt eller avhenger_av_dokumentasjon (må dokumenteres "
        "før oppstart)."
    )
    text: _Text = Field(
        description="Hva svaret betyr for regelen, skrevet som det søkeren har oppgitt («Du har "
        "oppgitt at …»); aldri at et register er sjekket."
    )
    en: AnswerEn = Field(description="Den samme teksten på engelsk.")


class Unanswered(_Strict):
    """The sentence shown when the field is not filled in (the outcome is always ``ukjent``)."""

    text: _Text
    en: AnswerEn


class AuthorisationAnswers(_Strict):
    autorisasjon: Answer = Field(description="Har autorisasjon som lege.")
    lisens: Answer = Field(description="Har LIS1-lisens.")
    sokt: Answer = Field(description="Har søkt om autorisasjon eller LIS1-lisens.")
    ingen: Answer = Field(description="Har verken autorisasjon, lisens eller søkt.")
    ubesvart: Unanswered


class NorwegianAnswers(_Strict):
    sprakprove: Answer = Field(description="Bestått norskprøve på B2-nivå.")
    annen_dokumentasjon: Answer = Field(description="Annen dokumentasjon på samme nivå.")
    ikke_dokumentert: Answer = Field(description="Ikke dokumentert ennå.")
    ubesvart: Unanswered


class EarlierTrainingAnswers(_Strict):
    ingen: Answer = Field(description="Verken godkjent turnus eller læringsmål i del 1.")
    turnus: Answer = Field(description="Godkjent norsk turnustjeneste.")
    noen_mal: Answer = Field(description="Noen, men ikke alle, læringsmålene i del 1.")
    alle_mal: Answer = Field(description="Alle læringsmålene i del 1.")
    ubesvart: Unanswered


class AuthorisationCheck(_Strict):
    field: Literal["autorisasjon"]
    answers: AuthorisationAnswers


class NorwegianCheck(_Strict):
    field: Literal["norsk"]
    answers: NorwegianAnswers


class EarlierTrainingCheck(_Strict):
    field: Literal["tidligere_tjeneste"]
    answers: EarlierTrainingAnswers


Condition = Annotated[
    AuthorisationCheck | NorwegianCheck | EarlierTrainingCheck, Field(discriminator="field")
]
"""One profile field a rule reads, and what each value declared there means for the rule."""


def answer_for(condition: Condition, value: str | None) -> Answer | Unanswered:
    """The condition's answer for a declared ``value`` (None: not filled in)."""
    if value is None:
        return condition.answers.ubesvart
    if value not in PROFILE_VALUES[condition.field]:
        raise ValueError(f"{value!r} is not a value of {condition.field}")
    answer: Answer = getattr(condition.answers, value)
    return answer
