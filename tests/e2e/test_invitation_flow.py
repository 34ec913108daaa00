"""An editor gives a role to someone who has never signed in, in pages only, on the whole stack.

Eva Strand (editor) invites Nora Vik, a demo person the store does not know yet, to administer
Helse Stavanger HF. Nora opens the link from the mail in the local outbox, signs in, accepts and
finds the HF's page in her menu; the link then works no more, and Eva sees the invitation as
accepted and Nora among the HF's administrators.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect
from test_apply_flow import OpenPage, People, heading
from test_stack import Stack, build_site, choose_demo_user, running_stack

HF_NAME = "Helse Stavanger HF"
NORA = ("Nora Vik", "nora.vik@example.org")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-invite").resolve()) as running:
        yield running


@pytest.fixture
def people(browser: Browser, open_page: OpenPage, stack: Stack) -> Iterator[People]:
    made = People(browser, open_page, stack)
    try:
        yield made
    finally:
        made.close()


def test_editor_invites_a_new_hf_administrator_who_accepts_after_signing_in(
    stack: Stack, people: People
) -> None:
    origin = stack.origin
    _, eva = people.sign_in("Eva Strand", "/api/me")
    eva.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Roller og tilgang"
    ).click()
    eva.get_by_label("Finn en person").fill("nora")
    eva.get_by_role("button", name="Søk").click()
    expect(eva.get_by_role("status")).to_have_text("Fant 0 personer.")  # never signed in
    eva.get_by_role("link", name="Inviter en som ikke har logget inn ennå").click()
    people.assert_accessible(eva)
    eva.get_by_label("Administrator for").select_option(label=HF_NAME)
    eva.get_by_label("Navn").fill(NORA[0])
    eva.get_by_label("E-post").fill(NORA[1])
    eva.get_by_role("button", name="Send invitasjonen").click()
    expect(eva.get_by_role("status")).to_have_text(
        f"Invitasjonen til {NORA[0]} er sendt til {NORA[1]}."
    )
    link = eva.get_by_label("Invitasjonslenken").input_value()
    assert urlsplit(link).path.startswith("/api/invitasjoner/"), link
    people.assert_accessible(eva)

    outbox = people.page(eva.context)  # the local outbox needs someone signed in
    outbox.goto(f"{origin}/api/dev/outbox")
    mail = outbox.locator("main li").filter(has_text=f"Til: {NORA[1]}")
    expect(mail).to_have_count(1)
    expect(mail.locator("pre")).to_contain_text(link)

    nora = people.page(people.context())
    nora.goto(origin + urlsplit(link).path)
    choose_demo_user(nora, NORA[0])
    expect(heading(nora)).to_have_text("Invitasjon til LIS1")
    expect(nora.get_by_role("main")).to_contain_text(
        f"Eva Strand har invitert {NORA[0]} til å bli administrator for helseforetak for {HF_NAME}."
    )
    nora.get_by_role("button", name="Godta invitasjonen").click()
    expect(nora.get_by_role("status")).to_have_text(
        f"Du er nå administrator for helseforetak for {HF_NAME}."
    )
    people.assert_accessible(nora)
    nora.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Annonser og søkere"
    ).click()
    expect(heading(nora)).to_have_text("Annonser og søkere")
    nora.get_by_role("link", name="Ny annonse").click()
    expect(nora.get_by_label("Helseforetak").locator("option")).to_have_text([HF_NAME])

    used = nora.goto(origin + urlsplit(link).path)
    assert used is not None and used.status == 409, used and used.status
    expect(nora.get_by_role("main")).to_contain_text("Invitasjonen er allerede brukt.")
    people.expect_http_error(nora, 409, origin + urlsplit(link).path)

    eva.goto(f"{origin}/api/admin")
    row = eva.locator("tbody tr").filter(has_text=NORA[0])
    expect(row).to_contain_text("godtatt")
    eva.get_by_label("Finn en person").fill("Nora")
    eva.get_by_role("button", name="Søk").click()
    expect(eva.get_by_role("status")).to_have_text("Fant 1 person.")
    expect(eva.get_by_role("main")).to_contain_text(NORA[1])
    people.assert_clean()
