"""The colour scales of the maps, defined once: the web maps read them as JSON
(``scales_json``, put in the page for ``static/js/map.js``) and the diagnostic document's SVG
maps use the same breaks and colours (``reports/svg.py``), so a commune has one colour online
and on paper.

Colours: viridis (sequential, colour-blind-safe, readable in print), dark = the worse end
(low APL, long travel times); Okabe-Ito colours for the classes. Breaks: ``value < breaks[0]``
takes the first colour, ``breaks[i-1] <= value < breaks[i]`` the next one, and so on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from proxisante.access.apl import UNDER_SERVED_APL

# Low → high. For indicators where higher is better, the first (dark) colour is the worst.
PALETTE = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
NO_DATA = "#e5e5e5"
CLASS_COLOURS = {
    "urgence": "#d55e00",
    "vigilance": "#f0e442",
    "proche": "#0072b2",
    "non_classe": "#bababa",
}


@dataclass(frozen=True)
class Scale:
    """Breaks of one indicator; ``reverse``: higher is worse (times), so the palette runs the
    other way; ``digits``: decimals of the legend; ``unit``: the formatting unit of
    ``diagnosis.formatting`` for the PDF legend."""

    breaks: tuple[float, ...]
    digits: int
    reverse: bool = False
    unit: str = "ratio"

    @property
    def colours(self) -> tuple[str, ...]:
        return PALETTE[::-1] if self.reverse else PALETTE

    def colour(self, value: float | None) -> str | None:
        """The colour of ``value`` (None when missing)."""
        if value is None or not math.isfinite(value):
            return None
        i = sum(1 for b in self.breaks if value >= b)
        return self.colours[i]


SCALES: dict[str, Scale] = {
    # Official and computed APL (consultations per year per standardised inhabitant): the first
    # break is the DREES sous-dense threshold (2.5), the last the upper bound of the national
    # zoning's "vivier" (4).
    "apl": Scale((UNDER_SERVED_APL, 3.0, 3.5, 4.0), 1, unit="apl"),
    "apl_computed": Scale((UNDER_SERVED_APL, 3.0, 3.5, 4.0), 1, unit="apl"),
    "access_ch": Scale((0.5, 0.65, 0.8, 0.95), 2),
    "gp_density": Scale((4.0, 6.0, 8.0, 10.0), 1, unit="per10k"),
    "minutes_gp": Scale((5.0, 10.0, 15.0, 20.0), 0, reverse=True, unit="minutes"),
    "minutes_emergency": Scale((15.0, 30.0, 45.0, 60.0), 0, reverse=True, unit="minutes"),
    # Nurses: FTE per 100 000 standardised inhabitants (national value 2023: 156).
    "apl_nurse": Scale((100.0, 130.0, 160.0, 200.0), 0, unit="fte100k"),
}
CLASSES = ("urgence", "vigilance", "proche", "non_classe")


def scales_json() -> dict[str, object]:
    """The scales as the map script reads them (``INDICATORS`` of ``map.js``)."""
    indicators: dict[str, object] = {
        key: {"breaks": list(s.breaks), "digits": s.digits, "reverse": s.reverse}
        for key, s in SCALES.items()
    }
    indicators["class"] = {
        "classes": list(CLASSES),
        "colours": [CLASS_COLOURS[k] for k in CLASSES],
    }
    return {"palette": list(PALETTE), "nodata": NO_DATA, "indicators": indicators}
