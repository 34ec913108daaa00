"""Port of profiles: each person's declared profile (what the eligibility check reads) and CV.

One record of each per person, written whole by the person (the last save wins: only they write
it), read by them and, for the CV, by an HF administrator while the person's application to an
ad of that HF stands (the service checks that on every request). ``get`` and ``cv`` are one
read each; ``many`` reads the profiles of an ad's applicants in reads of 100. ``delete`` removes
both when the person deletes their account.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ...domain.profiles import Cv, Profile


class Profiles(Protocol):
    def get(self, subject: str) -> Profile | None:
        """The person's profile; None if they have not saved one."""
        ...

    def many(self, subjects: Iterable[str]) -> dict[str, Profile]:
        """The profiles of those of ``subjects`` who saved one (one read per 100)."""
        ...

    def save(self, profile: Profile) -> None:
        """Store the profile, replacing the person's earlier one."""
        ...

    def cv(self, subject: str) -> Cv | None:
        """The person's CV; None if they have not saved one."""
        ...

    def save_cv(self, cv: Cv) -> None:
        """Store the CV, replacing the person's earlier one."""
        ...

    def delete(self, subject: str) -> None:
        """Remove the person's profile and CV (nothing happens for what is not there)."""
        ...
