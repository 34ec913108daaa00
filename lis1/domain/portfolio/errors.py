"""The errors of the portfolio's rules, with their words (see :mod:`lis1.domain.errors`)."""

from __future__ import annotations

from typing import ClassVar

from ...errors import Conflict, Forbidden, InvalidInput, NotFound
from ...i18n import N_, _


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


class PlanFixedAfterMove(Conflict):
    code = "plan_laast_i_kommunen"
    message = N_(
        "Kommunedelen har startet, så planen kan ikke byttes nå: de nye felles målene for "
        "sykehusdelen kan ikke lenger godkjennes. Du fullfører etter målene du har."
    )


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


class UnknownGoal(NotFound):
    code = "ukjent_læringsmål"
    message = N_("Fant ikke læringsmålet i planen.")


class GoalSettled(Conflict):
    code = "læringsmål_godkjent"
    message = N_("Læringsmålet er allerede godkjent.")


class GoalNotOpen(Conflict):
    code = "læringsmål_sendt"
    message = N_("Læringsmålet venter allerede på godkjenning. Du kan trekke det tilbake.")


class GoalNotWaiting(Conflict):
    code = "læringsmål_venter_ikke"
    message = N_(
        "Læringsmålet venter ikke på godkjenning (det er ikke sendt, er trukket tilbake eller "
        "er allerede avgjort)."
    )


class GoalNotApproved(Conflict):
    code = "læringsmål_ikke_godkjent"
    message = N_("Læringsmålet er ikke godkjent, så det er ingen godkjenning å angre.")


class GoalChanged(Conflict):
    code = "læringsmål_endret"
    message = N_("Læringsmålet eller porteføljen er endret i mellomtiden. Last siden på nytt.")


class MissingRecommendations(Conflict):
    code = "mangler_anbefaling"
    message = N_("Læringsmålet kan ikke godkjennes ennå.")

    WORDS: ClassVar[dict[str, str]] = {
        "veileder": N_("en anbefaling fra veilederen"),
        "supervisør": N_(
            "en anbefaling fra en supervisør som har signert en læringsaktivitet for målet "
            "(en annen person enn veilederen)"
        ),
    }

    def __init__(self, lacking: tuple[str, ...]) -> None:
        self.lacking = lacking
        wanted = _(" og ").join(_(self.WORDS[kind]) for kind in lacking)
        super().__init__(
            _(
                "Læringsmålet kan ikke godkjennes før det har {wanted}. Hver anbefaling må "
                "legges inn av personen selv."
            ).format(wanted=wanted)
        )


class WrongPart(Conflict):
    code = "feil_del_av_lis1"
    message = N_(
        "Læringsmålet hører til en annen del av LIS1 enn den porteføljen er i nå. Målene i "
        "sykehusdelen avgjøres før overgangen til kommunen, kommunens mål etter."
    )


class NotDecider(Forbidden):
    code = "ikke_godkjenner"
    message = N_(
        "Bare lederen eller den lederen har delegert godkjenning til, bekreftet av "
        "arbeidsgiveren, kan avgjøre læringsmål i denne delen av LIS1."
    )


class NotRecommender(Forbidden):
    code = "ikke_anbefaler"
    message = N_(
        "Bare legens veileder og supervisører som har signert en læringsaktivitet for målet, "
        "kan anbefale det."
    )


class CommentRequired(InvalidInput):
    code = "mangler_begrunnelse"
    message = N_("Skriv en begrunnelse, så legen vet hva som må til.")


class KommuneBlocked(Conflict):
    code = "sykehusmål_ikke_godkjent"
    message = N_("Kommunedelen kan ikke starte før alle målene i sykehusdelen er godkjent.")

    def __init__(self, count: int) -> None:
        # Only the count: the kommune's administrator confirms the start and may not read the
        # goals ("Who sees what"); the LIS and the record's people see which in the portfolio.
        self.count = count
        super().__init__(
            _(
                "Kommunedelen kan ikke starte i porteføljen før alle målene som skal fullføres "
                "i sykehuset, er godkjent. Ikke godkjent ennå: {count} mål. Legen ser hvilke i "
                "porteføljen sin."
            ).format(count=count)
        )


class AlreadyMoved(Conflict):
    code = "allerede_i_kommunen"
    message = N_("Porteføljen er allerede i kommunedelen.")


class NotKommuneEmployment(InvalidInput):
    code = "ikke_kommuneansettelse"
    message = N_("Oppstart kan bare bekreftes for en ansettelse i kommunen.")


class UnknownConversation(NotFound):
    code = "ukjent_veiledningssamtale"
    message = N_("Fant ikke veiledningssamtalen.")


class ConversationFinal(Conflict):
    code = "samtale_ferdigstilt"
    message = N_("Veiledningssamtalen er ferdigstilt og kan ikke endres.")


class ConversationChanged(Conflict):
    code = "samtale_endret"
    message = N_(
        "Samtalen er endret i mellomtiden (kanskje av den andre). Last siden på nytt; teksten "
        "din står i skjemaet."
    )


class NotVeileder(Forbidden):
    code = "ikke_veileder"
    message = N_("Bare veilederen kan opprette og ferdigstille veiledningssamtaler.")


class OnlyLis(Forbidden):
    code = "bare_legen"
    message = N_("Bare legen selv skriver forberedelsen til samtalen.")


class InvalidHpr(InvalidInput):
    code = "ugyldig_hpr"
    message = N_(
        "HPR-nummeret er et tall på opptil ni sifre. Du finner det i Helsepersonellregisteret."
    )


class ConfirmationFields(InvalidInput):
    code = "ugyldig_bekreftelse"
    message = N_("Bekreftelsen har feil. Se feltene som er markert.")

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(fields=problems)
