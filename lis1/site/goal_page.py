"""The Læringsmål page: the clinical goals by arena with counts and code ranges, the felles
kompetansemål (FKM) in the regulation's wording where we have it, and which version a LIS follows.

It exists apart from the other reference pages because it is the one page built from the goal
catalogues (``data/learning-goals``, ``data/common-goals``) and is long enough to stand alone.
Every count, code, date and quotation comes from the data; only the sentences around them are
written here. A start date missing from our sources is left out, never shown as an unknown date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from ..catalog import Catalog
from ..catalog.models import (
    ARENA_PREFIX,
    COMMON_PREFIX,
    Arena,
    CommonArena,
    CommonGoal,
    CommonGoalVersion,
    LearningGoalCatalogue,
)
from ..norwegian import long_date
from .page_common import Page, data_date, source_list, time_tag

CLINICAL_ARENAS: dict[Arena, str] = {
    "sykehus": "Sykehus",
    "psykiatri": "Psykiatri (bare med psykiatri i sykehusåret)",
    "kommune": "Kommune",
}
COMMON_ARENAS: dict[CommonArena, str] = {"sykehus": "I sykehus", "kommune": "I kommunen"}
CHOICE_ANCHOR = "hvilken-versjon"


def learning_goals_page(catalog: Catalog) -> Page:
    parts = [
        "# Læringsmål",
        "I LIS1 arbeider du mot to slags mål. De **kliniske læringsmålene** gjelder "
        "pasientarbeidet i sykehus og kommune. De **felles kompetansemålene (FKM)** gjelder sider "
        "ved legerollen som går igjen i alle fag, som etikk, kommunikasjon og samhandling. Begge "
        "står i spesialistforskriften, vedlegg 2. Hvilken versjon av målene du følger, står "
        f"[nederst på siden](#{CHOICE_ANCHOR}).",
    ]
    parts += [_clinical(catalog, version) for version in reversed(catalog.learning_goals)]
    parts.append(
        "## Felles kompetansemål (FKM) {#fkm}\n\n"
        "De felles kompetansemålene gjelder alle leger i spesialisering. Noen av dem hører til "
        "LIS1, fordelt på sykehusdelen og kommunedelen; resten hører til del 2 og 3."
    )
    parts += [_common(catalog, version) for version in reversed(catalog.common_goals)]
    parts.append(_choice(catalog))
    updated = max((p.updated for p in catalog.all_periods()), default=date(2026, 1, 1))
    return Page("laringsmal/index.md", "Læringsmål", updated, "\n\n".join(parts))


# --- clinical goals -----------------------------------------------------------------------------


def _clinical(catalog: Catalog, version: LearningGoalCatalogue) -> str:
    by_arena = {arena: [g for g in version.goals if g.arena == arena] for arena in ARENA_PREFIX}
    rows = "\n".join(
        f"| {CLINICAL_ARENAS[arena]} | {len(goals)} | {_code_range(g.code for g in goals)} |"
        for arena, goals in by_arena.items()
    )
    without_psychiatry = len(by_arena["sykehus"]) + len(by_arena["kommune"])
    parts = [
        f"## Kliniske læringsmål {{#kliniske-{version.id}}}",
        f"Versjonen {_in_force(catalog, version.in_force_from, version.in_force_until)}. "
        f"Den har {len(version.goals)} kliniske læringsmål, fordelt på tre arenaer:",
        f"| Arena | Antall mål | Koder |\n|---|---|---|\n{rows}",
        f"Uten psykiatri i sykehusåret skal du nå **{without_psychiatry}** mål, alle for sykehus "
        f"og kommune. Med psykiatri skal du nå alle **{len(version.goals)}**.",
    ]
    labelled = [g for g in version.goals if g.label]
    if labelled:
        parts.append(
            "Temaer som en kilde navngir:\n\n"
            + "\n".join(f"- {g.code}: {g.label}" for g in labelled)
        )
    parts.append(
        "Ordlyden til hvert mål står i "
        f"[spesialistforskriften, vedlegg 2, på Lovdata]({version.regulation}). Den har vi ikke "
        "i datagrunnlaget vårt, så her viser vi bare antall og koder."
    )
    return "\n\n".join(parts)


def _code_range(codes: Iterable[str]) -> str:
    listed = list(codes)
    if len(listed) < 2:
        return listed[0] if listed else "–"
    return f"{listed[0]} til {listed[-1]}"


# --- felles kompetansemål -------------------------------------------------------------------------


def _common(catalog: Catalog, version: CommonGoalVersion) -> str:
    start, end = version.in_force_from, version.in_force_until
    parts = [
        f"### Versjonen som {_in_force(catalog, start, end)} {{#fkm-{version.id}}}",
        _counts(version),
    ]
    if version.goals:
        parts.append(
            f"Under står hvert mål med forskriftens egen ordlyd, fra {_regulation_link(version)}."
        )
        if version.note:
            parts.append(f'!!! note "Merknad"\n\n    {version.note}')
        for arena, prefix in COMMON_PREFIX.items():
            goals = [g for g in version.goals if g.arena == arena]
            parts.append(
                f"#### {COMMON_ARENAS[arena]}: {len(goals)} mål ({prefix}) "
                f"{{#fkm-{version.id}-{prefix.lower()}}}\n\n"
                + "\n\n".join(_definition(goal) for goal in goals)
            )
        parts += _chapters_without_goals(version)
    else:
        topics = "\n".join(f"- {t.name}" for t in version.topics)
        parts.append(f"Temaene er:\n\n{topics}")
        if version.note:
            parts.append(f"**Hvorfor står ikke målene her?** {version.note}")
    parts += _still_followed(catalog, version)
    parts.append("Kilder:\n\n" + source_list(version.sources))
    return "\n\n".join(parts)


def _counts(version: CommonGoalVersion) -> str:
    text = f"Versjonen har **{version.count}** felles kompetansemål i LIS1"
    hospital, kommune = version.completed_in_hospital, version.completed_in_kommune
    started = version.started_in_hospital_completed_in_kommune
    if version.goals and hospital is not None and kommune is not None:
        codes = {
            a: _code_range(g.code for g in version.goals if g.arena == a) for a in COMMON_PREFIX
        }
        text += (
            f": **{hospital}** i sykehusdelen ({codes['sykehus']}) og **{kommune}** i "
            f"kommunedelen ({codes['kommune']})."
        )
    elif hospital is not None:
        text += f". **{hospital}** av dem fullføres i sykehusåret"
        if started is not None:
            text += f", og **{started}** påbegynnes der og fullføres i kommunen"
        text += "."
    else:
        text += "."
    if version.count_in_later_parts is not None:
        text += (
            f" Den samme forskriften har **{version.count_in_later_parts}** mål til, men de hører "
            "til del 2 og 3 av spesialistutdanningen, ikke til LIS1."
        )
    return text


def _definition(goal: CommonGoal) -> str:
    """One goal as a definition list entry: it reads as a block on a phone, unlike a table."""
    return f"**{goal.code}** · {goal.chapter} {goal.chapter_name}\n:   {goal.text}"


def _chapters_without_goals(version: CommonGoalVersion) -> list[str]:
    """Chapters (topics) of the regulation with no goal in LIS1, so a reader does not look for
    them (A6 in the version from 1 September 2025)."""
    used = {goal.chapter.lower() for goal in version.goals}
    empty = [f"{t.id.upper()} {t.name}" for t in version.topics if t.id not in used]
    if not empty:
        return []
    if len(empty) == 1:
        return [f"Kapittel {empty[0]} har ingen mål i LIS1."]
    return [f"Kapitlene {', '.join(empty[:-1])} og {empty[-1]} har ingen mål i LIS1."]


def _still_followed(catalog: Catalog, version: CommonGoalVersion) -> list[str]:
    """An ended version that the next version's transition rule still lets some LIS follow."""
    end = version.in_force_until
    if end is None:
        return []
    successor = next(
        (v for v in catalog.common_goals if v.in_force_from == end + timedelta(days=1)), None
    )
    until = successor.transition_until if successor else None
    if until is None or until <= data_date(catalog):
        return []
    return [
        "LIS som begynte i sykehusdelen før "
        f"{long_date(end + timedelta(days=1), with_weekday=False)}, kan fortsatt følge denne "
        f"versjonen fram til {long_date(until, with_weekday=False)}: se "
        f"[Hvilken versjon følger du?](#{CHOICE_ANCHOR})"
    ]


