"""``proxisante diagnostic --batch PARENT``: the diagnosis of every EPCI (France) or district
(Valais) of a parent territory, on every core.

The parent process loads the territory and the shared inputs once; worker processes are forked
from it (copy-on-write, nothing re-read or pickled) and each writes the files of one territory,
returning a small :class:`BatchEntry` for the index. Files of each territory are written all or
nothing (``reports.writer``); the index is written last.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from proxisante.errors import UserError
from proxisante.i18n import _

if TYPE_CHECKING:
    from proxisante.diagnosis import DiagnosticInputs
    from proxisante.diagnosis.shared import SharedComputations
    from proxisante.territory import Territory

LOGGER = logging.getLogger(__name__)

# Parent levels a batch accepts, and the level of the territories it writes.
FR_PARENTS = ("departement", "region", "country")
CH_PARENTS = ("ch_canton", "ch_region")


@dataclass(frozen=True)
class BatchEntry:
    """What the index and the summary show of one written diagnosis."""

    code: str
    name: str
    klass: str
    class_label: str
    population: str
    gp_per_10k: str
    apl_2023: str
    files: tuple[str, ...]

    def summary(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "class": self.klass, "files": self.files}


@dataclass(frozen=True)
class BatchFailure:
    """A territory whose diagnosis failed: the batch goes on and reports it at the end."""

    code: str
    error: str


def _guarded(work: Callable[[str], BatchEntry], code: str) -> BatchEntry | BatchFailure:
    try:
        return work(code)
    except UserError as exc:
        return BatchFailure(code, str(exc))
    except Exception as exc:  # a bug in one territory must not lose the others' files
        LOGGER.exception("diagnostic of %s failed", code)
        return BatchFailure(code, f"{type(exc).__name__}: {exc}")


def batch_members(terr: Territory, parent: str) -> list[str]:
    """The EPCI (France) or districts (Valais) of ``parent``, each counted once: an EPCI belongs
    to the département that holds its seat (its first parent), hence to that département's
    région."""
    area = terr.area(parent)
    if area.level in FR_PARENTS and (area.level != "country" or area.code == "fr"):
        com = terr.communes.loc[terr.communes_in(area.code)]
        deps = set(com["departement"].dropna().astype(str))
        return sorted(
            str(a["code"])
            for a in terr.areas.to_dict("records")
            if a["level"] == "epci" and len(a["parents"]) and a["parents"][0] in deps
        )
    if area.level in CH_PARENTS:
        com = terr.communes.loc[terr.communes_in(area.code)]
        return sorted(set(com["district"].dropna().astype(str)))
    raise UserError(
        _(
            "--batch {code} : {name} est de niveau {level} ; attendu un territoire qui contient "
            "des EPCI ou des districts : département (dep:03), région (reg:84), fr (toute la "
            "France), canton (ch-canton:VS) ou région du Valais (ch-region:bas-valais)"
        ).format(code=parent, name=area.name, level=area.level)
    )


def shared_computations(
    terr: Territory, parent: str, codes: Sequence[str], inputs: DiagnosticInputs
) -> SharedComputations | None:
    """The national indicators of the parent's country and the projection of the communes of
    the territories ``codes`` (and of those around them), computed once for the whole batch,
    with the bundle's travel models (estimate, v2); None with a user's road or matrix file (it
    may cover the parent only: each diagnosis then computes on its own context)."""
    from proxisante.diagnosis.shared import share_computations

    travel = inputs.travel
    if not travel.estimated:  # a road or matrix file: the bundle's models (estimate, v2) only
        return None
    com = terr.communes
    countries = set(com.loc[terr.communes_in(parent), "country"].astype(str))
    members = set(codes)
    written = com.index[com["epci"].isin(members) | com["district"].isin(members)]
    return share_computations(
        terr, travel, inputs.professionals, inputs.structures, countries, written
    )


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# The work of one territory, set in the parent before the workers are forked.
_WORK: Callable[[str], BatchEntry] | None = None


def _run_one(code: str) -> BatchEntry | BatchFailure:
    if _WORK is None:  # pragma: no cover - set before the pool starts
        raise RuntimeError("batch worker started without its work")
    return _guarded(_WORK, code)


def run_parallel(
    work: Callable[[str], BatchEntry], codes: Sequence[str], jobs: int
) -> Iterator[BatchEntry | BatchFailure]:
    """``work(code)`` for every code, on ``jobs`` forked processes (in this process when 1),
    yielded in the order of ``codes``; a territory that fails gives a :class:`BatchFailure`."""
    global _WORK
    if jobs <= 1 or len(codes) <= 1:
        yield from (_guarded(work, c) for c in codes)
        return
    _WORK = work
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield from pool.map(_run_one, codes, chunksize=1)
    finally:
        _WORK = None
