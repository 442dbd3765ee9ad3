"""The registry's read side: what pages, API answers and exports show, written once.

Each view is a typed value built from a :class:`~proxisante.registry.ports.RegistryReader`;
the shells render it (HTML, JSON, CSV) and never count or suppress themselves.

- :func:`published_report`: the monthly figures as published — to the public page
  ``/registre/chiffres`` and its CSV, the analyst's page, the API's report and the CLI's
  ``registry report`` alike: closed months only, counted requests only (no anonymous
  self-registration), small counts suppressed with secondary suppression
  (:mod:`proxisante.registry.reporting`).
- :func:`dashboard`: the coordination's exact figures of its own territory (live, every request):
  only for the coordinators of the territory and administrators, who have the list itself
  (the routes check the role; :class:`proxisante.disclosure.Audience`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from proxisante.disclosure import closed_month_end
from proxisante.registry.outcome import Outcome
from proxisante.registry.ports import RecentAttachment, RegistryReader, TerritoryRecord
from proxisante.registry.priority import LEVELS
from proxisante.registry.reporting import MonthRow, monthly_report, months_between, report_to_csv

RECENT = 20  # attachments listed on the dashboard


@dataclass(frozen=True)
class MonthlyReport:
    """A territory's published monthly figures (possibly no month yet)."""

    territory_id: str
    levels: tuple[str, ...]
    months: tuple[MonthRow, ...]

    def to_csv(self) -> str:
        return report_to_csv(self.months, self.levels)


def published_report(reader: RegistryReader, territory_id: str, now: datetime) -> MonthlyReport:
    """The monthly figures of ``territory_id`` from its first counted request to the last closed
    month before ``now`` (a registration never shows in the month it is made)."""
    history = [h for h in reader.patient_histories(territory_id) if h.counted]
    end = closed_month_end(now)
    first = min((h.registered_at for h in history if h.registered_at < end), default=None)
    months = [] if first is None else months_between(first.date(), end.date() - timedelta(days=1))
    return MonthlyReport(territory_id, LEVELS, monthly_report(history, months))


@dataclass(frozen=True)
class Dashboard:
    """Exact live figures of one territory, for its coordination."""

    territory_id: str
    fictitious: bool
    counts: Mapping[str, Mapping[str, int]]  # status → level → n
    waiting: int
    proposed: int
    attached: int
    share_attached: float | None
    recent_attachments: tuple[RecentAttachment, ...]
    # Of the attached (registry.outcome): a médecin traitant found (doctors only: the key
    # indicator), a follow-up by a team (IPA / Asalée), another professional.
    doctor_found: int = 0
    team_follow_up: int = 0
    professional_found: int = 0
    share_doctor_found: float | None = None


def dashboard(reader: RegistryReader, territory: TerritoryRecord) -> Dashboard:
    counts = reader.status_counts(territory.id)

    def total(status: str) -> int:
        return sum(counts.get(status, {}).values())

    waiting, proposed, attached = total("waiting"), total("proposed"), total("attached")
    denominator = waiting + proposed + attached
    outcomes = reader.attachment_counts(territory.id)
    return Dashboard(
        territory_id=territory.id,
        fictitious=territory.fictitious,
        counts=counts,
        waiting=waiting,
        proposed=proposed,
        attached=attached,
        share_attached=round(attached / denominator, 3) if denominator else None,
        recent_attachments=tuple(reader.recent_attachments(territory.id, RECENT)),
        doctor_found=outcomes[Outcome.DOCTOR_FOUND.value],
        team_follow_up=outcomes[Outcome.TEAM_FOLLOW_UP.value],
        professional_found=outcomes[Outcome.PROFESSIONAL_FOUND.value],
        share_doctor_found=(
            round(outcomes[Outcome.DOCTOR_FOUND.value] / denominator, 3) if denominator else None
        ),
    )
