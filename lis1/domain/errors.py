"""The errors rules and stores raise by name, with their words.

A store adapter raises these without wording anything (``raise AlreadyApplied()``): the text is
the class's, marked for the catalogue and translated when the error is made, so every message a
person reads has one owner and one place in ``lis1/locale``. The API's error table maps them by
their base class (Conflict is 409, and so on).
"""

from __future__ import annotations

from ..errors import (
    Conflict,
    DeadlinePassed,
    Forbidden,
    InvalidInput,
    NotFound,
    Unavailable,
    Unprocessable,
)
from ..i18n import N_


class AdExists(Conflict):
    message = N_("Det finnes allerede en annonse med denne id-en.")


class AdChanged(Conflict):
    message = N_("Annonsen er endret av noen andre i mellomtiden. Last siden på nytt.")


class NotADraft(Conflict):
    code = "ikke_utkast"
    message = N_(
        "Bare utkast kan slettes. En publisert annonse kan rettes (plasser, sted og tekst), men "
        "ikke slettes: søkerne har sett den."
    )


class AlreadyApplied(Conflict):
    code = "har_allerede_søkt"
    message = N_(
        "Du har allerede søkt på denne stillingen. Du kan trekke søknaden og søke på nytt før "
        "fristen."
    )


class NothingToWithdraw(NotFound):
    code = "ingen_søknad"
    message = N_("Du har ingen søknad på denne stillingen som kan trekkes.")


class ReceiptTaken(Conflict):
    message = N_("Kvitteringsnummeret er allerede brukt. Prøv igjen.")


class AdministersOrganisation(Forbidden):
    """An administrator of the ad's HF or kommune applied to it."""

    code = "inhabil"
    message = N_(
        "Du er administrator for helseforetaket eller kommunen denne stillingen hører til, og "
        "kan ikke søke på den: du ville kunne se de andre søknadene. Be en redaktør ta fra deg "
        "rollen først, om du vil søke."
    )


class AppliedThere(Conflict):
    """The person to be made administrator has an open application to that organisation."""

    code = "søker_hos_organisasjonen"
    message = N_(
        "Personen har en åpen søknad på en stilling hos denne organisasjonen og kan ikke bli "
        "administrator der: en administrator ser alle søknadene. Rollen kan gis når søknaden "
        "er trukket, eller fra den dagen stillingen starter."
    )


class KeyReused(Unprocessable):
    code = "idempotensnøkkel_gjenbrukt"
    message = N_(
        "Idempotensnøkkelen er allerede brukt for en annen forespørsel. Bruk en ny nøkkel for "
        "en ny forespørsel."
    )


class StoreDown(Unavailable):
    message = N_("Databasen svarer ikke akkurat nå. Prøv igjen om litt.")


class StoreBusy(Unavailable):
    message = N_("Databasen er travel akkurat nå. Prøv igjen om litt.")


class ValueRefused(InvalidInput):
    """A value beyond what the table takes (a key over 2 KB, say): the caller's mistake."""

    code = "ugyldig_verdi"
    message = N_("Forespørselen har verdier som er for lange eller ikke kan lagres.")


class InvitationUnknown(NotFound):
    """No invitation has this link (or the caller may not see it)."""

    code = "ukjent_invitasjon"
    message = N_(
        "Invitasjonen finnes ikke. Sjekk at hele lenken er med, eller be om en ny invitasjon."
    )


class InvitationUsed(Conflict):
    code = "invitasjon_brukt"
    message = N_("Invitasjonen er allerede brukt. En invitasjon kan bare brukes én gang.")


class InvitationExpired(Conflict):
    code = "invitasjon_utløpt"
    message = N_("Invitasjonen er utløpt. Be den som inviterte deg om en ny.")


class InvitationRevoked(Conflict):
    code = "invitasjon_trukket"
    message = N_("Invitasjonen er trukket tilbake av den som sendte den.")


class InvitationChanged(Conflict):
    """The stored invitation is no longer the one the change was made from (a store's refusal;
    the service reads it again to say what happened)."""

    code = "invitasjon_endret"
    message = N_("Invitasjonen er endret i mellomtiden. Last siden på nytt.")


class OwnInvitation(Forbidden):
    code = "egen_invitasjon"
    message = N_("Du kan ikke ta imot en invitasjon du har sendt selv.")


class NotInviter(Forbidden):
    code = "ikke_avsender"
    message = N_(
        "Bare den som sendte invitasjonen kan bekrefte at det var riktig person som tok imot den."
    )


class NothingToConfirm(Conflict):
    code = "ingen_bekreftelse_venter"
    message = N_("Invitasjonen venter ikke på bekreftelse.")


class OfferNotOpen(Conflict):
    code = "tilbudet_er_ikke_åpent"
    message = N_("Tilbudet er allerede besvart eller avsluttet.")


class AnswerTooLate(DeadlinePassed):
    code = "svarfristen_er_ute"
    message = N_("Svarfristen er ute. Tilbudet regnes som avslått.")


class AlreadyAccepted(Conflict):
    code = "har_takket_ja"
    message = N_(
        "Du har allerede takket ja til et tilbud i denne perioden. Bare helseforetaket kan "
        "frigi deg fra det."
    )


class NotAccepted(Conflict):
    code = "ikke_takket_ja"
    message = N_("Bare et tilbud som er takket ja til, kan merkes eller frigis.")


class OfferChanged(Conflict):
    """A store's refusal: an offer is no longer in the state the change was made from (the
    service reads it again to say what happened, or tries again)."""

    code = "tilbudet_er_endret"
    message = N_("Tilbudet er endret i mellomtiden. Last siden på nytt.")


class NoSeatLeft(Conflict):
    code = "ingen_ledig_plass"
    message = N_("Alle stillingene i annonsen er allerede tilbudt eller besatt.")


class CandidateWithdrew(Conflict):
    code = "søknaden_er_trukket"
    message = N_("Søknaden er trukket, så kandidaten får ikke tilbud.")


class RankedListChanged(Conflict):
    code = "listen_er_endret"
    message = N_("Innstillingslisten er endret av noen andre i mellomtiden. Last siden på nytt.")


class SeatsBelowTaken(Conflict):
    code = "færre_enn_besatt"
    message = N_(
        "Antall stillinger kan ikke settes lavere enn antall kandidater som har takket ja "
        "eller er ansatt."
    )
