# ruff: noqa: E501 - the texts are quoted verbatim from provenance.json
"""The descriptions, vintages and notes of the embedded bundle's sources, marked for the
translation catalogues (``provenance.json`` holds them in French or English; the reports show
them in the report's language). Add the texts of a new source here and run ``make i18n``."""

from __future__ import annotations

from proxisante.i18n import N_

SOURCE_TEXTS = (
    N_("Communes (COG 2026), EPCI 2026, départements, régions; populations légales"),
    N_("COG au 1er janvier 2026; population municipale millésime 2023"),
    N_("Contours simplifiés des communes et localisation des mairies"),
    N_("COG 2025/2026 geography"),
    N_("Médecins généralistes libéraux par commune (équipement D201)"),
    N_("2020 counts, geography COG 2021 (re-keyed to COG 2026)"),
    N_("APL aux médecins généralistes 2022 et 2023, population standardisée"),
    N_("APL 2022 (population 2020), APL 2023 (population 2021); re-keyed to COG 2026"),
    N_("Revenu disponible médian par UC, taux de pauvreté (60 %)"),
    N_("2021 incomes; poverty rate secret below ~1,000 tax households"),
    N_("Établissements hospitaliers (sites géolocalisés), FR et CH"),
    N_("No emergency-department flags: hospitals are only a proxy for emergency care."),
    N_(
        "Équipements de santé par département : médecins généralistes, urgences, infirmiers, pharmacies, chirurgiens-dentistes; estimation de population 2025"
    ),
    N_("BPE 2024; population estimate 2025; geography = départements"),
    N_("Urgences = BPE emergency services (D106). Secret values are missing, not 0."),
    N_(
        "Squelette du réseau routier national (autoroutes, routes nationales) : extrémités des sections et longueurs"
    ),
    N_("réseau au 1er janvier 2019"),
    N_(
        "Forme compacte : extrémités des sections converties de Lambert-93 en WGS84, longueur, type (A autoroute, N route nationale, L raccordement)."
    ),
    N_(
        "Effectifs de médecins (toutes spécialités), infirmiers et chirurgiens-dentistes par département et par tranche d'âge (France entière), 2012-2020"
    ),
    N_(
        "Médecins by département of registration (dep_insc), dentists by département of activity (dep_act), nurses by ADELI département; ages are national only."
    ),
    N_("Communes du Valais, districts, population 2019 et structure par âge"),
    N_("register 2023-01-01; population and age shares 2019"),
    N_("Localités (point principal des communes du Valais)"),
    N_("Limites des communes du Valais (généralisées)"),
    N_(
        "Population par département et tranche d'âge quinquennale (ensemble des sexes), 1990-2021 : pyramides des âges pour le vieillissement de la demande"
    ),
    N_("1990-2021 as published in March 2021 (2019-2021 provisional)"),
    N_(
        "Bands of the DREES standardised population (0-4 … 85-89, 90+); 90+ = total minus the bands under 90 (INSEE has no detail beyond 90 for three DOM before 1999). Old vintage: INSEE has revised the recent years since."
    ),
)