def _regulation_link(version: CommonGoalVersion) -> str:
    url = str(version.regulation)
    title = next((s.title for s in version.sources if str(s.url) == url), "forskriften")
    return f"[{title}]({url})"


# --- which version --------------------------------------------------------------------------------


def _choice(catalog: Catalog) -> str:
    heading = f"## Hvilken versjon følger du? {{#{CHOICE_ANCHOR}}}"
    general = (
        "Du følger én versjon av målene gjennom hele LIS1, både i sykehuset og i kommunen. "
        "Hvilken det blir, avgjøres av datoen du begynte i sykehusdelen."
    )
    newest = next((v for v in reversed(catalog.common_goals) if v.transition_rule), None)
    if newest is None or newest.in_force_from is None or newest.transition_until is None:
        return f"{heading}\n\n{general}"
    start = long_date(newest.in_force_from, with_weekday=False)
    until = long_date(newest.transition_until, with_weekday=False)
    return (
        f"{heading}\n\n{general}\n\n"
        f"- Begynte du i sykehusdelen {start} eller senere, følger du de felles "
        f"kompetansemålene [fra {start}](#fkm-{newest.id}).\n"
        f"- Begynte du i sykehusdelen før {start}, kan du gjøre ferdig både sykehus- og "
        f"kommunedelen etter den gamle planen, men bare fram til {until}. Er du ikke ferdig da, "
        "må du over på de nye målene.\n\n"
        f"Overgangsregelen i forskriften lyder:\n\n> «{newest.transition_rule}»\n\n"
        f"Kilde: {_regulation_link(newest)}."
    )


def _in_force(catalog: Catalog, start: date | None, end: date | None) -> str:
    """'gjelder fra …', 'gjaldt til og med …' or both, as of the data's date."""
    ended = end is not None and end < data_date(catalog)
    words = ["gjaldt" if ended else "gjelder"]
    if start is not None:
        words.append(f"fra {time_tag(start, weekday=False)}")
    if end is not None:
        words.append(f"til og med {time_tag(end, weekday=False)}")
    return " ".join(words)
