"""Public monthly figures of the registry per territory: ``/registre/chiffres`` (page, chart,
table) and ``/registre/chiffres.csv``, with the registry's disclosure control.

The figures are :func:`proxisante.registry.views.published_report` (closed months, counted
requests, small counts suppressed). Printing rule: a zero prints ``0``; a count from 1 to 10
(or hidden by secondary suppression) prints ``< 11``; a hidden median wait prints
``secret statistique``; a month without any attachment has no median (``—``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from proxisante.disclosure import SUPPRESSED
from proxisante.i18n import N_, _, format_decimal, format_month
from proxisante.projects.service import REGISTRY_ID
from proxisante.registry.reporting import SUPPRESSED_MEDIAN
from proxisante.registry.views import MonthlyReport, published_report
from proxisante.store.registry import crud
from proxisante.store.registry.repository import SqlRegistryReader
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now
from proxisante.web.errors import ApiError
from proxisante.web.public._render import render_public

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


Cell = int | str | float | None


@dataclass(frozen=True)
class MonthFigures:
    """What the page and its chart show of a published month (totals only)."""

    month: str
    waiting: Cell
    attached: Cell
    median_wait_days: Cell
    doctor_found: Cell = None  # of the attached: a médecin traitant (doctors only)
    team_follow_up: Cell = None  # of the attached: followed by a team (IPA / Asalée)


def _months(report: MonthlyReport) -> list[MonthFigures]:
    return [
        MonthFigures(
            m.month,
            m.waiting.total,
            m.attached.total,
            m.median_wait_days,
            m.doctor_found.total,
            m.team_follow_up.total,
        )
        for m in report.months
    ]


def cell_text(value: Cell, unit: str = "") -> str:
    if value is None:
        return "—"
    if value == SUPPRESSED:
        return _("< 11")
    if value == SUPPRESSED_MEDIAN:
        return _("secret statistique")
    if isinstance(value, float):
        digits = 0 if value.is_integer() else 1
        return f"{format_decimal(value, digits)} {unit}".strip()
    return format_decimal(value) if isinstance(value, int) else str(value)


def trend_svg(months: list[MonthFigures], width: int = 640, height: int = 220) -> str:
    """Waiting and attached totals per month; a hidden month breaks the line (no point)."""
    pad_l, pad_r, pad_b, pad_t = 48, 30, 28, 12  # pad_r: room for the last month's label
    values = [v for m in months for v in (m.waiting, m.attached) if isinstance(v, int)]
    top = max([*values, 11])
    n = max(len(months), 2)

    def x(i: int) -> float:
        return pad_l + i * (width - pad_l - pad_r) / (n - 1)

    def y(v: int) -> float:
        return pad_t + (height - pad_t - pad_b) * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title trend-desc" width="100%" style="max-width:{width}px">',
        '<title id="trend-title">'
        + escape(_("Évolution mensuelle : patients en attente et rattachés"))
        + "</title>",
        '<desc id="trend-desc">'
        + escape(
            _(
                "Mêmes chiffres que le tableau ci-dessous ; un mois masqué "
                "(moins de 11) interrompt la courbe."
            )
        )
        + "</desc>",
        f'<line x1="{pad_l}" y1="{y(0):.1f}" x2="{width - pad_r}" y2="{y(0):.1f}" stroke="#555"/>',
        f'<text x="4" y="{y(top) + 4:.1f}" font-size="11">{top}</text>',
        f'<text x="4" y="{y(0):.1f}" font-size="11">0</text>',
    ]
    for key, colour, dash in (("waiting", "#005a9c", ""), ("attached", "#b8430b", "6 3")):
        run: list[str] = []
        for i, m in enumerate([*months, None]):
            v = getattr(m, key) if m is not None else None
            if isinstance(v, int):
                run.append(f"{x(i):.1f},{y(v):.1f}")
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
                continue
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2" stroke-dasharray="{dash}"/>'
                )
            run = []
    for i, m in enumerate(months):
        if len(months) <= 12 or i % max(1, len(months) // 12) == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" font-size="10" '
                f'text-anchor="middle">{escape(format_month(m.month, short=True))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _territory(db: Db, territoire: str) -> crud.TerritoryRow | None:
    tid = territoire.strip()[:64]
    if not tid:
        return None
    row = crud.get_territory(db, territory_id=tid) if REGISTRY_ID.fullmatch(tid) else None
    if row is None:
        raise ApiError(404, _("Territoire du registre {id} introuvable.").format(id=repr(tid)))
    return row


@router.get("/registre/chiffres")
def figures_page(request: Request, db: Db, now: Now, territoire: str = "") -> Response:
    territories = crud.list_territories(db)
    row = _territory(db, territoire) or (territories[0] if territories else None)
    months = _months(published_report(SqlRegistryReader(db), row.id, now)) if row else []
    return render_public(
        request,
        "registry_figures.j2",
        N_("Chiffres mensuels du registre"),
        fictitious=bool(row and row.fictitious),
        territories=territories,
        territory=row,
        months=months,
        chart=trend_svg(months) if months else "",
        cell=cell_text,
        jours=_("jours"),
    )


@router.get("/registre/chiffres.csv")
def figures_csv(db: Db, now: Now, territoire: str = "") -> Response:
    row = _territory(db, territoire)
    if row is None:
        raise ApiError(
            400,
            _(
                "Paramètre territoire manquant : attendu l'identifiant d'un territoire du "
                "registre, p. ex. /registre/chiffres.csv?territoire=cpts-vichy-demo"
            ),
        )
    text = published_report(SqlRegistryReader(db), row.id, now).to_csv()
    return PlainTextResponse(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="registre-{row.id}.csv"'},
    )
