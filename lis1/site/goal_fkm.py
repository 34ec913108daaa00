"""The felles kompetansemål (FKM) part of the Læringsmål page, and which version a LIS follows.

Apart from ``goal_page`` to keep each module short; only ``goal_page`` uses it. The regulation's
wording (each goal, the transition rule) is quoted in bokmål on both pages, marked ``lang="nb"``
on the English one, where the data's English summary follows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from ..catalog import Catalog
from ..catalog.goal_models import COMMON_PREFIX, CommonArena, CommonGoal, CommonGoalVersion
from ..i18n import N_, _, current_locale, ngettext
from ..wording import long_date
from .languages import DEFAULT
from .page_common import data_date, source_list, text_of, time_tag

COMMON_ARENAS: dict[CommonArena, str] = {"sykehus": N_("I sykehus"), "kommune": N_("I kommunen")}
CHOICE_ANCHOR = "hvilken-versjon"


def quoted(text: str) -> str:
    """The regulation's own words, in bokmål on every page: marked as such on an English one."""
    return text if current_locale() == DEFAULT else f'<span lang="nb">{text}</span>'


def code_range(codes: Iterable[str]) -> str:
    listed = list(codes)
    if len(listed) < 2:
        return listed[0] if listed else "–"
    return _("%(first)s til %(last)s") % {"first": listed[0], "last": listed[-1]}


# --- felles kompetansemål -------------------------------------------------------------------------


def common_section(catalog: Catalog, version: CommonGoalVersion) -> str:
    start, end = version.in_force_from, version.in_force_until
    parts = [
        "### "
        + _("Versjonen som %(in_force)s") % {"in_force": in_force(catalog, start, end)}
        + f" {{#fkm-{version.id}}}",
        _counts(version),
    ]
    if version.goals:
        parts.append(
            _("Under står hvert mål med forskriftens egen ordlyd, fra %(regulation)s.")
            % {"regulation": _regulation_link(version)}
        )
        if text_of(version, "note"):
            parts.append(f'!!! note "{_("Merknad")}"\n\n    {text_of(version, "note")}')
        for arena, prefix in COMMON_PREFIX.items():
            goals = [g for g in version.goals if g.arena == arena]
            heading = ngettext(
                "%(arena)s: %(count)d mål (%(prefix)s)",
                "%(arena)s: %(count)d mål (%(prefix)s)",
                len(goals),
            ) % {"arena": _(COMMON_ARENAS[arena]), "count": len(goals), "prefix": prefix}
            parts.append(
                f"#### {heading} {{#fkm-{version.id}-{prefix.lower()}}}\n\n"
                + "\n\n".join(_definition(goal) for goal in goals)
            )
        parts += _chapters_without_goals(version)
    else:
        topics = "\n".join(f"- {text_of(t, 'name')}" for t in version.topics)
        parts.append(_("Temaene er:") + f"\n\n{topics}")
        if text_of(version, "note"):
            parts.append(
                _("**Hvorfor står ikke målene her?** %(note)s") % {"note": text_of(version, "note")}
            )
    parts += _still_followed(catalog, version)
    parts.append(_("Kilder:") + "\n\n" + source_list(version.sources))
    return "\n\n".join(parts)


def _counts(version: CommonGoalVersion) -> str:
    values = {
        "count": version.count,
        "hospital": version.completed_in_hospital,
        "kommune": version.completed_in_kommune,
        "started": version.started_in_hospital_completed_in_kommune,
        "later": version.count_in_later_parts,
    }
    hospital, kommune = version.completed_in_hospital, version.completed_in_kommune
    if version.goals and hospital is not None and kommune is not None:
        codes = {
            a: code_range(g.code for g in version.goals if g.arena == a) for a in COMMON_PREFIX
        }
        text = _(
            "Versjonen har **%(count)d** felles kompetansemål i LIS1: **%(hospital)d** i "
            "sykehusdelen (%(hospital_codes)s) og **%(kommune)d** i kommunedelen "
            "(%(kommune_codes)s)."
        ) % {**values, "hospital_codes": codes["sykehus"], "kommune_codes": codes["kommune"]}
    elif hospital is not None and values["started"] is not None:
        text = (
            _(
                "Versjonen har **%(count)d** felles kompetansemål i LIS1. **%(hospital)d** av "
                "dem fullføres i sykehusåret, og **%(started)d** påbegynnes der og fullføres i "
                "kommunen."
            )
            % values
        )
    elif hospital is not None:
        text = (
            _(
                "Versjonen har **%(count)d** felles kompetansemål i LIS1. **%(hospital)d** av dem "
                "fullføres i sykehusåret."
            )
            % values
        )
    else:
        text = _("Versjonen har **%(count)d** felles kompetansemål i LIS1.") % values
    if version.count_in_later_parts is not None:
        text += (
            " "
            + _(
                "Den samme forskriften har **%(later)d** mål til, men de hører til del 2 og 3 av "
                "spesialistutdanningen, ikke til LIS1."
            )
            % values
        )
    return text


