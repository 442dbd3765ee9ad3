"""The pages every public footer links to, as the DSFR asks of a public service's site: the
accessibility statement (``/accessibilite``), the legal notice (``/mentions-legales``) and the
site map (``/plan-du-site``); the personal-data notice is :mod:`proxisante.web.public.privacy`.

The legal notice names the publisher, its contact and the host from the settings
(``PROXISANTE_PUBLISHER``, ``PROXISANTE_PUBLISHER_CONTACT``, ``PROXISANTE_HOST_PROVIDER``); the
accessibility statement says what is tested and declares the site not compliant, as the RGAA
requires of a site that has not been audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from proxisante.config import Settings
from proxisante.i18n import N_, format_date, use_lang
from proxisante.web.public._render import render_public, request_lang

router = APIRouter(include_in_schema=False)

# The day this accessibility statement was written (RGAA: "établie le …"); change it with the text.
STATEMENT_DATE = date(2026, 12, 7)


@dataclass(frozen=True)
class SiteLink:
    href: str
    label: str  # French source, marked with N_(), translated in the template


# The public pages, in the order of the site map (a new public page: one line here).
PUBLIC_PAGES = (
    SiteLink("/", N_("Rechercher un territoire")),
    SiteLink("/carte", N_("Carte de France de l’accès aux médecins généralistes")),
    SiteLink("/ou-consulter", N_("Où consulter")),
    SiteLink("/installation", N_("S’installer : portail des médecins")),
    SiteLink("/inscription", N_("Trouver un médecin traitant : s’inscrire")),
    SiteLink("/projets", N_("Projets de santé des territoires")),
    SiteLink("/registre/chiffres", N_("Chiffres mensuels du registre")),
)
ABOUT_PAGES = (
    SiteLink("/accessibilite", N_("Accessibilité")),
    SiteLink("/mentions-legales", N_("Mentions légales")),
    SiteLink("/donnees-personnelles", N_("Données personnelles")),
    SiteLink("/plan-du-site", N_("Plan du site")),
)
OTHER_PAGES = (
    SiteLink("/login", N_("Espace professionnel (connexion)")),
    SiteLink("/api/v1/docs", N_("Documentation de l’API")),
)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/accessibilite", response_class=HTMLResponse)
def accessibility(request: Request) -> HTMLResponse:
    with use_lang(request_lang(request)):
        established = format_date(STATEMENT_DATE)
    return render_public(
        request,
        "accessibilite.j2",
        N_("Déclaration d’accessibilité"),
        settings=_settings(request),
        established=established,
    )


@router.get("/mentions-legales", response_class=HTMLResponse)
def legal_notice(request: Request) -> HTMLResponse:
    return render_public(
        request, "mentions_legales.j2", N_("Mentions légales"), settings=_settings(request)
    )


@router.get("/plan-du-site", response_class=HTMLResponse)
def site_map(request: Request) -> HTMLResponse:
    return render_public(
        request,
        "plan_du_site.j2",
        N_("Plan du site"),
        sections=(
            (N_("Pages publiques"), PUBLIC_PAGES),
            (N_("À propos de ce site"), ABOUT_PAGES),
            (N_("Professionnels"), OTHER_PAGES),
        ),
    )
