"""FICTITIOUS example content of the installation portal for ``serve --demo`` (real communes
of Allier, invented offers, people and addresses)."""

from __future__ import annotations

from datetime import date, timedelta

from proxisante.portal.model import ItemDraft, ItemKind


def demo_items(today: date) -> list[ItemDraft]:
    year = today + timedelta(days=365)
    k = ItemKind
    return [
        ItemDraft(
            k.INTERNSHIP,
            "03190",
            "Stage de médecine générale — MSP des Bords d'Allier (fictive)",
            "Internat de médecine générale, semestre d'hiver.",
            places=2,
            supervisor="Dr Maître-de-Stage Un (fictif)",
            fictitious=True,
        ),
        ItemDraft(
            k.INTERNSHIP,
            "03321",
            "Stage SASPAS — cabinet de Yzeure (fictif)",
            places=1,
            supervisor="Dr Maître-de-Stage Deux (fictif)",
            fictitious=True,
        ),
        ItemDraft(
            k.INTERNSHIP,
            "03310",
            "Stage de médecine générale — Vichy (fictif)",
            places=2,
            supervisor="Dr Maître-de-Stage Trois (fictif)",
            fictitious=True,
        ),
        ItemDraft(
            k.AID,
            "03190",
            "Aide à l'installation en zone d'intervention prioritaire (exemple fictif)",
            "Montant et conditions : voir la source officielle.",
            url="https://www.ars.sante.fr/",
            valid_until=year,
            fictitious=True,
        ),
        ItemDraft(
            k.PROCEDURE,
            "03190",
            "S'inscrire au tableau de l'Ordre (exemple fictif)",
            url="https://www.conseil-national.medecin.fr/",
            valid_until=year,
            fictitious=True,
        ),
        ItemDraft(
            k.CONTACT,
            "03190",
            "Guichet unique d'installation de l'Allier (fictif)",
            contact="Chargée de mission installation (fictive) — 04 00 00 00 00",
            fictitious=True,
        ),
        ItemDraft(
            k.CONTACT,
            "03310",
            "Référente installation de Vichy Communauté (fictive)",
            "Accueil des internes et des médecins qui s'installent dans l'agglomération.",
            contact="Référente installation (fictive) — 04 00 00 00 01",
            fictitious=True,
        ),
        ItemDraft(
            k.HOUSING,
            "03095",
            "Chambre meublée pour internes à Cusset (fictive)",
            "À dix minutes du centre hospitalier de Vichy.",
            valid_until=year,
            fictitious=True,
        ),
        ItemDraft(
            k.HOUSING,
            "03190",
            "Studio meublé pour internes, centre de Moulins (fictif)",
            "Loyer modéré, proche de l'hôpital.",
            valid_until=year,
            fictitious=True,
        ),
    ]
