"""Ranked lists (innstillingslister): the order in which an ad's applicants get offers.

The HF's hiring committee makes the list and the HF's administrator enters it, by
application reference, never by name. Only applications to the ad that stand may be on it.
Until the period's first tilbud the list may be changed freely; after it, candidates may only
be added at the end, so nobody already offered or passed over is moved. Applicants have no
right to see the list (helseforetaksloven § 5).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..errors import InvalidInput
from ..i18n import _
from .applications import Application

MAX_ROWS = 2000
MAX_CSV_BYTES = 60_000
REFERENCE = re.compile(r"LIS1-[0-9A-Z]{4}-[0-9A-Z]{4}")


@dataclass(frozen=True)
class Candidate:
    """One row of a ranked list: an application, and whether it still stands."""

    candidate: str
    """The applicant's subject."""
    reference: str
    withdrawn: bool = False


@dataclass(frozen=True)
class RankedList:
    ad_id: str
    entries: tuple[Candidate, ...]
    """First choice first."""
    version: int
    """0 for a list never saved."""
    changed_at: datetime | None
    changed_by: str
    keep_until: datetime | None = None
    """When the retention rule removes it (:mod:`lis1.domain.retention`); None: not set."""

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(entry.reference for entry in self.entries)


def checked(
    references: Sequence[str],
    *,
    standing: Mapping[str, Application],
    current: RankedList,
    locked: bool,
) -> tuple[Candidate, ...]:
    """The new list's rows, if it may replace ``current``; else the problems, row by row (1-based).

    ``standing`` maps the reference of every application to the ad that stands; ``locked`` is
    true from the period's first tilbud.
    """
    problems: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row, reference in enumerate(references, start=1):
        if reference in seen:
            problems[f"rad {row}"] = _("{reference} står allerede på rad {first}.").format(
                reference=reference, first=seen[reference]
            )
        elif reference not in standing:
            problems[f"rad {row}"] = _(
                "{reference} er ikke en søknad på denne annonsen som står (ukjent eller trukket)."
            ).format(reference=reference)
        seen.setdefault(reference, row)
    if len(references) > MAX_ROWS:
        problems["liste"] = _("Høyst {limit} rader.").format(limit=MAX_ROWS)
    if locked and tuple(references[: len(current.references)]) != current.references:
        problems["liste"] = _(
            "Tilbudene har begynt å gå ut. Nå kan kandidater bare legges til sist på listen; "
            "de som står der, må stå i samme rekkefølge."
        )
    if problems:
        raise InvalidInput(fields=problems)
    return tuple(Candidate(standing[r].applicant, r) for r in references)


def parse_csv(text: str) -> list[str]:
    """References from a CSV file: one per row, first choice first.

    A header row is allowed; a column named «referanse» is used if there is one, else the first
    column. Separated by semicolon (as Excel writes in Norway) or comma. Errors name the line.
    """
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        raise InvalidInput(
            fields={"fil": _("Filen er for stor (høyst {kb} kB).").format(kb=MAX_CSV_BYTES // 1000)}
        )
    lines = text.lstrip("\ufeff").splitlines()
    sample = next((line for line in lines if line.strip()), "")
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    column, start = 0, 0
    if rows and not any(REFERENCE.fullmatch(cell.strip().upper()) for cell in rows[0]):
        header = [cell.strip().casefold() for cell in rows[0]]
        column = header.index("referanse") if "referanse" in header else 0
        start = 1
    found: list[str] = []
    problems: dict[str, str] = {}
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        cell = row[column].strip() if column < len(row) else ""
        if not REFERENCE.fullmatch(cell.upper()):
            problems[f"linje {number}"] = _(
                "Linje {line}: «{cell}» er ikke en søknadsreferanse (som LIS1-ABCD-2345)."
            ).format(line=number, cell=cell[:40])
            continue
        found.append(cell.upper())
    if not found and not problems:
        problems["fil"] = _("Filen har ingen søknadsreferanser.")
    if problems:
        raise InvalidInput(fields=problems)
    return found
