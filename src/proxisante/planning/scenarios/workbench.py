"""The analyst workbench: build a scenario on an area, run it, save and compare; site queries.

One service for the web API and pages (values in, values out). The planning engine is the one of
``plan scenario`` (national baseline, incremental recomputation, anchored APL) and ``plan site``;
the saved scenarios go through a :class:`ScenarioStore` port, each save and deletion through a
:class:`WorkbenchAudit` port (no personal data: communes, amounts, the area).

Who may use it (checked here, whatever the shell): analysts, on any area (the figures are public
aggregates), and coordinators, on areas that contain at least one commune of their own
territory. A scenario is visible to its owner only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from proxisante.access.anchoring import AnchorMethod, anchoring_note, method_label
from proxisante.access.port import TravelTimeProvider
from proxisante.errors import InternalError, NotFoundError, UserError
from proxisante.i18n import _, gettext
from proxisante.planning.scenarios.scenario import (
    KINDS,
    AdvancedConsultation,
    Change,
    GpLeave,
    IpaTime,
    Scenario,
    SeasonalPeak,
    StructureOpens,
)
from proxisante.planning.scenarios.whatif import AreaFigures, Baseline, area_result
from proxisante.territory.territory import Territory

if TYPE_CHECKING:
    from proxisante.planning.siting.territory import Prepared

ROLES = ("analyst", "coordinator")
CHANGE_KINDS = ("gp_leave", "structure_opens", "advanced_consultation", "ipa_time", "seasonal_peak")
MAX_CHANGES = 40
MAX_AMOUNT = 200.0
SITE_OBJECTIVES = ("mclp", "p-median", "apl-gain", "lift-above-2.5")
MAX_SITES = 20
LABEL = "SIMULATION"


class WorkbenchForbiddenError(UserError):
    """The caller's role or territory does not allow this."""

    http_status = 403


@dataclass(frozen=True)
class Caller:
    """Who asks: account id, role, and for a coordinator the communes of their territory."""

    user_id: int
    role: str
    communes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ChangeInput:
    """One change as the analyst sets it on the map.

    ``amount`` is GPs leaving (gp_leave), GP FTE of the structure (structure_opens), half-days a
    week (advanced_consultation, held at ``commune`` by a doctor of ``origin``), IPA / Asalée
    FTE (ipa_time, converted at ``ratio`` GP FTE per IPA FTE) or the occupancy of secondary
    homes, 0 to 1 (seasonal_peak: the summer peak over the whole area, ``commune`` unused).
    """

    kind: str
    commune: str
    amount: float
    origin: str | None = None
    structure: str = "msp"
    ratio: float = 0.5


@dataclass(frozen=True)
class CommuneChange:
    code: str
    name: str
    population: float
    apl_official: float | None
    apl_before: float | None
    apl_after: float | None
    apl_change: float
    class_before: str
    class_after: str
    crossing: str
    anchoring: str = AnchorMethod.RATIO.value
    anchoring_label: str = ""


@dataclass(frozen=True)
class RunResult:
    """The area's figures and one row per commune (anchored APL: the official APL moved by the
    model's change, ratio or flagged additive per commune: ``CommuneChange.anchoring``)."""

    territory: str
    territory_name: str
    changes: tuple[ChangeInput, ...]
    figures: AreaFigures
    communes: tuple[CommuneChange, ...]
    recomputed: int
    estimated_times: bool
    notes: tuple[str, ...]
    label: str = LABEL
    demand: str = ""
    anchoring: str = ""


@dataclass(frozen=True)
class SavedScenario:
    id: int
    user_id: int
    territory: str
    name: str
    changes: tuple[ChangeInput, ...]
    figures: AreaFigures
    created_at: datetime


@dataclass(frozen=True)
class StoredScenario:
    """A row of the store: the changes and the figures as JSON text."""

    id: int
    user_id: int
    territory: str
    name: str
    changes: str
    result: str
    created_at: datetime


@dataclass(frozen=True)
class SitePick:
    code: str
    name: str
    lon: float
    lat: float
    locked: bool


@dataclass(frozen=True)
class CommuneGain:
    """APL objectives: a commune whose anchored APL the chosen sites raise."""

    code: str
    name: str
    apl_before: float
    apl_after: float
    anchoring: str
    anchoring_label: str


@dataclass(frozen=True)
class SiteResult:
    territory: str
    objective: str
    p: int
    radius_min: float | None
    value: float
    gap: float
    optimal: bool
    method: str
    sites: tuple[SitePick, ...]
    figures: dict[str, float]
    estimated_times: bool
    label: str = LABEL
    notes: tuple[str, ...] = ()
    communes: tuple[CommuneGain, ...] = ()
    demand: str = ""


