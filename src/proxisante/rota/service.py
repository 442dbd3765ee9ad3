"""The use cases of a published rota, written once: publish, read, declare unavailability,
propose / accept / refuse a swap, the calendar subscription feed. The JSON API, the HTML page
and the command line call these; each checks what the caller may do and writes its own audit
event (identifiers only). The service never commits: the caller's transaction holds the writes
and the audit row together, so a refused action leaves nothing behind.

Who may do what:

- **publish**: a coordinator of the territory (or the command-line ``operator`` naming it);
- **read** a rota: coordinators, regulators, professionals of its territory, administrators;
- **a doctor's own actions** (shifts, unavailability, swaps, feed): the professional account
  linked to that doctor at publication; coordinators and the operator may act for any doctor;
- anything of another territory is answered as unknown (404), never "forbidden".
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from proxisante.i18n import _
from proxisante.rota._errors import (
    RotaCheckFailedError,
    RotaForbiddenError,
    RotaInputError,
    RotaNotFoundError,
)
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.check import check_rota
from proxisante.rota.export import doctor_ics
from proxisante.rota.fairness import SectorFairness, sector_fairness
from proxisante.rota.input import parse_rota_yaml
from proxisante.rota.model import Assignment, Rota, RotaProblem, Shift, Unavailability
from proxisante.rota.ports import (
    DeclaredUnavailability,
    PublishedRota,
    RotaAudit,
    RotaEvent,
    RotaRepository,
    StoredSwap,
)
from proxisante.rota.swap import accept_swap, propose_swap

OPERATOR = "operator"
MANAGERS = frozenset({"coordinator", OPERATOR})
READERS = frozenset({"coordinator", "regulator", "professional", "admin", OPERATOR})
PROPOSED, ACCEPTED, REFUSED = "proposee", "acceptee", "refusee"


@dataclass(frozen=True)
class RotaActor:
    """Who acts: a signed-in user (id, role, scope) or the command-line operator."""

    user_id: int | None
    role: str
    territory_id: str | None
    professional_id: int | None = None

    @classmethod
    def operator(cls, territory_id: str | None) -> RotaActor:
        return cls(None, OPERATOR, territory_id)

    def sees(self, territory_id: str) -> bool:
        if self.role == "admin" or (self.role == OPERATOR and self.territory_id is None):
            return True
        return self.territory_id == territory_id


@dataclass(frozen=True)
class Loaded:
    """A published rota with its problem (declared unavailabilities included) and rota."""

    stored: PublishedRota
    problem: RotaProblem
    rota: Rota


@dataclass(frozen=True)
class RotaView:
    """What a caller sees of a rota: its shifts (with holders), the fairness per sector, and
    the caller's own doctor identifier when they are on it."""

    id: int
    territory_id: str
    label: str
    published_at: datetime
    shifts: tuple[Shift, ...]
    holders: Mapping[str, str]
    fairness: tuple[SectorFairness, ...]
    me: str | None


@dataclass(frozen=True)
class SwapOutcome:
    """A swap and the fairness of its sector before and after it."""

    swap: StoredSwap
    before: SectorFairness
    after: SectorFairness


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def fairness_dict(f: SectorFairness) -> dict[str, object]:
    return {
        "secteur": f.sector,
        "ecart_charge": f.load_spread,
        "ecart_weekends": f.weekend_spread,
        "charges": f.loads,
        "weekends": f.weekends,
    }


def swap_dict(s: StoredSwap) -> dict[str, object]:
    return {
        "id": s.id,
        "garde": s.shift_id,
        "de": s.from_doctor,
        "a": s.to_doctor,
        "en_retour": s.in_return,
        "statut": s.status,
        "propose_le": s.proposed_at.isoformat(),
        "decide_le": s.decided_at.isoformat() if s.decided_at else None,
    }


def outcome_dict(o: SwapOutcome) -> dict[str, object]:
    return {
        "echange": swap_dict(o.swap),
        "equite_avant": fairness_dict(o.before),
        "equite_apres": fairness_dict(o.after),
    }


