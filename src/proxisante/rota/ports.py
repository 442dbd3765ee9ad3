"""What the rota service needs from outside: a repository of published rotas and an audit log.

Values only (frozen dataclasses); the SQL implementation lives in ``proxisante.store.rota``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from proxisante.rota.model import Assignment


@dataclass(frozen=True)
class PublishedRota:
    """A rota published for a territory: its YAML description and its assignments."""

    id: int
    territory_id: str
    label: str
    description: str
    published_at: datetime
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True)
class RotaDoctorLink:
    """A doctor of a published rota and, when known, the professional account behind them."""

    rota_id: int
    doctor_id: str
    professional_id: int | None


@dataclass(frozen=True)
class DeclaredUnavailability:
    """Dates (inclusive) a doctor declared after publication."""

    rota_id: int
    doctor_id: str
    start: date
    end: date


@dataclass(frozen=True)
class StoredSwap:
    """A swap proposal and its state: ``proposee``, ``acceptee`` or ``refusee``."""

    id: int
    rota_id: int
    shift_id: str
    from_doctor: str
    to_doctor: str
    in_return: str | None
    status: str
    proposed_at: datetime
    decided_at: datetime | None = None


@dataclass(frozen=True)
class TerritoryProfessional:
    """A professional of the territory, as a form lists them (name, and commune to tell
    apart two of the same name)."""

    id: int
    name: str
    commune: str


@dataclass(frozen=True)
class RotaEvent:
    """One audit event: identifiers only, never a name."""

    at: datetime
    action: str
    user_id: int | None
    role: str
    territory_id: str | None
    detail: str


class RotaRepository(Protocol):
    def territory_exists(self, territory_id: str) -> bool: ...

    def add_rota(
        self,
        *,
        territory_id: str,
        label: str,
        description: str,
        assignments: Sequence[Assignment],
        doctors: Sequence[tuple[str, int | None]],
        now: datetime,
        by: int | None,
    ) -> int: ...

    def rota(self, rota_id: int, *, for_update: bool = False) -> PublishedRota | None: ...

    def rotas(self, territory_id: str | None) -> list[PublishedRota]: ...

    def set_assignments(self, rota_id: int, changes: Sequence[Assignment]) -> None: ...

    def doctors(self, rota_id: int) -> list[RotaDoctorLink]: ...

    def unavailabilities(self, rota_id: int) -> list[DeclaredUnavailability]: ...

    def add_unavailability(self, u: DeclaredUnavailability, *, now: datetime) -> None: ...

    def add_swap(self, swap: StoredSwap) -> int: ...

    def swap(self, rota_id: int, swap_id: int) -> StoredSwap | None: ...

    def swaps(self, rota_id: int) -> list[StoredSwap]: ...

    def decide_swap(self, swap_id: int, status: str, now: datetime) -> None: ...

    def set_feed_token(self, rota_id: int, doctor_id: str, token_hash: str | None) -> None: ...

    def feed_owner(self, token_hash: str) -> RotaDoctorLink | None: ...

    def professional_deactivated(self, professional_id: int) -> bool:
        """Whether the professional has accounts and every one of them is deactivated."""
        ...

    def pending_swaps_for(self, professional_id: int) -> list[StoredSwap]:
        """Swaps proposed to the doctor linked to this professional, not yet answered."""
        ...

    def professionals(self, territory_id: str) -> list[TerritoryProfessional]:
        """The territory's professionals, by name."""
        ...

    def communes(self, territory_id: str) -> list[tuple[str, str]]:
        """The territory's communes: (code, name), by name."""
        ...


class RotaAudit(Protocol):
    def record(self, event: RotaEvent) -> None: ...
