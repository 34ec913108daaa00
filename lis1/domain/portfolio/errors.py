"""The errors of the portfolio's rules, with their words (see :mod:`lis1.domain.errors`)."""

from __future__ import annotations

from ...errors import Conflict, Forbidden, InvalidInput, NotFound
from ...i18n import N_


class NoPortfolio(NotFound):
    code = "ingen_portefølje"
    message = N_(
        "Fant ingen portefølje. Den opprettes når du blir ansatt i en LIS1-stilling, eller når "
        "du oppretter den selv under «Min portefølje»."
    )


class PortfolioExists(Conflict):
    code = "har_portefølje"
    message = N_("Du har allerede en portefølje. Legg til ansettelser i den du har.")


class PortfolioChanged(Conflict):
    code = "portefølje_endret"
    message = N_("Porteføljen er endret i mellomtiden. Last siden på nytt og prøv igjen.")


class UnknownEmployment(NotFound):
    code = "ukjent_ansettelse"
    message = N_("Fant ikke ansettelsen i porteføljen.")


class PlanTooOld(InvalidInput):
    code = "for_gammel_plan"
    message = N_(
        "Porteføljen følger læringsmålene som gjelder fra 1. mars 2020. En sykehusdel som "
        "startet før det, må dokumenteres etter den gamle ordningen."
    )


class NoOldPlan(Conflict):
    code = "ingen_gammel_plan"
    message = N_("Planen din følger allerede de nye felles kompetansemålene.")


class OwnPortfolio(Forbidden):
    code = "egen_portefølje"
    message = N_("Du kan ikke ha en rolle i din egen portefølje.")


class RoleTaken(Conflict):
    code = "rollen_er_besatt"
    message = N_(
        "Ansettelsen har allerede en person i denne rollen, eller en åpen invitasjon til den. "
        "Avslutt rollen eller trekk invitasjonen før du inviterer en ny."
    )


class UnknownRelation(NotFound):
    code = "ukjent_rolle"
    message = N_("Fant ikke rollen.")


class RelationChanged(Conflict):
    code = "rolle_endret"
    message = N_("Rollen er endret i mellomtiden. Last siden på nytt.")


class NotEmployer(Forbidden):
    code = "ikke_arbeidsgiver"
    message = N_("Bare administratorer hos arbeidsgiveren kan bekrefte en leder.")


class OwnConfirmation(Forbidden):
    code = "egen_bekreftelse"
    message = N_(
        "Du kan ikke bekrefte en rolle i din egen portefølje eller en rolle du har selv. En "
        "annen administrator hos arbeidsgiveren må bekrefte den."
    )


class NotLeder(Forbidden):
    code = "ikke_leder"
    message = N_(
        "Bare en leder som arbeidsgiveren har bekreftet, kan delegere godkjenning for denne "
        "ansettelsen."
    )


class NothingToApprove(Conflict):
    code = "ingenting_å_bekrefte"
    message = N_("Rollen venter ikke på arbeidsgiverens bekreftelse.")


class RelationEnded(Conflict):
    code = "rolle_avsluttet"
    message = N_("Rollen er allerede avsluttet.")


class NotSupervisor(InvalidInput):
    code = "ikke_supervisør"
    message = N_("Velg en supervisør som har godtatt invitasjonen din.")


class UnknownActivity(NotFound):
    code = "ukjent_aktivitet"
    message = N_("Fant ikke læringsaktiviteten.")


class ActivityNotEditable(Conflict):
    code = "aktivitet_låst"
    message = N_(
        "Aktiviteten er sendt til signering eller signert og kan ikke endres. En returnert "
        "aktivitet kan rettes og sendes på nytt."
    )


class ActivityNotWaiting(Conflict):
    code = "aktivitet_venter_ikke"
    message = N_(
        "Aktiviteten venter ikke på din signatur (den er signert, returnert eller trukket)."
    )


class ActivityChanged(Conflict):
    code = "aktivitet_endret"
    message = N_("Aktiviteten er endret i mellomtiden. Last siden på nytt.")
