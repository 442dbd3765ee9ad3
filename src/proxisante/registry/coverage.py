"""Where to turn when no CPTS of the registry covers a person's commune: the step before any
health question of the public form.

France: the caisse primaire d'assurance maladie (CPAM) of the département helps people without
a médecin traitant and, when no doctor accepts them, its conciliator (médiateur) steps in
(Assurance Maladie, ameli.fr, « Trouver un médecin traitant »); the directory of professionals
is annuairesante.ameli.fr. Valais: the canton's single number for non-life-threatening needs
(:data:`proxisante.territory.valais.CH_NUMBERS`, sources there). Elsewhere in Switzerland:
the cantonal medical society and the emergency number.
"""

from __future__ import annotations

from dataclasses import dataclass

from proxisante.i18n import N_
from proxisante.territory.valais import CH_NUMBERS, FR_NUMBERS

AMELI_SOURCE = "Assurance Maladie, ameli.fr (Trouver un médecin traitant)"
AMELI_GUIDE = "https://www.ameli.fr/assure/remboursements/etre-bien-rembourse/medecin-traitant"
AMELI_DIRECTORY = "https://annuairesante.ameli.fr/"


@dataclass(frozen=True)
class Alternative:
    """A place to turn to: ``title`` and ``text`` are French sources (``{area}`` is the
    département or canton's name), translated where shown; ``number`` a phone number, ``link``
    a web address, ``source`` who says so."""

    key: str
    title: str
    text: str
    source: str
    number: str | None = None
    link: str | None = None
    link_label: str | None = None


FRANCE = (
    Alternative(
        "cpam",
        N_("Votre caisse d’assurance maladie : CPAM — {area}"),
        N_(
            "La CPAM de votre département aide les personnes sans médecin traitant à en trouver "
            "un. Si les médecins que vous avez contactés refusent, son conciliateur (médiateur) "
            "peut être saisi : il vous propose un médecin disponible. Appelez le 36 46 (service "
            "gratuit + prix de l’appel) ou écrivez depuis votre compte ameli."
        ),
        AMELI_SOURCE,
        number="36 46",
        link=AMELI_GUIDE,
        link_label=N_("Trouver un médecin traitant (ameli.fr)"),
    ),
    Alternative(
        "directory",
        N_("L’annuaire santé de l’Assurance Maladie"),
        N_(
            "Les médecins généralistes près de chez vous, leurs coordonnées et leurs tarifs : "
            "appelez-les pour demander s’ils acceptent de nouveaux patients."
        ),
        "Assurance Maladie",
        link=AMELI_DIRECTORY,
        link_label=N_("Annuaire santé (annuairesante.ameli.fr)"),
    ),
)
_FR_CARE = tuple(c for c in FR_NUMBERS if c.key in ("116117", "15"))

VALAIS = tuple(
    Alternative(c.key, c.title, c.text, c.source, number=c.number)
    for c in CH_NUMBERS
    if c.key in ("on_call", "144")
)
SWITZERLAND = (
    Alternative(
        "society",
        N_("La société médicale de votre canton ({area})"),
        N_(
            "Les sociétés médicales cantonales tiennent la liste des médecins de famille et "
            "indiquent ceux qui acceptent de nouveaux patients ; le service de garde de votre "
            "canton vous oriente quand votre médecin est fermé."
        ),
        "FMH, sociétés cantonales de médecine",
    ),
    *(Alternative(c.key, c.title, c.text, c.source, number=c.number) for c in CH_NUMBERS[:1]),
)


def alternatives(country: str, canton: str | None = None) -> tuple[Alternative, ...]:
    """Where to turn from an uncovered commune of ``country`` (``FR`` or ``CH``; ``canton``
    its abbreviation, p. ex. ``VS``)."""
    if country == "CH":
        return VALAIS if canton == "VS" else SWITZERLAND
    return FRANCE + tuple(
        Alternative(c.key, c.title, c.text, c.source, number=c.number) for c in _FR_CARE
    )
