"""Ports of positions: ads and the applications to them, each change with its receipt."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from ...domain.ads import Ad
from ...domain.applications import Application, Receipt
from ...identity import Grant
from .accounts import AuditEntry
from .requests import FirstRequest, Idempotency


class Ads(Protocol):
    def create(self, ad: Ad, *, idempotency: Idempotency | None = None) -> FirstRequest | None:
        """Store a new ad and return None; AdExists if the id is taken. With ``idempotency``
        the key is recorded in the same write (result: the ad id); if it was already used,
        nothing is written and the first request is returned."""
        ...

    def get(self, ad_id: str) -> Ad | None: ...

    def many(self, ad_ids: Iterable[str]) -> dict[str, Ad]:
        """The ads found among ``ad_ids``, by id: one read per 100."""
        ...

    def update(self, ad: Ad, *, expected_version: int, audit: AuditEntry | None) -> None:
        """Replace the ad if its stored version is ``expected_version`` (``ad.version`` is the
        new one), else AdChanged. ``audit`` (a correction after publication) is written in the
        same transaction, under entity ``annonse:<ad id>``. A published ad's seats are written
        to its offer counts in the same transaction, on condition that they are not fewer than
        the offers accepted or hired (SeatsBelowTaken)."""
        ...

    def delete_draft(self, ad_id: str, *, expected_version: int) -> None:
        """Delete the ad if it is a draft at ``expected_version``: NotADraft if it was
        published, AdChanged if its version differs or it is gone."""
        ...

    def every(self) -> list[Ad]:
        """Every ad, drafts included, by id: one read however many periods there are."""
        ...

    def by_period(self, period_id: str | None) -> list[Ad]:
        """Every ad of the period (None: every reststilling), drafts included, by id."""
        ...

    def by_organisation(self, organisation: str) -> list[Ad]:
        """Every ad of the HF, drafts included, by id."""
        ...


class Applications(Protocol):
    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        open_until: date | None = None,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        """Store the application with its receipt in one transaction and return None; the
        store numbers its version (one more than a withdrawn one it replaces). AlreadyApplied
        if the applicant has an application to the ad that is not withdrawn; a withdrawn one
        is replaced (re-applying before the deadline is allowed).

        AdministersOrganisation if the applicant holds one of ``conflicting`` (the
        administrator roles of the ad's HF and kommune); the same write marks the application
        open for those organisations until ``open_until`` (None: until withdrawn; see
        :func:`lis1.domain.applications.still_open`), and a grant there is refused meanwhile.

        With ``idempotency`` the same transaction records the key (kept 24 hours from
        ``receipt.at``; result: the receipt reference). If the key was already used, nothing is
        written and the first request is returned."""
        ...

    def withdraw(
        self,
        ad_id: str,
        applicant: str,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        """Withdraw the applicant's sent application to the ad in one transaction with its
        receipt: status "trukket", cover text gone, the receipt's reference and instant, version
        one more. NothingToWithdraw if there is no sent application. It is no longer open for
        the organisations of ``conflicting``. ``idempotency`` as for :meth:`submit`."""
        ...

    def counts(self, ad_ids: Iterable[str]) -> dict[str, int]:
        """How many applications to each ad stand (sent, not withdrawn); 0 for an ad with none.
        One read for up to 100 ads, kept by the writes that change them."""
        ...

    def get(self, ad_id: str, applicant: str) -> Application | None: ...

    def by_applicant(self, applicant: str) -> list[Application]:
        """The applicant's applications, newest first."""
        ...

    def by_ad(self, ad_id: str) -> list[Application]:
        """Every application to the ad (withdrawn ones included), oldest first."""
        ...

    def receipt(self, reference: str) -> Receipt | None: ...

    def receipts(self, applicant: str) -> list[Receipt]:
        """Every receipt of the applicant (applications and answers to offers), newest first."""
        ...