class ScenarioStore(Protocol):
    def add(self, row: StoredScenario) -> int: ...
    def for_area(self, user_id: int, territory: str) -> list[StoredScenario]: ...
    def get(self, user_id: int, scenario_id: int) -> StoredScenario | None: ...
    def delete(self, user_id: int, scenario_id: int) -> bool: ...


class WorkbenchAudit(Protocol):
    def record(self, action: str, detail: str) -> None: ...


class PlanningEngine:
    """The national baseline, built once per process (about a second), and the territory."""

    def __init__(self, home: Path, territory: Callable[[], Territory], travel: TravelTimeProvider):
        self.home, self.travel, self._territory = home, travel, territory
        self._baseline: Baseline | None = None
        self._lock = threading.Lock()

    def territory(self) -> Territory:
        return self._territory()

    def baseline(self) -> Baseline:
        """The baseline on the DREES standardised population (the APL's own demand)."""
        with self._lock:
            if self._baseline is None:
                from proxisante.planning.scenarios.baseline import build_baseline

                self._baseline = build_baseline(
                    self.territory(), self.home, self.travel, [], demand="drees-standardised"
                )
            return self._baseline


class WorkbenchService:
    def __init__(
        self,
        engine: PlanningEngine,
        store: ScenarioStore,
        audit: WorkbenchAudit,
        now: Callable[[], datetime],
    ) -> None:
        self.engine, self.store, self.audit, self.now = engine, store, audit, now

    # -- access -------------------------------------------------------------------------------
    @staticmethod
    def check_role(caller: Caller) -> None:
        if caller.role not in ROLES:
            raise WorkbenchForbiddenError(
                _("L'atelier de scénarios est réservé aux analystes et aux coordinations.")
            )

    def check_area(self, caller: Caller, territory: str) -> tuple[str, str, list[str]]:
        """The area's code, name and communes, if ``caller`` may work on it."""
        self.check_role(caller)
        terr = self.engine.territory()
        area = terr.area(territory)  # unknown code: a 404 with suggestions
        communes = [
            c for c in terr.communes_in(area.code) if terr.communes.loc[c, "country"] == "FR"
        ]
        if not communes:
            raise UserError(
                _("{name} ({code}) : l'atelier ne traite que des territoires français.").format(
                    name=area.name, code=area.code
                )
            )
        if caller.role == "coordinator" and not caller.communes & set(communes):
            raise WorkbenchForbiddenError(
                _(
                    "{name} ({code}) : hors du territoire de votre coordination ; choisissez un"
                    " territoire qui contient au moins une de ses communes."
                ).format(name=area.name, code=area.code)
            )
        return area.code, area.name, communes

    # -- scenarios ----------------------------------------------------------------------------
    def run(self, caller: Caller, territory: str, changes: Sequence[ChangeInput]) -> RunResult:
        """Run ``changes`` on the national baseline; figures of ``territory``'s communes."""
        from proxisante.planning.scenarios.whatif import run_scenario

        code, name, communes = self.check_area(caller, territory)
        scenario = to_scenario(code, changes, set(self.engine.baseline().codes), communes)
        baseline = self.engine.baseline()
        outcome = run_scenario(baseline, scenario)
        terr = self.engine.territory()
        result = area_result(terr, baseline, outcome, code)
        rows = _commune_rows(result.table, terr.communes.loc[result.codes, "name"])
        return RunResult(
            territory=code,
            territory_name=name,
            changes=tuple(changes),
            figures=result.figures,
            communes=rows,
            recomputed=outcome.recomputed,
            estimated_times=baseline.estimated_times,
            notes=outcome.notes,
            demand=baseline.demand_label,
            anchoring=anchoring_note(),
        )

    @staticmethod
    def check_name(name: str) -> str:
        title = name.strip()
        if not title or len(title) > 200:
            raise UserError(_("nom du scénario : 1 à 200 caractères attendus."))
        return title

    def save(
        self,
        caller: Caller,
        territory: str,
        name: str,
        changes: Sequence[ChangeInput],
        result: RunResult | None = None,
    ) -> SavedScenario:
        """Run ``changes`` (or take ``result``, their run already done) and save them."""
        title = self.check_name(name)
        if result is None:
            result = self.run(caller, territory, changes)
        else:
            self.check_area(caller, territory)
        row = StoredScenario(
            0,
            caller.user_id,
            result.territory,
            title,
            json.dumps([asdict(c) for c in changes]),
            json.dumps(asdict(result.figures)),
            self.now(),
        )
        new_id = self.store.add(row)
        self.audit.record(
            "planning.scenario.save",
            f"scenario={new_id} area={result.territory} changes={len(changes)}",
        )
        return _saved(replace(row, id=new_id))

    def saved(self, caller: Caller, territory: str) -> list[SavedScenario]:
        code, _name, _communes = self.check_area(caller, territory)
        return [_saved(r) for r in self.store.for_area(caller.user_id, code)]

    def get(self, caller: Caller, scenario_id: int) -> SavedScenario:
        """A saved scenario of the caller's (another user's: 404, its existence not disclosed)."""
        self.check_role(caller)
        row = self.store.get(caller.user_id, scenario_id)
        if row is None:
            raise NotFoundError(_("scénario {id} introuvable.").format(id=scenario_id))
        self.check_area(caller, row.territory)
        return _saved(row)

    def delete(self, caller: Caller, scenario_id: int) -> None:
        row = self.get(caller, scenario_id)
        self.store.delete(caller.user_id, row.id)
        self.audit.record("planning.scenario.delete", f"scenario={row.id} area={row.territory}")

    def compare(self, caller: Caller, ids: Sequence[int]) -> list[SavedScenario]:
        self.check_role(caller)
        if not 1 <= len(ids) <= 6:
            raise UserError(_("comparaison : de 1 à 6 scénarios attendus (ids=1,2)."))
        return [self.get(caller, i) for i in ids]

    # -- siting -------------------------------------------------------------------------------
    def site(
        self,
        caller: Caller,
        territory: str,
        objective: str,
        p: int,
        radius: float | None,
        time_limit_s: float = 30.0,
    ) -> SiteResult:
        from proxisante.planning.siting.aplgain import evaluate_candidates, solve_apl
        from proxisante.planning.siting.exact import SitingOptions, solve_exact
        from proxisante.planning.siting.territory import TerritorySiting, territory_instance

        code, _name, _communes = self.check_area(caller, territory)
        if objective not in SITE_OBJECTIVES:
            raise UserError(
                _("objectif {objective} inconnu : attendu l'un de {choices}.").format(
                    objective=repr(objective), choices=", ".join(SITE_OBJECTIVES)
                )
            )
        if not 1 <= p <= MAX_SITES:
            raise UserError(_("p : de 1 à {n} sites attendus.").format(n=MAX_SITES))
        if objective == "mclp" and radius is None:
            radius = 15.0
        prepared = territory_instance(
            TerritorySiting(code, objective, radius), self.engine.home, self.engine.travel
        )
        options = SitingOptions(objective, p, radius_min=radius, time_limit_s=time_limit_s)
        if prepared.apl is not None:
            first = evaluate_candidates(prepared.instance, options, prepared.apl)
            res = solve_apl(prepared.instance, options, prepared.apl, first=first)
        else:
            res = solve_exact(prepared.instance, options)
        picked = self.engine.territory().communes.loc[list(res.selected), ["name", "lon", "lat"]]
        opened = set(res.opened)
        lon, lat = picked["lon"].to_numpy(float), picked["lat"].to_numpy(float)
        sites = tuple(
            SitePick(str(c), str(n), float(x), float(y), str(c) not in opened)
            for c, n, x, y in zip(picked.index, picked["name"], lon, lat, strict=True)
        )
        return SiteResult(
            code,
            objective,
            p,
            radius,
            res.value,
            res.gap,
            res.optimal,
            res.method,
            sites,
            res.figures,
            prepared.estimated,
            notes=prepared.notes,
            communes=_gains(prepared, res.selected),
            demand=prepared.demand_label,
        )