@dataclass(frozen=True)
class RotaService:
    repo: RotaRepository
    audit: RotaAudit
    clock: Callable[[], datetime]

    def now(self) -> datetime:
        t = self.clock()
        return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)

    def _record(self, actor: RotaActor, action: str, territory: str, detail: str) -> None:
        event = RotaEvent(self.now(), action, actor.user_id, actor.role, territory, detail)
        self.audit.record(event)

    # ------------------------------------------------------------------ publish

    def publish(
        self,
        actor: RotaActor,
        territory_id: str,
        description: str,
        *,
        assignments: Sequence[Assignment] | None = None,
        doctors: Mapping[str, int | None] | None = None,
        label: str = "",
        time_limit_s: float = 30.0,
    ) -> int:
        """Store a solved rota (solved here when ``assignments`` is None, else checked against
        every hard rule: a violation → :class:`RotaCheckFailedError`, nothing stored)."""
        if actor.role not in MANAGERS:
            raise RotaForbiddenError(
                _("la publication d'un tableau de garde est réservée à la coordination")
            )
        if not actor.sees(territory_id) or not self.repo.territory_exists(territory_id):
            raise RotaNotFoundError(_("territoire {id}").format(id=territory_id))
        problem = parse_rota_yaml(description, source="description")
        links = dict(doctors or {})
        known = {d.id for d in problem.doctors}
        unknown = sorted(set(links) - known)
        if unknown:
            msg = _("médecins inconnus de la description : {ids}").format(ids=", ".join(unknown))
            raise RotaInputError("medecins", [msg])
        if assignments is None:
            from proxisante.rota.solver import solve_rota

            assignments = solve_rota(problem, time_limit_s=time_limit_s).assignments
        else:
            violations = check_rota(problem, generate_shifts(problem), assignments)
            if violations:
                raise RotaCheckFailedError(_("tableau de garde"), violations)
        rota_id = self.repo.add_rota(
            territory_id=territory_id,
            label=label or f"{problem.start}/{problem.end}",
            description=description,
            assignments=assignments,
            doctors=[(d.id, links.get(d.id)) for d in problem.doctors],
            now=self.now(),
            by=actor.user_id,
        )
        self._record(
            actor, "rota.publish", territory_id, f"rota={rota_id};gardes={len(assignments)}"
        )
        return rota_id

    # ------------------------------------------------------------------ read

    def _load(self, actor: RotaActor | None, rota_id: int, *, for_update: bool = False) -> Loaded:
        stored = self.repo.rota(rota_id, for_update=for_update)
        if stored is None or (actor is not None and not actor.sees(stored.territory_id)):
            raise RotaNotFoundError(_("tableau de garde {id}").format(id=rota_id))
        if actor is not None and actor.role not in READERS:
            raise RotaForbiddenError(
                _(
                    "le tableau de garde est réservé à la coordination, la régulation et "
                    "aux médecins"
                )
            )
        problem = parse_rota_yaml(stored.description, source=f"rota {rota_id}")
        extra: dict[str, list[Unavailability]] = {}
        for u in self.repo.unavailabilities(rota_id):
            extra.setdefault(u.doctor_id, []).append(Unavailability(u.start, u.end))
        doctors = tuple(
            replace(d, unavailable=d.unavailable + tuple(extra.get(d.id, ())))
            for d in problem.doctors
        )
        problem = replace(problem, doctors=doctors)
        rota = Rota(shifts=generate_shifts(problem), assignments=stored.assignments)
        return Loaded(stored, problem, rota)

    def _me(self, actor: RotaActor, rota_id: int) -> str | None:
        if actor.professional_id is None:
            return None
        return next(
            (
                d.doctor_id
                for d in self.repo.doctors(rota_id)
                if d.professional_id == actor.professional_id
            ),
            None,
        )

    def _acting_doctor(self, actor: RotaActor, loaded: Loaded, named: str | None) -> str:
        """The doctor the caller acts as: their own, or (managers) the one they name."""
        if actor.role in MANAGERS and named is not None:
            if named not in {d.id for d in loaded.problem.doctors}:
                raise RotaNotFoundError(_("médecin {id}").format(id=named))
            return named
        me = self._me(actor, loaded.stored.id)
        if me is None:
            raise RotaForbiddenError(
                _(
                    "vous n'êtes pas médecin de ce tableau de garde (coordination : nommez "
                    "le médecin)"
                )
            )
        return me

    def rotas(self, actor: RotaActor) -> list[PublishedRota]:
        if actor.role not in READERS:
            raise RotaForbiddenError(
                _(
                    "le tableau de garde est réservé à la coordination, la régulation et "
                    "aux médecins"
                )
            )
        scope = (
            None
            if actor.role in {"admin", OPERATOR} and actor.territory_id is None
            else actor.territory_id
        )
        return self.repo.rotas(scope)

    def view(self, actor: RotaActor, rota_id: int) -> RotaView:
        loaded = self._load(actor, rota_id)
        holders = {a.shift_id: a.doctor_id for a in loaded.rota.assignments}
        fairness = tuple(
            sector_fairness(loaded.problem, s.code, loaded.rota.shifts, loaded.rota.assignments)
            for s in loaded.problem.sectors
        )
        st = loaded.stored
        return RotaView(
            st.id,
            st.territory_id,
            st.label,
            st.published_at,
            loaded.rota.shifts,
            holders,
            fairness,
            self._me(actor, rota_id),
        )

    # ------------------------------------------------------------------ a doctor's actions

    def _shift(self, loaded: Loaded, shift_id: str) -> Shift:
        found = next((s for s in loaded.rota.shifts if s.id == shift_id), None)
        if found is None:
            raise RotaNotFoundError(_("garde {id}").format(id=shift_id))
        return found

    def declare_unavailable(
        self, actor: RotaActor, rota_id: int, start: date, end: date, *, doctor: str | None = None
    ) -> list[Shift]:
        """Record dates a doctor cannot be on call; returns the shifts they hold on those days
        (to be swapped: the unavailability is checked on every later swap)."""
        loaded = self._load(actor, rota_id, for_update=True)
        me = self._acting_doctor(actor, loaded, doctor)
        if end < start:
            msg = _("la fin ({end}) précède le début ({start})").format(end=end, start=start)
            raise RotaInputError(_("indisponibilité"), [msg])
        u = DeclaredUnavailability(rota_id, me, start, end)
        self.repo.add_unavailability(u, now=self.now())
        period = Unavailability(start, end)
        held = {a.shift_id for a in loaded.rota.assignments if a.doctor_id == me}
        clashes = [s for s in loaded.rota.shifts if s.id in held and period.covers(s.start, s.end)]
        detail = f"rota={rota_id};medecin={me};gardes_a_echanger={len(clashes)}"
        self._record(actor, "rota.unavailable", loaded.stored.territory_id, detail)
        return clashes

    def propose(
        self,
        actor: RotaActor,
        rota_id: int,
        *,
        shift_id: str,
        to_doctor: str,
        in_return: str | None = None,
        from_doctor: str | None = None,
    ) -> SwapOutcome:
        """Propose to give ``shift_id`` to ``to_doctor`` (and take ``in_return`` back); refused
        at once, with the rule named, when the swap would break a hard rule."""
        loaded = self._load(actor, rota_id)
        shift = self._shift(loaded, shift_id)
        if in_return is not None:
            self._shift(loaded, in_return)
        if to_doctor not in {d.id for d in loaded.problem.doctors}:
            raise RotaNotFoundError(_("médecin {id}").format(id=to_doctor))
        holder = loaded.rota.doctor_of(shift_id) if actor.role in MANAGERS else None
        me = self._acting_doctor(actor, loaded, from_doctor or holder)
        proposal = propose_swap(
            loaded.problem,
            loaded.rota,
            shift_id=shift_id,
            from_doctor=me,
            to_doctor=to_doctor,
            in_return=in_return,
        )
        after = accept_swap(loaded.problem, loaded.rota, proposal, by=to_doctor)
        swap = StoredSwap(0, rota_id, shift_id, me, to_doctor, in_return, PROPOSED, self.now())
        swap = replace(swap, id=self.repo.add_swap(swap))
        detail = f"rota={rota_id};echange={swap.id};garde={shift_id}"
        self._record(actor, "rota.swap.propose", loaded.stored.territory_id, detail)
        return self._outcome(loaded, shift.sector, swap, after)

    def _outcome(self, loaded: Loaded, sector: str, swap: StoredSwap, after: Rota) -> SwapOutcome:
        p, before = loaded.problem, loaded.rota
        return SwapOutcome(
            swap,
            sector_fairness(p, sector, before.shifts, before.assignments),
            sector_fairness(p, sector, after.shifts, after.assignments),
        )

    def _pending(
        self, actor: RotaActor, loaded: Loaded, swap_id: int, by: str | None
    ) -> StoredSwap:
        swap = self.repo.swap(loaded.stored.id, swap_id)
        if swap is None:
            raise RotaNotFoundError(_("échange {id}").format(id=swap_id))
        me = self._acting_doctor(
            actor, loaded, by or (swap.to_doctor if actor.role in MANAGERS else None)
        )
        if me != swap.to_doctor:
            raise RotaForbiddenError(
                _("seul {doctor} peut répondre à cet échange").format(doctor=swap.to_doctor)
            )
        if swap.status != PROPOSED:
            from proxisante.errors import ConflictError

            raise ConflictError(
                _("l'échange {id} a déjà reçu une réponse ({status})").format(
                    id=swap_id, status=swap.status
                )
            )
        return swap

    def accept(
        self, actor: RotaActor, rota_id: int, swap_id: int, *, by: str | None = None
    ) -> SwapOutcome:
        """The receiving doctor accepts: the hard rules are checked again on the rota of now
        (another swap or a declared unavailability may have changed it)."""
        loaded = self._load(actor, rota_id, for_update=True)
        swap = self._pending(actor, loaded, swap_id, by)
        proposal = propose_swap(
            loaded.problem,
            loaded.rota,
            shift_id=swap.shift_id,
            from_doctor=swap.from_doctor,
            to_doctor=swap.to_doctor,
            in_return=swap.in_return,
        )
        after = accept_swap(loaded.problem, loaded.rota, proposal, by=swap.to_doctor)
        changed = [a for a in after.assignments if a.shift_id in {swap.shift_id, swap.in_return}]
        self.repo.set_assignments(rota_id, changed)
        self.repo.decide_swap(swap.id, ACCEPTED, self.now())
        done = replace(swap, status=ACCEPTED, decided_at=self.now())
        detail = f"rota={rota_id};echange={swap.id};garde={swap.shift_id}"
        self._record(actor, "rota.swap.accept", loaded.stored.territory_id, detail)
        return self._outcome(loaded, self._shift(loaded, swap.shift_id).sector, done, after)

    def refuse(
        self, actor: RotaActor, rota_id: int, swap_id: int, *, by: str | None = None
    ) -> StoredSwap:
        loaded = self._load(actor, rota_id, for_update=True)
        swap = self._pending(actor, loaded, swap_id, by)
        self.repo.decide_swap(swap.id, REFUSED, self.now())
        detail = f"rota={rota_id};echange={swap.id}"
        self._record(actor, "rota.swap.refuse", loaded.stored.territory_id, detail)
        return replace(swap, status=REFUSED, decided_at=self.now())

    def swaps(self, actor: RotaActor, rota_id: int) -> list[StoredSwap]:
        """The swaps of a rota: every one for managers, the caller's own for a doctor."""
        self._load(actor, rota_id)
        every = self.repo.swaps(rota_id)
        if actor.role in MANAGERS or actor.role in {"admin", "regulator"}:
            return every
        me = self._me(actor, rota_id)
        return [s for s in every if me in {s.from_doctor, s.to_doctor}]

    # ------------------------------------------------------------------ calendar feed

    def renew_feed(self, actor: RotaActor, rota_id: int, *, doctor: str | None = None) -> str:
        """A new secret feed token for the doctor (the previous one stops working)."""
        loaded = self._load(actor, rota_id)
        me = self._acting_doctor(actor, loaded, doctor)
        token = secrets.token_urlsafe(32)
        self.repo.set_feed_token(rota_id, me, hash_token(token))
        self._record(
            actor, "rota.feed.renew", loaded.stored.territory_id, f"rota={rota_id};medecin={me}"
        )
        return token

    def revoke_feed(self, actor: RotaActor, rota_id: int, *, doctor: str | None = None) -> None:
        loaded = self._load(actor, rota_id)
        me = self._acting_doctor(actor, loaded, doctor)
        self.repo.set_feed_token(rota_id, me, None)
        self._record(
            actor, "rota.feed.revoke", loaded.stored.territory_id, f"rota={rota_id};medecin={me}"
        )

    def feed(self, token: str) -> bytes:
        """The doctor's shifts as an iCalendar file (RFC 5545, VTIMEZONE included)."""
        link = self.repo.feed_owner(hash_token(token)) if token else None
        if link is None:
            raise RotaNotFoundError(_("calendrier"))
        loaded = self._load(None, link.rota_id)
        stamp = self.now().replace(microsecond=0)
        return doctor_ics(loaded.problem, loaded.rota, link.doctor_id, stamp=stamp)