def _definition(goal: CommonGoal) -> str:
    """One goal as a definition list entry: it reads as a block on a phone, unlike a table. The
    regulation's wording is quoted as it stands; an English page adds the data's summary."""
    chapter = f"{goal.chapter} {text_of(goal, 'chapter_name')}"
    entry = f"**{goal.code}** · {chapter}\n:   {quoted(goal.text)}"
    summary = text_of(goal, "text")
    if current_locale() != DEFAULT and summary != goal.text:
        entry += "\n\n    " + _("Sammendrag: %(summary)s") % {"summary": summary}
    return entry


def _chapters_without_goals(version: CommonGoalVersion) -> list[str]:
    """Chapters (topics) of the regulation with no goal in LIS1, so a reader does not look for
    them (A6 in the version from 1 September 2025)."""
    used = {goal.chapter.lower() for goal in version.goals}
    empty = [f"{t.id.upper()} {text_of(t, 'name')}" for t in version.topics if t.id not in used]
    if not empty:
        return []
    if len(empty) == 1:
        return [_("Kapittel %(chapter)s har ingen mål i LIS1.") % {"chapter": empty[0]}]
    return [
        _("Kapitlene %(chapters)s og %(last)s har ingen mål i LIS1.")
        % {"chapters": ", ".join(empty[:-1]), "last": empty[-1]}
    ]


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
        _(
            "LIS som begynte i sykehusdelen før %(start)s, kan fortsatt følge denne versjonen "
            "fram til %(until)s: se %(link)s"
        )
        % {
            "start": long_date(end + timedelta(days=1), with_weekday=False),
            "until": long_date(until, with_weekday=False),
            "link": f"[{_('Hvilken versjon følger du?')}](#{CHOICE_ANCHOR})",
        }
    ]


def _regulation_link(version: CommonGoalVersion) -> str:
    url = str(version.regulation)
    source = next((s for s in version.sources if str(s.url) == url), None)
    title = text_of(source, "title") if source is not None else _("forskriften")
    return f"[{title}]({url})"


# --- which version --------------------------------------------------------------------------------


def choice_section(catalog: Catalog) -> str:
    heading = "## " + _("Hvilken versjon følger du?") + f" {{#{CHOICE_ANCHOR}}}"
    general = _(
        "Du følger én versjon av målene gjennom hele LIS1, både i sykehuset og i kommunen. "
        "Hvilken det blir, avgjøres av datoen du begynte i sykehusdelen."
    )
    newest = next((v for v in reversed(catalog.common_goals) if v.transition_rule), None)
    if newest is None or newest.in_force_from is None or newest.transition_until is None:
        return f"{heading}\n\n{general}"
    values = {
        "start": long_date(newest.in_force_from, with_weekday=False),
        "until": long_date(newest.transition_until, with_weekday=False),
        "anchor": f"#fkm-{newest.id}",
    }
    rule = newest.transition_rule or ""
    quote = "> " + quoted(f"«{rule}»")
    summary = text_of(newest, "transition_rule")
    if current_locale() != DEFAULT and summary and summary != rule:
        quote += "\n\n" + _("Sammendrag: %(summary)s") % {"summary": summary}
    return (
        f"{heading}\n\n{general}\n\n"
        + _(
            "- Begynte du i sykehusdelen %(start)s eller senere, følger du de felles "
            "kompetansemålene [fra %(start)s](%(anchor)s).\n"
            "- Begynte du i sykehusdelen før %(start)s, kan du gjøre ferdig både sykehus- og "
            "kommunedelen etter den gamle planen, men bare fram til %(until)s. Er du ikke ferdig "
            "da, må du over på de nye målene."
        )
        % values
        + "\n\n"
        + _("Overgangsregelen i forskriften lyder:")
        + f"\n\n{quote}\n\n"
        + _("Kilde: %(source)s.") % {"source": _regulation_link(newest)}
    )


def in_force(catalog: Catalog, start: date | None, end: date | None) -> str:
    """'gjelder fra …', 'gjaldt til og med …' or both, as of the data's date."""
    ended = end is not None and end < data_date(catalog)
    values = {
        "start": time_tag(start, weekday=False) if start else "",
        "end": time_tag(end, weekday=False) if end else "",
    }
    if start is not None and end is not None:
        text = (
            _("gjaldt fra %(start)s til og med %(end)s")
            if ended
            else _("gjelder fra %(start)s til og med %(end)s")
        )
    elif start is not None:
        text = _("gjaldt fra %(start)s") if ended else _("gjelder fra %(start)s")
    elif end is not None:
        text = _("gjaldt til og med %(end)s") if ended else _("gjelder til og med %(end)s")
    else:
        text = _("gjaldt") if ended else _("gjelder")
    return text % values
