"""The classification "urgence / vigilance / proche du niveau régional" (Pays Vichy Auvergne).

Rule, on the official DREES APL 2023 of the territory (A), of its région (R) and the share of
its population living in a sous-dense commune (S, APL < 2.5):

- **urgence**: A < 2.5, or S ≥ 50 %;
- **vigilance**: A < 90 % of R, or S ≥ 20 %;
- **proche du niveau régional**: otherwise;
- **non classé**: no official APL (Valais, Mayotte).
"""

from __future__ import annotations

from dataclasses import dataclass

from proxisante.access.apl import UNDER_SERVED_APL

URGENCE_APL = UNDER_SERVED_APL  # urgence starts where the DREES sous-dense threshold does
URGENCE_SHARE = 0.5
VIGILANCE_RATIO = 0.9
VIGILANCE_SHARE = 0.2


@dataclass(frozen=True)
class Classification:
    klass: str
    reasons: tuple[str, ...]


def classify(
    apl: float | None, regional_apl: float | None, share_sous_dense: float | None
) -> Classification:
    """Class of a territory by the documented rule.

    >>> classify(2.3, 3.4, 0.6).klass, classify(3.0, 3.5, 0.1).klass, classify(3.4, 3.4, 0.0).klass
    ('urgence', 'vigilance', 'proche')
    >>> classify(None, None, None).klass
    'non_classe'
    """
    if apl is None:
        return Classification("non_classe", ("no_apl",))
    share = share_sous_dense or 0.0
    reasons = []
    if apl < URGENCE_APL:
        reasons.append("apl_below_2_5")
    if share >= URGENCE_SHARE:
        reasons.append("half_sous_dense")
    if reasons:
        return Classification("urgence", tuple(reasons))
    if regional_apl is not None and apl < VIGILANCE_RATIO * regional_apl:
        reasons.append("apl_below_90pct_region")
    if share >= VIGILANCE_SHARE:
        reasons.append("fifth_sous_dense")
    if reasons:
        return Classification("vigilance", tuple(reasons))
    return Classification("proche", ())


def classify_commune(apl: float | None, regional_apl: float | None) -> Classification:
    """Class of one commune: the territory rule with the commune's whole population in a
    sous-dense commune when its own APL is under the sous-dense threshold (none otherwise).

    >>> classify_commune(2.4, 3.4).klass, classify_commune(3.2, 3.4).klass
    ('urgence', 'proche')
    >>> classify_commune(None, 3.4).klass
    'non_classe'
    """
    if apl is None:
        return Classification("non_classe", ("no_apl",))
    return classify(apl, regional_apl, 1.0 if apl < UNDER_SERVED_APL else 0.0)
