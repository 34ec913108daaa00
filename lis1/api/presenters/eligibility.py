"""The profile, the eligibility check and the CV as the pages show them and JSON gives them:
the words for each choice and outcome, the short summary before applying, and the CV's rows
for its form. Values only; the templates make the markup."""

from __future__ import annotations

from typing import Any

from ...catalog.rule_checks import Outcome
from ...domain.eligibility import SEVERITY, RuleResult, tally
from ...domain.profiles import (
    LANGUAGE_LEVELS,
    MAX_DESCRIPTION,
    MAX_ENTRIES,
    MAX_TEXT,
    Cv,
    Profile,
)
from ...i18n import N_, _
from ..schemas.profiles import (
    CvEducationOut,
    CvLanguageOut,
    CvOut,
    CvReferenceOut,
    CvWorkOut,
    ProfileOut,
    RuleResultOut,
)

OUTCOME_WORDS: dict[Outcome, str] = {
    "oppfylt": N_("Oppfylt"),
    "ikke_oppfylt": N_("Ikke oppfylt"),
    "avhenger_av_dokumentasjon": N_("Avhenger av dokumentasjon før oppstart"),
    "ukjent": N_("Ukjent: ikke oppgitt"),
}

AUTHORISATION_CHOICES = {
    "autorisasjon": N_("Jeg har autorisasjon som lege"),
    "lisens": N_("Jeg har LIS1-lisens"),
    "sokt": N_("Jeg har søkt om autorisasjon eller LIS1-lisens"),
    "ingen": N_("Ingen av delene ennå"),
}
NORWEGIAN_CHOICES = {
    "sprakprove": N_(
        "Bestått norskprøve på B2-nivå (Bergenstesten, eller Norskprøven med B2 på alle delprøvene)"
    ),
    "annen_dokumentasjon": N_(
        "Annen dokumentasjon av norsk, svensk eller dansk på samme nivå (for eksempel eksamen "
        "fra videregående skole eller universitet)"
    ),
    "ikke_dokumentert": N_("Ikke dokumentert ennå"),
}
EARLIER_CHOICES = {
    "ingen": N_("Ingen av delene"),
    "turnus": N_("Jeg har fått godkjent norsk turnustjeneste"),
    "noen_mal": N_("Jeg har nådd noen, men ikke alle, læringsmålene i del 1"),
    "alle_mal": N_("Jeg har nådd alle læringsmålene i del 1"),
}
LEVEL_WORDS = {
    "morsmal": N_("Morsmål"),
    "c2": N_("C2 – avansert bruker"),
    "c1": N_("C1 – avansert bruker"),
    "b2": N_("B2 – selvstendig bruker"),
    "b1": N_("B1 – selvstendig bruker"),
    "a2": N_("A2 – basisbruker"),
    "a1": N_("A1 – basisbruker"),
}
SECTIONS = ("education", "work", "languages", "references")
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "education": ("degree", "institution", "country", "start", "end"),
    "work": ("position", "employer", "start", "end", "description"),
    "languages": ("language", "level"),
    "references": ("name", "position", "contact"),
}


def rule_href(rule_id: str) -> str:
    """The rule on the site's page of rules for applicants."""
    return f"/soke/regler/#{rule_id}"


def result_out(result: RuleResult) -> RuleResultOut:
    return RuleResultOut(
        rule_id=result.rule_id,
        title=result.title,
        outcome=result.outcome,
        explanation=list(result.explanation),
    )


def profile_out(profile: Profile | None, results: list[RuleResult]) -> ProfileOut:
    return ProfileOut(
        authorisation=profile.authorisation if profile else None,
        hpr=profile.hpr if profile else None,
        norwegian=profile.norwegian if profile else None,
        earlier_training=profile.earlier_training if profile else None,
        updated_at=profile.updated_at if profile else None,
        checks=[result_out(r) for r in results],
    )


def checks(results: list[RuleResult]) -> list[dict[str, Any]]:
    """Each rule's result as a page shows it."""
    return [
        {
            "rule_id": r.rule_id,
            "title": r.title,
            "outcome": r.outcome,
            "outcome_words": _(OUTCOME_WORDS[r.outcome]),
            "explanation": r.explanation,
            "href": rule_href(r.rule_id),
        }
        for r in results
    ]


def summary_words(results: list[RuleResult]) -> str:
    """One line for a list: how many rules ended in each outcome, e.g. for the HF's list."""
    counted = tally(results)
    return " · ".join(f"{_(OUTCOME_WORDS[o])}: {counted[o]}" for o in SEVERITY if counted[o])


def standing(
    by_reference: dict[str, tuple[Profile | None, list[RuleResult]]], reference: str
) -> dict[str, Any]:
    """For the HF's list: a standing application's check and the link to the CV; nothing for
    a withdrawn one (its reference is not among ``by_reference``)."""
    if reference not in by_reference:
        return {"checks": None, "check_summary": "", "cv_href": None, "profile_saved": False}
    profile, results = by_reference[reference]
    return {
        "checks": checks(results),
        "check_summary": summary_words(results),
        "cv_href": f"/api/hf/soknader/{reference}/cv",
        "profile_saved": profile is not None,
    }


