"""The ``v2`` provider over a table of communes: classes, grid and skeleton built once.

See :mod:`proxisante.access.travel.metric` for the model. The skeleton is the bundle's
(``skeleton.parquet``, DGITM TMJA 2019) unless a TMJA file is given (``--travel v2:FILE``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from proxisante.access.travel.metric import (
    ClassGrid,
    MetricModel,
    Places,
    class_grid,
    density_class,
    metric_times,
    skeleton_node_times,
)
from proxisante.access.travel.skeleton import (
    Skeleton,
    SkeletonGraph,
    build_graph,
    read_tmja,
    skeleton_from_table,
)
from proxisante.access.traveltimes import TravelTimes
from proxisante.types import FloatArray, IntArray

DEFAULT_METRIC_MODEL = MetricModel(
    local_kmh=(50.0, 35.0, 30.0),
    motorway_factor=0.8925,
    national_factor=1.0,
    detour=1.3,
    terminal_min=1.0,
    intra="zero",
)
"""Parameters fitted on even-numbered départements (``benchmarks/access_metric_search.py
--search``: training objective 2.0933 → 2.1056; see ``docs/explanation/access.md``)."""


def bundle_skeleton() -> Skeleton:
    """The national skeleton shipped in the bundle (DGITM TMJA 2019, WGS84)."""
    from proxisante.territory.bundle import read_table

    return skeleton_from_table(read_table("skeleton"), "DGITM TMJA 2019 (paquet embarqué)")


@dataclass(eq=False)
class V2Network:
    """Everything ``v2`` needs that does not depend on the trip: built once per table."""

    places: Places
    graph: SkeletonGraph | None
    node_class: IntArray | None
    model: MetricModel
    source: str
    _node_times: dict[float, sp.csr_array] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        lon: npt.ArrayLike,
        lat: npt.ArrayLike,
        area_km2: npt.ArrayLike,
        population: npt.ArrayLike,
        *,
        skeleton: Skeleton | None,
        model: MetricModel = DEFAULT_METRIC_MODEL,
        grid: ClassGrid | None = None,
    ) -> V2Network:
        lon_a = np.asarray(lon, dtype=np.float64)
        lat_a = np.asarray(lat, dtype=np.float64)
        area = np.asarray(area_km2, dtype=np.float64)
        pop = np.nan_to_num(np.asarray(population, dtype=np.float64))
        dens = np.divide(pop, area, out=np.zeros_like(pop), where=np.nan_to_num(area) > 0)
        klass = density_class(dens)
        grid = grid or class_grid(lon_a, lat_a, klass)
        places = Places(lon_a, lat_a, area, klass, grid)
        if skeleton is None:
            return cls(places, None, None, model, "sans squelette")
        graph = build_graph(skeleton)
        node_class = grid.lookup(graph.lon, graph.lat, np.zeros(graph.n_nodes, dtype=np.int64))
        return cls(places, graph, node_class, model, skeleton.source)

    def with_model(self, model: MetricModel) -> V2Network:
        """The same network with other parameters (node times recomputed when needed)."""
        return dataclasses.replace(self, model=model, _node_times={})

    def node_times(self, cutoff_min: float) -> sp.csr_array | None:
        if self.graph is None or self.node_class is None:
            return None
        if cutoff_min not in self._node_times:
            self._node_times[cutoff_min] = skeleton_node_times(
                self.graph, self.node_class, cutoff_min, self.model
            )
        return self._node_times[cutoff_min]

    def subset(self, index: IntArray) -> Places:
        p = self.places
        return Places(p.lon[index], p.lat[index], p.area_km2[index], p.klass[index], p.grid)

    def square(self, index: IntArray, cutoff_min: float) -> TravelTimes:
        """Times among the places ``index`` (rows and columns in that order)."""
        return metric_times(
            self.subset(index),
            self.graph,
            self.node_class,
            cutoff_min,
            self.model,
            self.node_times(cutoff_min),
        )

    def rectangle(
        self, origins: IntArray, destinations: IntArray, cutoff_min: float
    ) -> TravelTimes:
        """Times from the places ``origins`` to the places ``destinations``."""
        return metric_times(
            self.places,
            self.graph,
            self.node_class,
            cutoff_min,
            self.model,
            self.node_times(cutoff_min),
            origins=origins,
            destinations=destinations,
        )

    def intra_minutes(self, index: IntArray) -> FloatArray:
        from proxisante.access.travel.estimate import intra_commune_minutes

        if self.model.intra == "zero":
            return np.zeros(len(index))
        p = self.places
        return intra_commune_minutes(
            p.area_km2[index], self.model.local_speed(p.klass[index]), self.model.detour, 2 / 3
        )


def skeleton_for(path: Path | None) -> Skeleton:
    """The skeleton of a ``v2`` spec: the bundle's, or a TMJA file (checked)."""
    return bundle_skeleton() if path is None else read_tmja(path)
