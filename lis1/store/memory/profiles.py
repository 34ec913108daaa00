"""The profiles port in memory: each person's profile and CV, under the store's one lock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ...domain.profiles import Cv, Profile
from ..values import utc
from .state import State


class MemoryProfiles:
    def __init__(self, state: State) -> None:
        self._state = state
        self._profiles: dict[str, Profile] = {}
        self._cvs: dict[str, Cv] = {}

    def get(self, subject: str) -> Profile | None:
        with self._state.lock:
            return self._profiles.get(subject)

    def many(self, subjects: Iterable[str]) -> dict[str, Profile]:
        with self._state.lock:
            return {s: self._profiles[s] for s in set(subjects) if s in self._profiles}

    def save(self, profile: Profile) -> None:
        with self._state.lock:
            self._profiles[profile.subject] = replace(profile, updated_at=utc(profile.updated_at))

    def cv(self, subject: str) -> Cv | None:
        with self._state.lock:
            return self._cvs.get(subject)

    def save_cv(self, cv: Cv) -> None:
        with self._state.lock:
            self._cvs[cv.subject] = replace(cv, updated_at=utc(cv.updated_at))

    def delete(self, subject: str) -> None:
        with self._state.lock:
            self._profiles.pop(subject, None)
            self._cvs.pop(subject, None)
