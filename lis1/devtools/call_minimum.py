"""The least number of DynamoDB calls each API route needs, with the reason in words: printed
by ``make bench`` beside what :mod:`lis1.devtools.calls` counts, and asserted as limits by the
test suite."""

from __future__ import annotations

MINIMUM: dict[str, tuple[int, str]] = {
    "GET /api/health": (1, "én lesing viser at tabellen svarer"),
    "GET /api/periods": (0, "katalogen, ikke tabellen"),
    "GET /api/me": (2, "økten, rollene"),
    "GET /api/ads?periode=demo": (2, "økten, én indeks"),
    "GET /api/ads (anonym)": (1, "én indeks"),
    "GET /api/ads/{ad_id}": (2, "økten, annonsen"),
    "POST /api/ads/{ad_id}/applications": (3, "økten, annonsen, én transaksjon"),
    "POST /api/ads/{ad_id}/applications/withdraw": (3, "økten, annonsen, én transaksjon"),
    "GET /api/tilbud": (5, "økten, søkerens tilbud, søknader og kvitteringer, annonsene samlet"),
    "GET /api/tilbud/{offer_id}/historikk": (
        5,
        "økten, søkerens tilbud, annonsene, loggen, kvitteringene",
    ),
    "GET /api/kalender/{calendar_token}": (
        4,
        "(økten, i en innlogget nettleser), adressen, søkerens tilbud, annonsene samlet",
    ),
    "GET /api/tilbud/{offer_id}/svar": (
        5,
        "økten, rollene (menyen), søkerens tilbud og søknader, annonsene samlet",
    ),
    "GET /api/varsler": (3, "økten, valget om påminnelser, språket e-postene skrives på"),
    "GET /api/statistikk/{period_id}": (3, "(økten,) periodens annonser, tellingene samlet"),
    "POST /api/tilbud/{offer_id}/accept": (4, "økten, søkerens tilbud, annonsen, én transaksjon"),
    "POST /api/ads/{ad_id}/tilbud/{offer_id}/{change}": (
        7,
        "økten, rollene, annonsen, annonsens tilbud, én transaksjon; ansatt: navnet og "
        "porteføljen (én transaksjon)",
    ),
    "GET /api/ads/{ad_id}/tilbud": (
        8,
        "økten, rollene, annonsen, søknadene, listen, tilbudene, tellingen, ett navn per tilbud",
    ),
    "GET /api/hf/runder": (
        6,
        "økten, rollene, annonsene, tellingene, listene og periodens tilbud (ledig plass)",
    ),
    "GET /api/kommune": (
        7,
        "økten, rollene, annonsene, to tellinger, annonsens tilbud, ett navn per ansatt",
    ),
    "PUT /api/ads/{ad_id}/ranking": (
        6,
        "økten, rollene, annonsen, søknadene, listen, én transaksjon",
    ),
    "POST /api/portefolje": (3, "økten, rollene, én transaksjon (porteføljen og loggen)"),
    "GET /api/portefolje": (4, "økten, porteføljen, rollene i den, åpne invitasjoner"),
    "GET /api/portefolje/plan": (2, "økten, porteføljen (målene fra katalogen)"),
    "POST /api/portefolje/invitasjoner": (
        5,
        "økten, porteføljen, rollene i den, åpne invitasjoner (én leder), én transaksjon",
    ),
    "POST /api/invitasjoner/{token}/accept": (3, "økten, invitasjonen, én transaksjon"),
    "GET /api/veiledning": (
        7,
        "økten, personens roller; for hver lege med mål som venter: målene, porteføljen, "
        "rollene i den, aktivitetene (hvem som har signert for målet)",
    ),
    "POST /api/portefolje/mal/{code}/send": (
        9,
        "økten, porteføljen, målet, én transaksjon (målet, porteføljens del, loggen); svaret "
        "viser målet: porteføljen, rollene, målene, aktivitetene, loggen",
    ),
    "GET /api/portefolje/mal": (5, "økten, porteføljen, rollene, målene, aktivitetene"),
    "POST /api/veiledning/{relation_id}/mal/{code}/anbefal": (
        14,
        "økten, personens roller, porteføljen, rollene i den, aktivitetene, målet, én "
        "transaksjon; svaret viser målet: de samme lesingene og loggen",
    ),
    "POST /api/veiledning/{relation_id}/mal/{code}/godkjenn": (
        6,
        "avvist (ingen anbefaling fra veileder): økten, personens roller, porteføljen, rollene "
        "i den, målet, aktivitetene; ingen skriving",
    ),
    "GET /api/arbeidsgiver/roller": (3, "økten, rollene, arbeidsgiverens liste"),
    "POST /api/arbeidsgiver/roller/{relation_id}/bekreft": (
        4,
        "økten, rollene, arbeidsgiverens liste, én transaksjon",
    ),
    "POST /api/portefolje/aktiviteter": (
        6,
        "økten, porteføljen, rollene i den, supervisørens e-post og språk, én transaksjon",
    ),
    "GET /api/portefolje/aktiviteter": (2, "økten, legens aktiviteter"),
    "GET /api/signering": (3, "økten, rollene (menyen), aktivitetene sendt til personen"),
    "POST /api/signering/{activity_id}/signer": (
        6,
        "økten, aktivitetene sendt til personen, aktiviteten, rollene i porteføljen, "
        "én transaksjon, legens språk for e-posten",
    ),
    "GET /api/veiledning/{relation_id}": (
        6,
        "økten, rollene (menyen), personens roller, porteføljen, rollene i den, målene (hva "
        "som hindrer kommunedelen)",
    ),
    "GET /api/arbeidsgiver/oppstart": (
        5,
        "økten, rollene, kommunens kopi av porteføljene; per lege porteføljen og målene",
    ),
}
