"""The Læringsmål page: the clinical goals by arena with counts and code ranges, the felles
kompetansemål (FKM) in the regulation's wording where we have it, and which version a LIS follows.

It exists apart from the other reference pages because it is the one page built from the goal
catalogues (``data/learning-goals``, ``data/common-goals``) and is long enough to stand alone.
Every count, code, date and quotation comes from the data; only the sentences around them are
written here. A start date missing from our sources is left out, never shown as an unknown date.
The regulation's wording (each FKM and the transition rule) is quoted in bokmål on the English
page too, marked ``lang="nb"``, with an English summary beside it where the data has one.
"""

from __future__ import annotations

from datetime import date

from ..catalog import Catalog
from ..catalog.goal_models import ARENA_PREFIX, Arena, LearningGoalCatalogue
from ..i18n import N_, _, current_locale
from .goal_fkm import CHOICE_ANCHOR, choice_section, code_range, common_section, in_force
from .languages import DEFAULT
from .page_common import Page, authoritative_note, text_of

CLINICAL_ARENAS: dict[Arena, str] = {
    "sykehus": N_("Sykehus"),
    "psykiatri": N_("Psykiatri (bare med psykiatri i sykehusåret)"),
    "kommune": N_("Kommune"),
}


def learning_goals_page(catalog: Catalog) -> Page:
    parts = [
        "# " + _("Læringsmål"),
        _(
            "I LIS1 arbeider du mot to slags mål. De **kliniske læringsmålene** gjelder "
            "pasientarbeidet i sykehus og kommune. De **felles kompetansemålene (FKM)** gjelder "
            "sider ved legerollen som går igjen i alle fag, som etikk, kommunikasjon og "
            "samhandling. Begge står i spesialistforskriften, vedlegg 2. Hvilken versjon av "
            "målene du følger, står %(link)s."
        )
        % {"link": f"[{_('nederst på siden')}](#{CHOICE_ANCHOR})"},
    ]
    if current_locale() != DEFAULT:
        parts.append(
            authoritative_note("laringsmal/index.md")
            + "\n"
            + _(
                "Målene er sitert på norsk, slik de står i forskriften. Der vi har det, står et "
                "kort sammendrag på engelsk under hvert mål."
            )
        )
    parts += [_clinical(catalog, version) for version in reversed(catalog.learning_goals)]
    parts.append(
        "## "
        + _("Felles kompetansemål (FKM)")
        + " {#fkm}\n\n"
        + _(
            "De felles kompetansemålene gjelder alle leger i spesialisering. Noen av dem hører "
            "til LIS1, fordelt på sykehusdelen og kommunedelen; resten hører til del 2 og 3."
        )
    )
    parts += [common_section(catalog, version) for version in reversed(catalog.common_goals)]
    parts.append(choice_section(catalog))
    updated = max((p.updated for p in catalog.all_periods()), default=date(2026, 1, 1))
    return Page("laringsmal/index.md", _("Læringsmål"), updated, "\n\n".join(parts))


# --- clinical goals -----------------------------------------------------------------------------


def _clinical(catalog: Catalog, version: LearningGoalCatalogue) -> str:
    by_arena = {arena: [g for g in version.goals if g.arena == arena] for arena in ARENA_PREFIX}
    rows = "\n".join(
        f"| {_(CLINICAL_ARENAS[arena])} | {len(goals)} | {code_range(g.code for g in goals)} |"
        for arena, goals in by_arena.items()
    )
    without_psychiatry = len(by_arena["sykehus"]) + len(by_arena["kommune"])
    parts = [
        "## " + _("Kliniske læringsmål") + f" {{#kliniske-{version.id}}}",
        _("Versjonen %(in_force)s. Den har %(count)d kliniske læringsmål, fordelt på tre arenaer:")
        % {
            "in_force": in_force(catalog, version.in_force_from, version.in_force_until),
            "count": len(version.goals),
        },
        _("| Arena | Antall mål | Koder |") + f"\n|---|---|---|\n{rows}",
        _(
            "Uten psykiatri i sykehusåret skal du nå **%(without)d** mål, alle for sykehus og "
            "kommune. Med psykiatri skal du nå alle **%(all)d**."
        )
        % {"without": without_psychiatry, "all": len(version.goals)},
    ]
    labelled = [g for g in version.goals if g.label]
    if labelled:
        parts.append(
            _("Temaer som en kilde navngir:")
            + "\n\n"
            + "\n".join(f"- {g.code}: {text_of(g, 'label')}" for g in labelled)
        )
    parts.append(
        _(
            "Ordlyden til hvert mål står i %(regulation)s. Den har vi ikke i datagrunnlaget vårt, "
            "så her viser vi bare antall og koder."
        )
        % {
            "regulation": f"[{_('spesialistforskriften, vedlegg 2, på Lovdata')}]"
            f"({version.regulation})"
        }
    )
    return "\n\n".join(parts)
