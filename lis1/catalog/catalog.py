"""The validated catalogue: everything in ``data/``, as read by feeds, site and API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .deadlines import Deadline, timeline
from .goal_models import CommonGoalVersion, LearningGoalCatalogue
from .models import ExtraRound, Organisation, OrganisationList, Period, RuleList, Site, Template


@dataclass(frozen=True)
class Catalog:
    site: Site
    periods: tuple[Period, ...]
    """Ordinary periods, oldest first."""
    extra_rounds: tuple[ExtraRound, ...]
    organisations: tuple[Organisation, ...]
    rules: tuple[RuleList, ...]
    learning_goals: tuple[LearningGoalCatalogue, ...]
    common_goals: tuple[CommonGoalVersion, ...]
    templates: tuple[Template, ...]

    @classmethod
    def from_models(cls, models: Iterable[tuple[str, Any]]) -> Catalog:
        by_folder: dict[str, list[Any]] = {}
        for folder, model in models:
            by_folder.setdefault(folder, []).append(model)
        periods: list[Period] = by_folder.get("periods", [])
        extra: list[ExtraRound] = by_folder.get("extra-rounds", [])
        lists: list[OrganisationList] = by_folder.get("organisations", [])
        return cls(
            site=by_folder["site"][0],
            periods=tuple(sorted(periods, key=lambda p: p.starts)),
            extra_rounds=tuple(sorted(extra, key=lambda p: p.starts)),
            organisations=tuple(o for group in lists for o in group.organisations),
            rules=tuple(by_folder.get("rules", [])),
            learning_goals=tuple(
                sorted(by_folder.get("learning-goals", []), key=lambda c: c.in_force_from)
            ),
            common_goals=tuple(
                sorted(
                    by_folder.get("common-goals", []),
                    key=lambda c: c.in_force_from or date.min,
                )
            ),
            templates=tuple(by_folder.get("templates", [])),
        )

    def all_periods(self) -> tuple[Period | ExtraRound, ...]:
        """Ordinary periods and extra rounds together, by start date."""
        both: list[Period | ExtraRound] = [*self.periods, *self.extra_rounds]
        return tuple(sorted(both, key=lambda p: p.starts))

    def deadlines(self) -> list[Deadline]:
        return [d for period in self.all_periods() for d in timeline(period)]

    def learning_goals_on(self, day: date) -> LearningGoalCatalogue | None:
        """The clinical learning goals in force on ``day``; None before the first version."""
        for version in reversed(self.learning_goals):
            if version.in_force_from <= day and _not_ended(version.in_force_until, day):
                return version
        return None

    def common_goals_on(self, day: date) -> CommonGoalVersion | None:
        """The felles kompetansemål in force on ``day``. A version whose start is not in our
        sources (``in_force_from`` null) counts as in force from the beginning."""
        for version in reversed(self.common_goals):
            start = version.in_force_from
            if (start is None or start <= day) and _not_ended(version.in_force_until, day):
                return version
        return None

    def organisation(self, organisation_id: str) -> Organisation:
        for organisation in self.organisations:
            if organisation.id == organisation_id:
                return organisation
        raise KeyError(organisation_id)


def _not_ended(in_force_until: date | None, day: date) -> bool:
    """``in_force_until`` is the last day in force (til og med); None means no end yet."""
    return in_force_until is None or day <= in_force_until
