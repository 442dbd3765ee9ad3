"""The national road skeleton (motorways and routes nationales) as a fast layer for ``v2``.

Source: DGITM, *Trafic moyen journalier annuel sur le réseau routier national* 2019 (TMJA2019),
one row per section with its start and end points in Lambert-93 (EPSG:2154) and its length.
The bundle ships it compactly (``skeleton.parquet``, WGS84); a user may give a file of the same
layout (``--travel v2:FICHIER.csv``): columns ``route``, ``longueur`` (m), ``xD``, ``yD``,
``xF``, ``yF`` (Lambert-93 metres), ``;`` separator and decimal commas as DGITM publishes it.

Section end points are joined into nodes when they lie within :data:`JOIN_M` metres of each other
(sections of a route follow each other; interchanges meet at nearly the same point).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from proxisante.access._errors import UnreadableTravelFileError, UnsupportedTravelFileError
from proxisante.access.travel.geodesy import chord_for_km, unit_vectors
from proxisante.errors import InputFileError, Problem
from proxisante.i18n import N_, _
from proxisante.types import FloatArray, IntArray

JOIN_M = 250.0
COLUMNS = ("route", "longueur", "xD", "yD", "xF", "yF")
# Lambert-93 covers metropolitan France: x 100–1,250 km, y 6,000–7,150 km (with margins).
L93_X = (0.0, 1_350_000.0)
L93_Y = (6_000_000.0, 7_250_000.0)
# Motorways (A…), routes nationales (N…), and the short links DGITM lists with them:
# département roads (31D0044), Paris ring sections (75000C01), BPNL, P… spurs.
ROUTE = re.compile(
    r"^(?:A\d{1,4}[A-Z]?|N\d{1,4}[A-Z]?|\d{2,3}D\d{1,4}[A-Z]*|75000C\d{2}|P\d{3,4}|BPNL)$"
)
KINDS = ("A", "N", "L")  # motorway, national road, link
# French sources marked for the catalogues, translated where an error message is built.
_EXPECTED = N_(
    "un fichier TMJA de la DGITM (CSV « ; », virgule décimale) avec les colonnes route, longueur,"
    " xD, yD, xF, yF en Lambert-93 (EPSG:2154, mètres)"
)
_EXAMPLE_LINES = "route;longueur;xD;yD;xF;yF\nA0071;5294;689069,5;6692239,2;690044,8;6691924,1"


def _example() -> str:
    return _("Exemple : {lines}").format(lines=_EXAMPLE_LINES)


@dataclass(frozen=True, eq=False)
class Skeleton:
    """Sections of the fast network: end points (WGS84), length (m) and kind (A, N or L)."""

    lon_a: FloatArray
    lat_a: FloatArray
    lon_b: FloatArray
    lat_b: FloatArray
    length_m: FloatArray
    kind: np.ndarray  # "A", "N" or "L"
    source: str

    @property
    def n_sections(self) -> int:
        return int(self.length_m.size)


@dataclass(frozen=True, eq=False)
class SkeletonGraph:
    """Nodes (joined section ends) and undirected edges of the skeleton."""

    lon: FloatArray
    lat: FloatArray
    edge_a: IntArray
    edge_b: IntArray
    length_m: FloatArray
    kind: np.ndarray

    @property
    def n_nodes(self) -> int:
        return int(self.lon.size)


def kind_of(route: pd.Series) -> np.ndarray:
    """``A`` for motorways, ``N`` for routes nationales, ``L`` for the other listed links."""
    first = route.str[:1]
    return np.where(first == "A", "A", np.where(first == "N", "N", "L"))


def read_tmja(path: Path) -> Skeleton:
    """Read and check a DGITM TMJA file (Lambert-93); every bad line is reported."""
    if not path.name.lower().endswith((".csv", ".csv.gz")):
        raise UnsupportedTravelFileError(str(path), _(_EXPECTED), _example())
    if not path.is_file():
        raise UnreadableTravelFileError(str(path), _("fichier introuvable"), _(_EXPECTED))
    try:
        raw = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UnreadableTravelFileError(str(path), str(exc).splitlines()[0], _(_EXPECTED)) from None
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise InputFileError(
            str(path),
            [
                Problem(
                    1,
                    _("colonne(s) absente(s) : {x} ; attendu {EXPECTED}").format(
                        x=", ".join(missing), EXPECTED=_(_EXPECTED)
                    ),
                )
            ],
        )
    problems: list[Problem] = []
    num = {}
    for col in COLUMNS[1:]:
        text = raw[col].str.strip().str.replace(",", ".", regex=False)
        num[col] = pd.to_numeric(text, errors="coerce")
        for i in np.flatnonzero(num[col].isna().to_numpy())[:20]:
            value = raw[col].iloc[i]
            problems.append(
                Problem(
                    int(i) + 2,
                    _("{col} : {value} n'est pas un nombre").format(col=col, value=repr(value)),
                )
            )
    route = raw["route"].str.strip()
    for i in np.flatnonzero(~route.str.match(ROUTE).to_numpy())[:20]:
        problems.append(
            Problem(
                int(i) + 2,
                _(
                    "route {x} inconnue : attendu une autoroute (A0071), une route nationale "
                    "(N0007) ou un raccordement listé par la DGITM (31D0044)"
                ).format(x=repr(route.iloc[i])),
            )
        )
    if problems:
        raise InputFileError(str(path), problems)
    x = np.concatenate((num["xD"], num["xF"]))
    y = np.concatenate((num["yD"], num["yF"]))
    outside = (x < L93_X[0]) | (x > L93_X[1]) | (y < L93_Y[0]) | (y > L93_Y[1])
    if outside.any():
        i = int(np.flatnonzero(outside)[0]) % len(raw)
        raise InputFileError(
            str(path),
            [
                Problem(
                    i + 2,
                    _(
                        "coordonnées ({x:g}, {x2:g}) hors de Lambert-93 : attendu des mètres en "
                        "EPSG:2154 (x de 100 000 à 1 250 000, y de 6 000 000 à 7 150 000) ; {x3} "
                        "point(s) concerné(s). Un fichier en degrés (WGS84) ou dans une autre "
                        "projection doit être reprojeté."
                    ).format(x=x[outside][0], x2=y[outside][0], x3=int(outside.sum())),
                )
            ],
        )
    return skeleton_from_l93(
        route, num["longueur"].to_numpy(), num["xD"], num["yD"], num["xF"], num["yF"], str(path)
    )


def skeleton_from_l93(
    route: pd.Series,
    length_m: FloatArray,
    xd: pd.Series,
    yd: pd.Series,
    xf: pd.Series,
    yf: pd.Series,
    source: str,
) -> Skeleton:
    """Sections from Lambert-93 end points (converted to WGS84)."""
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
    lon_a, lat_a = to_wgs84.transform(np.asarray(xd, float), np.asarray(yd, float))
    lon_b, lat_b = to_wgs84.transform(np.asarray(xf, float), np.asarray(yf, float))
    return Skeleton(
        np.asarray(lon_a),
        np.asarray(lat_a),
        np.asarray(lon_b),
        np.asarray(lat_b),
        np.asarray(length_m, dtype=np.float64),
        kind_of(route.reset_index(drop=True)),
        source,
    )


def skeleton_from_table(table: pd.DataFrame, source: str) -> Skeleton:
    """The bundle's compact form: ``lon_a, lat_a, lon_b, lat_b, length_m, kind``."""
    return Skeleton(
        table["lon_a"].to_numpy(np.float64),
        table["lat_a"].to_numpy(np.float64),
        table["lon_b"].to_numpy(np.float64),
        table["lat_b"].to_numpy(np.float64),
        table["length_m"].to_numpy(np.float64),
        table["kind"].astype(str).to_numpy(),
        source,
    )


def build_graph(sk: Skeleton, join_m: float = JOIN_M) -> SkeletonGraph:
    """Join section ends closer than ``join_m`` into nodes; one edge per section."""
    lon = np.concatenate((sk.lon_a, sk.lon_b))
    lat = np.concatenate((sk.lat_a, sk.lat_b))
    xyz = unit_vectors(lon, lat)
    pairs = cKDTree(xyz).query_pairs(chord_for_km(join_m / 1000.0), output_type="ndarray")
    n = lon.size
    adj = sp.coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(adj, directed=False)
    count = np.bincount(label)
    node_lon = np.bincount(label, lon) / count
    node_lat = np.bincount(label, lat) / count
    m = sk.n_sections
    return SkeletonGraph(
        node_lon,
        node_lat,
        label[:m].astype(np.int64),
        label[m:].astype(np.int64),
        sk.length_m,
        sk.kind,
    )