MAX_GAINS = 50
"""Communes listed with their APL gain in a siting result (largest gains first)."""


def _gains(prepared: Prepared, selected: tuple[str, ...]) -> tuple[CommuneGain, ...]:
    from proxisante.planning.siting.aplgain import apl_after

    data, inst = prepared.apl, prepared.instance
    if data is None:
        return ()
    after = apl_after(inst, data, selected)
    up = np.flatnonzero(after - data.base_apl > 1e-9)
    up = up[np.argsort(-(after - data.base_apl)[up], kind="stable")][:MAX_GAINS]
    methods = data.anchoring or (AnchorMethod.NONE.value,) * inst.n_demand
    return tuple(
        CommuneGain(
            code=inst.demand_ids[i],
            name=prepared.names.get(inst.demand_ids[i], inst.demand_ids[i]),
            apl_before=float(data.base_apl[i]),
            apl_after=float(after[i]),
            anchoring=methods[i],
            anchoring_label=method_label(methods[i], short=True),
        )
        for i in up
    )


def to_scenario(
    territory: str,
    changes: Sequence[ChangeInput],
    known: set[str],
    area_communes: Sequence[str] = (),
) -> Scenario:
    """A planning :class:`Scenario` from the workbench's changes; every problem is a 400.

    ``area_communes``: the communes of the working area (a ``seasonal_peak`` covers them all).
    """
    if not changes:
        raise UserError(_("scénario vide : ajoutez au moins un changement sur la carte."))
    if len(changes) > MAX_CHANGES:
        raise UserError(_("au plus {n} changements par scénario.").format(n=MAX_CHANGES))
    return Scenario(
        "atelier",
        territory,
        tuple(_change(k + 1, c, known, area_communes) for k, c in enumerate(changes)),
    )


