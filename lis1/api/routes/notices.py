"""The signed-in person's e-mail notices: what they get, and the choice to have reminders of
svarfrister or not. Offer mails and receipts always go; only reminders can be turned off."""

from __future__ import annotations

from ...i18n import N_, _
from ...services import reminders as service
from ...services.language import choose_language, mail_language
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.notices import LanguageChanged, LanguageIn, NoticesChanged, NoticesIn, NoticesOut

routes = Routes()

NOTICES = {
    "slatt-av": N_(
        "Påminnelsene er slått av. E-post når du får et tilbud, og kvittering for hvert svar, "
        "får du fortsatt."
    ),
    "slatt-pa": N_(
        "Påminnelsene er slått på. Du får e-post dagen før og om morgenen samme dag som "
        "svarfristen for tilbud du ikke har svart på."
    ),
    "uendret-av": N_("Påminnelsene var allerede slått av. Ingenting ble endret."),
    "uendret-pa": N_("Påminnelsene var allerede slått på. Ingenting ble endret."),
    "sprak-nb": N_("E-postene dine skrives nå på norsk (bokmål)."),
    "sprak-en": N_("E-postene dine skrives nå på engelsk."),
    "sprak-uendret": N_("E-postene dine skrives allerede på dette språket. Ingenting ble endret."),
}
LANGUAGES = {"nb": "Norsk (bokmål)", "en": "English"}
"""Each language by its own name (marked with its ``lang``), the same on every page."""


@routes.route(
    "GET",
    "/varsler",
    summary=N_("E-postvarslene dine, og om du vil ha påminnelser om svarfrister"),
    access=SIGNED_IN,
    response=NoticesOut,
    errors=(401,),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def notices_page(ctx: Context) -> NoticesOut | Reply:
    who = ctx.signed_in()
    store = ctx.deps.store
    result = NoticesOut(
        email=who.email,
        reminders=service.reminders_on(store, who=who),
        language="en" if mail_language(store, who.subject) == "en" else "nb",
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "notices.html",
        title=_("Varsler på e-post"),
        notices=result,
        notice=notice_text(ctx.query, NOTICES),
        csrf=ctx.csrf,
        languages=LANGUAGES,
    )


@routes.route(
    "POST",
    "/varsler",
    summary=N_("Slå påminnelser om svarfrister av eller på"),
    access=SIGNED_IN,
    body=NoticesIn,
    response=NoticesChanged,
    errors=(400, 401),
    forms=True,
)
def choose(ctx: Context) -> NoticesChanged | Reply:
    body: NoticesIn = ctx.body
    who, on = ctx.signed_in(), body.reminders == "on"
    changed = service.choose_reminders(ctx.deps.store, who=who, on=on, now=ctx.deps.clock.now())
    if ctx.form_post:
        done = ("slatt-" if changed else "uendret-") + ("pa" if on else "av")
        return Reply(status=303, headers={"Location": f"/api/varsler?melding={done}"})
    return NoticesChanged(email=who.email, reminders=on, changed=changed)


@routes.route(
    "POST",
    "/varsler/sprak",
    summary=N_("Velg språket e-postene dine skrives på (bokmål eller engelsk)"),
    access=SIGNED_IN,
    body=LanguageIn,
    response=LanguageChanged,
    errors=(400, 401),
    forms=True,
)
def choose_mail_language(ctx: Context) -> LanguageChanged | Reply:
    body: LanguageIn = ctx.body
    who = ctx.signed_in()
    now = ctx.deps.clock.now()
    changed = choose_language(ctx.deps.store, who.subject, body.language, now=now)
    if ctx.form_post:
        done = f"sprak-{body.language}" if changed else "sprak-uendret"
        return Reply(status=303, headers={"Location": f"/api/varsler?melding={done}"})
    return LanguageChanged(language=body.language, changed=changed)
