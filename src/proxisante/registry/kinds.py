"""The declaration rules of each capacity kind (:class:`~.entities.CapacityKind`).

The matching rules live in :meth:`~.entities.Capacity.accepts` (which list a capacity serves,
the area of a shared time, the adults with ALD of an IPA / Asalée follow-up); here, what a
declaration of each kind must carry. Each problem is one French sentence naming the field and
what was expected; the service joins them into one :class:`~._errors.RegistryError`.
"""

from __future__ import annotations

import re
from collections.abc import Set
from datetime import date, timedelta

from proxisante.i18n import _
from proxisante.registry.entities import PROFESSIONS, CapacityKind
from proxisante.registry.ports import CapacityDeclaration

KINDS = tuple(k.value for k in CapacityKind)
MAX_AREA = 20
MAX_DAYS = 20
RETIRED_MAX = timedelta(days=366)
_FINESS = re.compile(r"(?:[0-9]{2}|2A|2B)[0-9]{7}")
_DOCTORS = ("generalist", "team")


def check_kind(
    d: CapacityDeclaration, profession: str, communes: Set[str], today: date
) -> list[str]:
    """Every problem of declaration ``d`` by a professional of ``profession``."""
    if d.kind not in KINDS:
        return [
            _("kind {kind} inconnu ; attendu {kinds}").format(
                kind=repr(d.kind), kinds=", ".join(KINDS)
            )
        ]
    out = _extras(d)
    kind = CapacityKind(d.kind)
    doctors_only = (CapacityKind.RETIRED_POOL, CapacityKind.SHARED_TIME, CapacityKind.HOSPITAL_LOAN)
    if kind in doctors_only and profession not in _DOCTORS:
        out.append(
            _("kind {kind} : réservé aux médecins (profession generalist), reçu {p}").format(
                kind=d.kind, p=repr(profession)
            )
        )
    if kind == CapacityKind.IPA_ASALEE and profession != "nurse":
        out.append(
            _("kind ipa_asalee : réservé aux infirmiers (profession nurse), reçu {p}").format(
                p=repr(profession)
            )
        )
    if kind in (CapacityKind.RETIRED_POOL, CapacityKind.HOSPITAL_LOAN) and d.valid_until is None:
        out.append(
            _("kind {kind} : valid_until obligatoire (fin de l'engagement)").format(kind=d.kind)
        )
    if kind == CapacityKind.RETIRED_POOL and d.valid_until and d.valid_until > today + RETIRED_MAX:
        out.append(_("kind retired_pool : valid_until à un an au plus (engagement renouvelable)"))
    if kind == CapacityKind.HOSPITAL_LOAN and not (
        d.lender_finess and _FINESS.fullmatch(d.lender_finess)
    ):
        out.append(
            _(
                "kind hospital_loan : lender_finess obligatoire, le numéro FINESS de l'hôpital "
                "prêteur (9 caractères, p. ex. 030780092)"
            )
        )
    if kind == CapacityKind.SHARED_TIME:
        out += _shared_time(d, communes)
    return out


def _extras(d: CapacityDeclaration) -> list[str]:
    """Fields that belong to another kind."""
    out = []
    if d.kind != CapacityKind.SHARED_TIME and (d.days_per_month is not None or d.area):
        out.append(_("days_per_month et area ne valent que pour kind shared_time"))
    if d.kind != CapacityKind.HOSPITAL_LOAN and d.lender_finess is not None:
        out.append(_("lender_finess ne vaut que pour kind hospital_loan"))
    return out


def _shared_time(d: CapacityDeclaration, communes: Set[str]) -> list[str]:
    out = []
    if d.days_per_month is None or not 1 <= d.days_per_month <= MAX_DAYS:
        out.append(
            _("kind shared_time : days_per_month attendu de 1 à {n} jours par mois").format(
                n=MAX_DAYS
            )
        )
    if not 1 <= len(d.area) <= MAX_AREA:
        out.append(
            _("kind shared_time : area attendue, 1 à {n} communes du territoire").format(n=MAX_AREA)
        )
    unknown = sorted(set(d.area) - set(communes))
    if unknown:
        out.append(
            _("kind shared_time : area hors du territoire : {codes}").format(
                codes=", ".join(unknown[:10])
            )
        )
    return out


__all__ = ["KINDS", "PROFESSIONS", "check_kind"]