def _change(n: int, c: ChangeInput, known: set[str], area: Sequence[str] = ()) -> Change:
    where = _("changement {n}").format(n=n)
    if c.kind not in CHANGE_KINDS:
        raise UserError(
            _("{where} : type {kind} inconnu, attendu l'un de {kinds}.").format(
                where=where, kind=repr(c.kind), kinds=", ".join(CHANGE_KINDS)
            )
        )
    if c.kind == "seasonal_peak":
        if not (np.isfinite(c.amount) and 0 <= c.amount <= 1):
            raise UserError(
                _(
                    "{where} : occupation {amount} ; part des résidences secondaires occupées"
                    " entre 0 et 1 attendue (ex. 0.7)."
                ).format(where=where, amount=c.amount)
            )
        return SeasonalPeak(tuple(c for c in area if c in known), c.amount, None, None, n)
    for code in (c.commune, *((c.origin,) if c.kind == "advanced_consultation" else ())):
        if code not in known:
            raise UserError(
                _("{where} : commune {code} inconnue (code INSEE d'une commune française).").format(
                    where=where, code=repr(code)
                )
            )
    if not (np.isfinite(c.amount) and 0 < c.amount <= MAX_AMOUNT):
        raise UserError(
            _("{where} : quantité {amount} ; nombre > 0 et ≤ {max} attendu.").format(
                where=where, amount=c.amount, max=f"{MAX_AMOUNT:g}"
            )
        )
    if c.kind == "gp_leave":
        return GpLeave(c.commune, c.amount, n)
    if c.kind == "structure_opens":
        if c.structure not in KINDS:
            raise UserError(
                _("{where} : structure {kind}, attendu msp ou centre_sante.").format(
                    where=where, kind=repr(c.structure)
                )
            )
        return StructureOpens(c.commune, c.amount, c.structure, n)
    if c.kind == "advanced_consultation":
        if c.origin is None:
            raise InternalError("invariant broken: an advanced consultation without origin")
        return AdvancedConsultation(c.origin, c.commune, c.amount, n)
    if not (np.isfinite(c.ratio) and 0 < c.ratio <= 1):
        raise UserError(
            _("{where} : ratio {ratio} ; nombre > 0 et ≤ 1 attendu.").format(
                where=where, ratio=c.ratio
            )
        )
    return IpaTime(c.commune, c.amount, c.ratio, n)


def _num(v: float) -> float | None:
    return float(v) if np.isfinite(v) else None


def _commune_rows(table: pd.DataFrame, names: pd.Series) -> tuple[CommuneChange, ...]:
    out = []
    for code in table.index:
        r = table.loc[code]
        out.append(
            CommuneChange(
                code=str(code),
                name=str(names[code]),
                population=float(r["population"]),
                apl_official=_num(float(r["apl_official"])),
                apl_before=_num(float(r["apl_anchored_before"])),
                apl_after=_num(float(r["apl_anchored_after"])),
                apl_change=float(r["apl_change"]),
                class_before=gettext(str(r["class_before"])),
                class_after=gettext(str(r["class_after"])),
                crossing=gettext(str(r["crossing"])) if r["crossing"] else "",
                anchoring=str(r["anchoring"]),
                anchoring_label=method_label(str(r["anchoring"]), short=True),
            )
        )
    return tuple(out)


def _saved(row: StoredScenario) -> SavedScenario:
    changes = tuple(ChangeInput(**c) for c in json.loads(row.changes))
    figures = AreaFigures(**json.loads(row.result))
    return SavedScenario(
        row.id, row.user_id, row.territory, row.name, changes, figures, row.created_at
    )
