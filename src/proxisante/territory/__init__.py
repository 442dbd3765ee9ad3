"""The territory: areas in a tree (commune → EPCI → département → région → France; commune →
district → region → canton in Valais), their populations, professionals and structures, the
embedded open-data bundle and the importers of official formats."""

from __future__ import annotations

from functools import cache

from proxisante.territory.model import Area, normalise_code
from proxisante.territory.territory import Territory

__all__ = ["Area", "Territory", "load_territory", "normalise_code"]


@cache
def load_territory() -> Territory:
    """The territory of the embedded bundle (read once per process)."""
    from proxisante.territory.bundle import commune_extras, read_table

    com = read_table("communes").set_index("code")
    com = com.join(commune_extras(), how="left")
    areas = read_table("areas")
    hospitals = read_table("hospitals")
    is_arm = com["level"] == "arrondissement"
    return Territory(
        communes=com[~is_arm].copy(),
        arrondissements=com[is_arm].copy(),
        areas=areas,
        hospitals=hospitals,
        aliases=read_table("places"),
    )
