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
    "postcodes": "search",  # the place search's data, no figure of a diagnosis
    "bfs": "CH",
    "swisstopo": "CH",
    "swisstopo_localities": "search",
    "swiss-maps": "CH",
    "ovs_primary_care": "CH",
    "hospitals_ch": "CH",
}


def source_applies(source_id: str, country: str) -> bool:
    """Whether the source ``source_id`` serves figures of ``country`` (``FR``/``CH``)."""
    return SOURCE_COUNTRIES.get(source_id, country) == country
