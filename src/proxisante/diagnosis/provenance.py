# ruff: noqa: E501 - the texts are quoted verbatim from provenance.json
"""The descriptions, vintages and notes of the embedded bundle's sources, marked for the
translation catalogues, and the country each source serves (``provenance.json`` holds them in French or English; the reports show
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
    N_(
        "No emergency-department flags: the emergency layer is sae2025_urgences and valais_urgences; a proxy built on these hospitals is only a labelled fallback."
    ),
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
        "Forme compacte : extrémités des sections converties de Lambert-93 en WGS84, longueur, type (A autoroute, N route nationale, L raccordement). Les cartes publiques en tirent roads.geojson : sections A et N fusionnées par route, simplifiées (0,004°) et arrondies (0,001°), sans les raccordements."
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
        "Services d'urgence autorisés en France (sites géographiques) : urgences générales, pédiatriques, saisonnières, antennes ; passages annuels"
    ),
    N_("SAE 2025; FINESS 2026-05-12"),
    N_(
        "616 sites with coordinates (one authorised site, 830200523, has none). SMUR bases and maisons médicales de garde are not in it. Seasonal-only sites count only in July-August (none in this file: its 3 seasonal sites also hold a general authorisation)."
    ),
    N_(
        "Services d'urgence du Valais et du Chablais : Sion et Viège 24 h/24, Martigny de jour (8-18 h depuis le 9 janvier 2023), Rennaz (VD) pour le Chablais"
    ),
    N_("organisation 2023-2024"),
    N_(
        "No Swiss list of emergency departments was within reach: only the four sites of the published facts. Rennaz is placed at its locality point (the hospital opened in 2019, after the OFSP 2017 list)."
    ),
    N_(
        "APL aux infirmières par commune 2022 et 2023 (ETP pour 100 000 habitants standardisés), population standardisée pour les infirmières"
    ),
    N_(
        "APL 2022 (activité 2022, population 2020), APL 2023 (activité 2023, population 2021); re-keyed to COG 2026"
    ),
    N_(
        "Champ : infirmières libérales de 65 ans ou moins et salariées des centres de santé ; pas comparable en niveau à l'APL aux médecins (unités différentes)."
    ),
    N_("Effectifs d'infirmiers libéraux actifs par département et tranche d'âge, 2012-2023"),
    N_("Effectifs (têtes), pas des ETP ; les deux sexes."),
    N_(
        "APL 2024 et 2023 par département : médecins généralistes, infirmiers, masseurs-kinésithérapeutes, sages-femmes, chirurgiens-dentistes"
    ),
    N_("APL 2024 (et 2023)"),
    N_(
        "Moyennes départementales seulement ; valeurs arrondies à 0,01 (médecins) ou 0,1 ; 2023 vérifiée égale à notre agrégation des fichiers communaux DREES."
    ),
    N_(
        "Résidences secondaires et logements occasionnels, logements, ménages, population par commune (recensement 2018)"
    ),
    N_("RP 2018, géographie au 1er janvier 2021 (re-keyed to COG 2026)"),
    N_(
        "Pas de capacité d'hébergement touristique (hôtels, campings) : la population saisonnière qui en dépend n'est pas comptée."
    ),
    N_("Zonage médecins généralistes (ZIP, ZAC, hors zonage, ZAR) et ZRR par commune"),
    N_("Inconnu (zonages antérieurs aux révisions de 2025)"),
    N_(
        "PROVENANCE NON VÉRIFIÉE : couche provisoire, jamais présentée comme officielle. Sans code INSEE : joint par département + nom normalisé (code postal pour les homonymes) ; lignes non jointes dans rekeying.zoning_compiled."
    ),
    N_(
        "Pôles des bassins de vie 2022 (code et libellé) et indicateurs par bassin de vie : APL médecins 2023, densités de généralistes, infirmiers, sages-femmes libéraux 2024, pharmacies"
    ),
    N_("Bassins de vie 2022 ; densités 2024"),
    N_(
        "Sans table d'appartenance commune → bassin de vie : ProxiSanté rattache chaque commune au pôle le plus proche en temps de trajet (reconstitution approchée)."
    ),
    N_(
        "Population par département et tranche d'âge quinquennale (ensemble des sexes), 1990-2021 : pyramides des âges pour le vieillissement de la demande"
    ),
    N_("1990-2021 as published in March 2021 (2019-2021 provisional)"),
    N_(
        "Bands of the DREES standardised population (0-4 … 85-89, 90+); 90+ = total minus the bands under 90 (INSEE has no detail beyond 90 for three DOM before 1999). Old vintage: INSEE has revised the recent years since."
    ),
    N_("Codes postaux des communes ; noms des communes déléguées et associées"),
    N_("COG au 1er janvier 2026"),
    N_("Localités et numéros postaux (NPA) des communes du Valais"),
    N_(
        "Médecins de premier recours du Valais : densité en EPT pour 1 000 habitants par région (enquête 2018) et effectif 2021"
    ),
    N_("enquête 2018 ; effectif 2021"),
    N_(
        "Pas de décompte par commune : la valeur d'une commune est une estimation (densité de sa région × sa population)."
    ),
    N_("Sites hospitaliers du Valais (géolocalisés)"),
    N_("Aucun repérage des services d'urgence dans ce fichier."),
    # Publishers, packagers and licences of the Swiss sources (official names in each language).
    N_(
        "Office fédéral de la statistique (OFS/BFS): répertoire officiel des communes (état 01.01.2023), portraits régionaux 2021"
    ),
    N_("OGD Suisse, libre utilisation avec indication de la source"),
    N_("swisstopo, répertoire officiel des localités"),
    N_("OGD swisstopo (© swisstopo)"),
    N_("OFS/BFS GEOSTAT (swisstopo), packaged by Interactive Things swiss-maps 4.7.0"),
    N_("OGD (attribution); package BSD-3-Clause"),
    N_("Observatoire valaisan de la santé (OVS)"),
    N_("chiffres publiés cités avec leur source (pas de fichier)"),
    N_("OFSP/BAG, liste des hôpitaux, compilée par Eurostat GISCO 'Healthcare services in Europe'"),
    N_("OGD Suisse (attribution) ; compilation EUPL-1.2"),
)

# The country whose figures each source of the bundle serves: a diagnosis lists the sources of
# its own country only (a Valais diagnosis never cites a French source); ``search``: data of
# the place search, cited by no diagnosis. A source not named here is listed for both.
SOURCE_COUNTRIES = {
    "cog2026": "FR",
    "contours": "FR",
    "bpe2020": "FR",
    "apl": "FR",
    "filosofi2021": "FR",
    "hospitals": "FR",
    "bpe2024_departements": "FR",
    "drees_demographie": "FR",
    "tmja2019": "FR",
    "sae2025_urgences": "FR",
    "insee_estimations_dep": "FR",
    "apl_infirmieres": "FR",
    "infirmiers_liberaux": "FR",
    "apl_departements_2024": "FR",
    "insee_comparateur_2018": "FR",
    "zonage_medecins_compilation": "FR",
    "cartosante_bv2022": "FR",
    "postcodes": "search",  # the place search's data, no figure of a diagnosis
    "bfs": "CH",
    "swisstopo": "CH",
    "swisstopo_localities": "search",
    "swiss-maps": "CH",
    "ovs_primary_care": "CH",
    "hospitals_ch": "CH",
    "valais_urgences": "CH",
}


def source_applies(source_id: str, country: str) -> bool:
    """Whether the source ``source_id`` serves figures of ``country`` (``FR``/``CH``)."""
    return SOURCE_COUNTRIES.get(source_id, country) == country
