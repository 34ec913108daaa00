"""The words of the public feeds' events, in the current language.

Every text is a whole sentence in the message catalogue (bokmål ids, English in
``lis1/locale/en.po``) with its values as named placeholders, so a translator can move them;
dates are worded by :mod:`lis1.wording` in the same language. The bokmål feeds are word for word
what they were before English was added.
"""

from __future__ import annotations

from datetime import date

from .catalog import Deadline
from .catalog.deadlines import DeadlineKind
from .i18n import N_, _
from .wording import deadline_text, deadline_time_text, long_date

SUMMARIES: dict[DeadlineKind, str] = {
    "annonser-klare": N_("LIS1 %(period)s: Annonsene klare"),
    "utlysning": N_("LIS1 %(period)s: Utlysning"),
    "soknadsfrist": N_("LIS1 %(period)s: Søknadsfrist"),
    "tilbud": N_("LIS1 %(period)s: Tilbud runde %(round)s"),
    "svarfrist": N_("LIS1 %(period)s: Svarfrist runde %(round)s"),
    "merking": N_("LIS1 %(period)s: Merking runde %(round)s"),
}
CATEGORIES: dict[DeadlineKind, str] = {
    "annonser-klare": N_("annonsene klare"),
    "utlysning": N_("utlysning"),
    "soknadsfrist": N_("søknadsfrist"),
    "tilbud": N_("tilbud"),
    "svarfrist": N_("svarfrist"),
    "merking": N_("merking"),
}


def summary(deadline: Deadline, period_name: str) -> str:
    """'LIS1 Våren 2024: Svarfrist runde 2' / 'LIS1 Spring 2024: …'."""
    return _(SUMMARIES[deadline.kind]) % {"period": period_name, "round": deadline.round}


def category(deadline: Deadline) -> str:
    return _(CATEGORIES[deadline.kind])


def what_to_do(deadline: Deadline, period_name: str, starts: date) -> str:
    assert deadline.day is not None
    by = deadline_time_text(deadline.at) if deadline.at else deadline_text(deadline.day)
    values = {
        "period": period_name[0].lower() + period_name[1:],
        "round": deadline.round,
        "by": by,
        "start": long_date(starts, with_weekday=False),
    }
    texts: dict[DeadlineKind, str] = {
        "annonser-klare": _(
            "Frist for helseforetakene: annonsene for %(period)s skal være klare for "
            "publisering i søknadsportalen innen %(by)s."
        ),
        "utlysning": _(
            "Annonsene med LIS1-stillinger for %(period)s (oppstart %(start)s) publiseres i den "
            "nasjonale søknadsportalen. En annonse kan gjelde flere stillinger. Du kan søke på "
            "så mange annonser du vil, men bare én gang på hver."
        ),
        "soknadsfrist": _(
            "Søknadsfrist for LIS1-stillinger for %(period)s: søknaden må være mottatt innen "
            "%(by)s."
        ),
        "tilbud": _(
            "Helseforetakene sender tilbud i runde %(round)s, samme dag for alle stillinger. "
            "Sjekk e-posten din og søknadsportalen."
        ),
        "svarfrist": _(
            "Svarfrist for tilbud fra runde %(round)s: svaret må være mottatt innen %(by)s. "
            "Svarer du ikke innen fristen, regnes det som at du takker nei."
        ),
        "merking": _(
            "Helseforetakene merker resultatet av runde %(round)s i portalen innen %(by)s. Den "
            "som har takket ja, får ikke flere tilbud."
        ),
    }
    return texts[deadline.kind] % values