def profile_form(profile: Profile | None, values: dict[str, str] | None = None) -> dict[str, Any]:
    """The profile form's choices and what is chosen: ``values`` as typed, else as stored."""
    if values is None:
        values = {
            "authorisation": (profile.authorisation or "") if profile else "",
            "hpr": (profile.hpr or "") if profile else "",
            "norwegian": (profile.norwegian or "") if profile else "",
            "earlier_training": (profile.earlier_training or "") if profile else "",
        }
    return {
        "typed": values,
        "groups": [
            {
                "name": "authorisation",
                "legend": _("Autorisasjon eller LIS1-lisens"),
                "choices": [(k, _(v)) for k, v in AUTHORISATION_CHOICES.items()],
            },
            {
                "name": "norwegian",
                "legend": _("Hvordan norskkunnskapene dine er dokumentert"),
                "choices": [(k, _(v)) for k, v in NORWEGIAN_CHOICES.items()],
            },
            {
                "name": "earlier_training",
                "legend": _("Godkjent turnustjeneste eller læringsmål i del 1"),
                "choices": [(k, _(v)) for k, v in EARLIER_CHOICES.items()],
            },
        ],
    }


def declared_words(profile: Profile | None) -> list[tuple[str, str]]:
    """What the person chose, as (question, answer) for a reader such as the HF."""
    if profile is None:
        return []
    shown = [
        (_("Autorisasjon eller LIS1-lisens"), AUTHORISATION_CHOICES, profile.authorisation),
        (_("Norskkunnskaper"), NORWEGIAN_CHOICES, profile.norwegian),
        (_("Turnus eller læringsmål i del 1"), EARLIER_CHOICES, profile.earlier_training),
    ]
    words = [(q, _(choices[v]) if v else _("Ikke oppgitt")) for q, choices, v in shown]
    if profile.hpr:
        words.insert(1, (_("HPR-nummer"), profile.hpr))
    return words


# --- the CV -------------------------------------------------------------------------------------


def cv_out(cv: Cv | None) -> CvOut:
    if cv is None:
        return CvOut(education=[], work=[], languages=[], references=[], updated_at=None)
    return CvOut(
        education=[CvEducationOut(**vars(e)) for e in cv.education],
        work=[CvWorkOut(**vars(e)) for e in cv.work],
        languages=[CvLanguageOut(**vars(e)) for e in cv.languages],
        references=[CvReferenceOut(**vars(e)) for e in cv.references],
        updated_at=cv.updated_at,
    )


def cv_rows(cv: Cv | None) -> dict[str, list[dict[str, str]]]:
    """The stored CV's rows for its form, with an empty row for a new entry while there is
    room."""
    out = cv_out(cv)
    rows: dict[str, list[dict[str, str]]] = {}
    for section in SECTIONS:
        entries = [{**e.model_dump(), "remove": ""} for e in getattr(out, section)]
        if len(entries) < MAX_ENTRIES:
            entries.append(dict.fromkeys((*SECTION_FIELDS[section], "remove"), ""))
        rows[section] = entries
    return rows


def form_rows(form: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """The rows as a form sent them (``education.0.degree``), to show them again as typed."""
    rows: dict[str, dict[int, dict[str, str]]] = {s: {} for s in SECTIONS}
    for name, value in form.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] in rows and parts[1].isdigit() and len(parts[1]) <= 2:
            rows[parts[0]].setdefault(int(parts[1]), {})[parts[2]] = value
    return {
        s: [{f: by[i].get(f, "") for f in (*SECTION_FIELDS[s], "remove")} for i in sorted(by)]
        for s, by in rows.items()
    }


SECTION_WORDS = {
    "education": (N_("Utdanning"), N_("Ny utdanning"), N_("Utdanning %(num)d")),
    "work": (N_("Arbeidserfaring"), N_("Ny arbeidserfaring"), N_("Arbeidserfaring %(num)d")),
    "languages": (N_("Språk"), N_("Nytt språk"), N_("Språk %(num)d")),
    "references": (N_("Referanser"), N_("Ny referanse"), N_("Referanse %(num)d")),
}


def cv_form(rows: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """The CV form: each section with its rows, the empty ones marked as the row for a new
    entry, each field named as the errors name it (``education.0.start``)."""
    sections = []
    for section in SECTIONS:
        title, new_legend, legend = SECTION_WORDS[section]
        shown = []
        for index, values in enumerate(rows.get(section, [])):
            new = not any(v.strip() for k, v in values.items() if k != "remove")
            shown.append(
                {
                    "typed": values,
                    "new": new,
                    "prefix": f"{section}.{index}.",
                    "legend": _(new_legend) if new else _(legend) % {"num": index + 1},
                }
            )
        sections.append({"key": section, "title": _(title), "rows": shown})
    return {
        "sections": sections,
        "levels": [("", _("Velg nivå"))] + [(k, _(LEVEL_WORDS[k])) for k in LANGUAGE_LEVELS],
        "max_entries": MAX_ENTRIES,
        "max_text": MAX_TEXT,
        "max_description": MAX_DESCRIPTION,
    }


def level_words(level: str) -> str:
    return _(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level
