"""The texts of the privacy notice (information of the persons, RGPD articles 13 and 14; Swiss
LPD article 19), written once: the public page ``/donnees-personnelles`` and the letter sent
with an export show the same sections, in the reader's language.

The country of the territory decides the law and the authority: in France the RGPD and the
CNIL; in Valais the federal data protection act (LPD) or, for a cantonal or communal body, the
cantonal law (LIPDA), and the cantonal data protection authority. The legal basis shown is the
default this software proposes; ``docs/explanation/privacy.md`` explains it and what the
controller must confirm.
"""

from __future__ import annotations

from dataclasses import dataclass

from proxisante.i18n import _, ngettext
from proxisante.registry.privacy import Controller


@dataclass(frozen=True)
class NoticeSection:
    key: str
    title: str
    paragraphs: tuple[str, ...]


def notice_sections(controller: Controller, country: str) -> tuple[NoticeSection, ...]:
    """Every section of the notice, in the current language."""
    return (
        NoticeSection("controller", _("Responsable du traitement"), controller_lines(controller)),
        NoticeSection("purposes", _("Finalités"), _purposes()),
        NoticeSection("legal_basis", _("Base légale"), _legal_basis(country)),
        NoticeSection("data", _("Données traitées"), _data()),
        NoticeSection("recipients", _("Destinataires"), _recipients()),
        NoticeSection("retention", _("Durée de conservation"), retention_lines(controller)),
        NoticeSection("rights", _("Vos droits"), rights_lines(controller, country)),
        NoticeSection("complaint", _("Réclamation"), complaint_lines(country)),
    )


def controller_lines(c: Controller) -> tuple[str, ...]:
    lines = [c.structure]
    if c.address:
        lines.append(c.address)
    contact = " — ".join(x for x in (c.email, c.phone) if x)
    lines.append(
        _("Contact : {contact}").format(contact=contact)
        if contact
        else _("Contact : la coordination de la structure (coordonnées non encore renseignées).")
    )
    if c.dpo:
        lines.append(_("Délégué à la protection des données : {dpo}").format(dpo=c.dpo))
    return tuple(lines)


def _purposes() -> tuple[str, ...]:
    return (
        _(
            "Tenir la liste territoriale des personnes qui cherchent un médecin traitant (ou un "
            "autre professionnel de premier recours), fixer l’ordre de priorité des demandes et "
            "les proposer aux professionnels du territoire qui ont de la place."
        ),
        _(
            "Prévenir la personne, par courriel ou SMS, quand une proposition est faite ou "
            "acceptée."
        ),
        _(
            "Produire des chiffres anonymes (petits effectifs masqués) pour organiser l’offre de "
            "soins du territoire. Aucune décision n’est prise par le seul calcul : la "
            "coordination et les professionnels décident."
        ),
    )


def _legal_basis(country: str) -> tuple[str, ...]:
    if country == "ch":
        return (
            _(
                "Loi fédérale sur la protection des données (LPD) pour un organisme privé ; pour "
                "un organe cantonal ou communal, la loi valaisanne sur l’information du public, "
                "la protection des données et l’archivage (LIPDA)."
            ),
            _(
                "Les données sur la santé sont des données sensibles : elles ne sont traitées "
                "que pour les finalités ci-dessus, à la demande de la personne, par des "
                "personnes tenues au secret professionnel."
            ),
        )
    return (
        _(
            "Mission d’intérêt public de la structure (RGPD, article 6.1.e) ; pour les données "
            "de santé, la gestion des services de soins de santé par des personnes tenues au "
            "secret professionnel (RGPD, article 9.2.h et 9.3 ; code de la santé publique, "
            "article L. 1110-4)."
        ),
        _(
            "L’accord donné à l’inscription atteste que la personne demande à figurer sur la "
            "liste ; elle peut retirer sa demande à tout moment."
        ),
    )


def _data() -> tuple[str, ...]:
    return (
        _("Identité : nom, prénom, date de naissance ; commune de résidence."),
        _("Contact : téléphone, courriel (facultatifs) ; langue de consultation."),
        _(
            "Situation, pour la priorité : affection de longue durée, grossesse, handicap, "
            "mobilité réduite, C2S ou AME, perte du médecin traitant (données de santé)."
        ),
        _("Suivi : statut de la demande, propositions faites, journal des accès à la fiche."),
    )


def _recipients() -> tuple[str, ...]:
    return (
        _("La coordination de la structure (comptes nominatifs, chaque accès est tracé)."),
        _(
            "Le professionnel de santé à qui la demande est proposée, pendant la proposition, "
            "et celui qui l’accepte."
        ),
        _(
            "L’aidant ou la structure d’accompagnement qui a fait l’inscription, pour ses "
            "seules demandes."
        ),
        _(
            "L’hébergeur de la plateforme, sous-traitant de la structure. Aucune autre "
            "transmission, aucune vente ; les analystes et les élus ne voient que des chiffres "
            "anonymes."
        ),
    )


def retention_lines(c: Controller) -> tuple[str, ...]:
    months = c.retention_months
    return (
        _("Tant que la demande est ouverte (en attente ou proposée à un professionnel)."),
        ngettext(
            "Après le rattachement à un professionnel ou le retrait de la demande : {n} mois, "
            "puis effacement automatique.",
            "Après le rattachement à un professionnel ou le retrait de la demande : {n} mois, "
            "puis effacement automatique.",
            months,
        ).format(n=months),
        _(
            "Restent ensuite des comptes anonymes (niveau de priorité, commune, jours "
            "d’inscription et de sortie) et le journal des accès, sans donnée personnelle. Les "
            "sauvegardes sont écrasées par rotation."
        ),
    )


def rights_lines(c: Controller, country: str) -> tuple[str, ...]:
    contact = " — ".join(x for x in (c.email, c.phone) if x) or c.structure
    delay = (
        _("La structure répond dans un délai de 30 jours.")
        if country == "ch"
        else _("La structure répond dans un délai d’un mois (RGPD, article 12).")
    )
    return (
        _(
            "Accès : obtenir une copie de toutes vos données (lettre et fichier) et la liste "
            "des accès à votre fiche."
        ),
        _("Rectification : faire corriger une donnée inexacte ; la priorité est alors recalculée."),
        _("Effacement : faire effacer vos données ; votre demande quitte alors la liste."),
        _(
            "Limitation et opposition : retirer votre demande de la liste à tout moment, sans "
            "avoir à vous justifier."
        ),
        _("Pour exercer ces droits : {contact}.").format(contact=contact),
        delay,
    )


def complaint_lines(country: str) -> tuple[str, ...]:
    if country == "ch":
        return (
            _(
                "Préposé cantonal à la protection des données et à la transparence du canton du "
                "Valais (pour un organe cantonal ou communal)."
            ),
            _(
                "Préposé fédéral à la protection des données et à la transparence (PFPDT), "
                "www.edoeb.admin.ch (pour un organisme privé)."
            ),
        )
    return (
        _(
            "Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, "
            "TSA 80715, 75334 Paris Cedex 07 — www.cnil.fr/plaintes."
        ),
    )
