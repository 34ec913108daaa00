"""Checks that span fields or files: chronology, unique ids, references, calendar warnings.

Each check returns Problems that point at the line of the offending value. Deadlines on
weekends and Norwegian public holidays are warnings, not errors: the real data has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from ..norwegian import weekday
from .deadlines import STRICTLY_AFTER, Deadline, timeline
from .goal_checks import common_goal_problems, learning_goal_problems, version_problems
from .goal_models import CommonGoalVersion, LearningGoalCatalogue
from .holidays_no import norwegian_holidays
from .kinds import Loaded
from .models import ExtraRound, OrganisationList, Period, Round, Template
from .problems import Problem, field_path
from .report import error, warning
from .translation_checks import translation_problems


def check(loaded: list[Loaded], *, all_files_read: bool = True) -> list[Problem]:
    """Cross-checks of the files that were read; those between files only if all were."""
    problems: list[Problem] = []
    if all_files_read:
        problems += _unique_ids(loaded)
        problems += _references(loaded)
        problems += version_problems(loaded)
    for item in loaded:
        model = item.model
        problems += translation_problems(item)
        if isinstance(model, Period | ExtraRound):
            problems += _period(item)
        elif isinstance(model, LearningGoalCatalogue):
            problems += learning_goal_problems(item)
        elif isinstance(model, CommonGoalVersion):
            problems += common_goal_problems(item)
    return problems


def _ids(loaded: list[Loaded]) -> Iterator[tuple[str, Loaded, tuple[str | int, ...], str]]:
    """(namespace, file, path, id) for everything that must be unique in its namespace."""
    for item in loaded:
        model = item.model
        if isinstance(model, Period | ExtraRound):
            yield "periode", item, ("id",), model.id
        elif isinstance(model, OrganisationList):
            for i, organisation in enumerate(model.organisations):
                yield "organisasjon", item, ("organisations", i, "id"), organisation.id
        elif isinstance(model, LearningGoalCatalogue):
            yield "læringsmålversjon", item, ("id",), model.id
            for i, goal in enumerate(model.goals):
                yield f"læringsmål i {model.id}", item, ("goals", i, "code"), goal.code
        elif isinstance(model, CommonGoalVersion):
            yield "FKM-versjon", item, ("id",), model.id
            for i, topic in enumerate(model.topics):
                yield f"FKM-tema i {model.id}", item, ("topics", i, "id"), topic.id
        elif isinstance(model, Template):
            yield "mal", item, ("id",), model.id
        elif hasattr(model, "rules"):
            for i, rule in enumerate(model.rules):
                yield "regel", item, ("rules", i, "id"), rule.id


def _unique_ids(loaded: list[Loaded]) -> list[Problem]:
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for namespace, item, path, value in _ids(loaded):
        where = f"{item.source.name}:{item.source.line_of(path)}"
        if (namespace, value) in seen:
            problems.append(
                error(
                    item,
                    path,
                    f"{namespace} «{value}» er allerede brukt "
                    f"({seen[namespace, value]}). Gi den en egen id.",
                )
            )
        seen.setdefault((namespace, value), where)
    return problems


def _references(loaded: list[Loaded]) -> list[Problem]:
    periods = {i.model.id for i in loaded if isinstance(i.model, Period)}
    organisations = {
        o.id: o
        for i in loaded
        if isinstance(i.model, OrganisationList)
        for o in i.model.organisations
    }
    problems = []
    for item in loaded:
        model = item.model
        if isinstance(model, ExtraRound):
            if model.draws_from not in periods:
                problems.append(
                    error(
                        item,
                        ("draws_from",),
                        f"perioden «{model.draws_from}» "
                        f"finnes ikke i data/periods/. Kjente: {_list(periods)}.",
                    )
                )
            for i, share in enumerate(model.positions_by_organisation):
                if share.organisation not in organisations:
                    problems.append(
                        error(
                            item,
                            ("positions_by_organisation", i, "organisation"),
                            f"organisasjonen «{share.organisation}» finnes ikke i "
                            "data/organisations/.",
                        )
                    )
        elif isinstance(model, OrganisationList):
            for i, organisation in enumerate(model.organisations):
                region = organisation.region
                if region is not None and getattr(organisations.get(region), "kind", None) != "rhf":
                    problems.append(
                        error(
                            item,
                            ("organisations", i, "region"),
                            f"«{region}» er ikke et regionalt helseforetak (rhf) "
                            f"i data/organisations/.",
                        )
                    )
    return problems


def _list(values: Iterable[str]) -> str:
    return ", ".join(sorted(values)) or "ingen"


def _period(item: Loaded) -> list[Problem]:
    period: Period | ExtraRound = item.model
    problems = []
    if isinstance(period, Period):
        expected = (
            date(period.year + 1, 3, 1) if period.season == "host" else date(period.year, 9, 1)
        )
        if period.starts != expected:
            problems.append(
                error(
                    item,
                    ("starts",),
                    f"stillinger fra {period.name.lower()} "
                    f"starter {expected.isoformat()}, ikke {period.starts}.",
                )
            )
    elif period.positions is not None and period.positions_by_organisation:
        total = sum(share.positions for share in period.positions_by_organisation)
        if total != period.positions:
            problems.append(
                warning(
                    item,
                    ("positions_by_organisation",),
                    f"fordelingen summerer til {total} stillinger, mens "
                    f"positions er {period.positions} (slik kildene oppgir).",
                )
            )
    for index, round_ in enumerate(period.rounds):
        problems += _round(item, index, round_)
    entries = timeline(period)
    problems += _chronology(item, entries)
    last = max((d.day for d in entries if d.day is not None), default=None)
    if last is not None and last >= period.starts:
        problems.append(
            error(
                item,
                ("starts",),
                f"oppstart {period.starts} må komme etter siste dato i perioden ({last}).",
            )
        )
    problems += [_calendarwarning(item, d) for d in entries if _off_day(d.day)]
    return problems


def _round(item: Loaded, index: int, round_: Round) -> list[Problem]:
    problems = []
    if round_.number != index + 1:
        problems.append(
            error(
                item,
                ("rounds", index, "number"),
                f"runde nummer "
                f"{index + 1} i listen har number {round_.number}; rundene skal "
                "stå i rekkefølge 1, 2, 3 …",
            )
        )
    if not round_.dated() and round_.note is None:
        problems.append(
            error(
                item,
                ("rounds", index, "note"),
                "en dato i runden er null: skriv i note hvorfor (f.eks. «ikke publisert ennå»).",
            )
        )
    return problems


def _chronology(item: Loaded, entries: list[Deadline]) -> list[Problem]:
    """Every published date must fall on or after the last published date before it."""
    problems = []
    last: Deadline | None = None
    strict = False
    for before, entry in zip([None, *entries], entries, strict=False):
        if before is not None and (before.kind, entry.kind) in STRICTLY_AFTER:
            strict = True
        if entry.day is None:
            continue
        if (
            last is not None
            and last.day is not None
            and (entry.day < last.day or (strict and entry.day == last.day))
        ):
            relation = "etter" if strict else "samme dag som eller etter"
            problems.append(
                error(
                    item,
                    entry.path,
                    f"{entry.label} {entry.day} må komme {relation} {last.label} {last.day} "
                    f"({field_path(last.path)}). Sjekk begge datoene.",
                )
            )
        last, strict = entry, False
    return problems


def _off_day(day: date | None) -> bool:
    return day is not None and (day.weekday() >= 5 or day in norwegian_holidays(day.year))


def _calendarwarning(item: Loaded, deadline: Deadline) -> Problem:
    day = deadline.day
    assert day is not None
    holiday = norwegian_holidays(day.year).get(day)
    what = f"{holiday.lower()}, en helligdag" if holiday else f"en {weekday(day)}"
    return warning(item, deadline.path, f"{deadline.label} {day} er {what}.")
