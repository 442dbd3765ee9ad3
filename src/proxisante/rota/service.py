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
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from proxisante.actor import OPERATOR, Actor
from proxisante.i18n import N_, _, format_date
from proxisante.notify.ports import Outbox
from proxisante.rota import notices
from proxisante.rota._errors import (
    RotaCheckFailedError,
    RotaError,
    RotaForbiddenError,
    RotaInputError,
    RotaNotFoundError,
)
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.check import check_rota
from proxisante.rota.export import doctor_ics
from proxisante.rota.fairness import SectorFairness, sector_fairness
from proxisante.rota.input import parse_rota_yaml
from proxisante.rota.labels import doctor_names, shift_label
from proxisante.rota.model import Assignment, Rota, RotaProblem, Shift, Unavailability
from proxisante.rota.ports import (
    DeclaredUnavailability,
    PublishedRota,
    RotaAudit,
    RotaEvent,
    RotaRepository,
    StoredSwap,
)
from proxisante.rota.swap_plan import FairnessWarningError, SwapPlan, plan_swap

MANAGERS = frozenset({"coordinator", OPERATOR})
READERS = frozenset({"coordinator", "regulator", "professional", "admin", OPERATOR})
PROPOSED, ACCEPTED, REFUSED = "proposee", "acceptee", "refusee"
STATUS_LABELS = {PROPOSED: N_("proposé"), ACCEPTED: N_("accepté"), REFUSED: N_("refusé")}
#: Where a swap and a rota are seen on the web (the links of the e-mails).
SWAP_PATH = "/gardes/{rota}/echanges/{swap}"
ROTA_PATH = "/gardes/{rota}"
#: A rota published from now on may not start later than this many years ahead.
MAX_YEARS_AHEAD = 5


def sees(actor: Actor, territory_id: str) -> bool:
    """Whether the territory's rotas exist for ``actor``: an administrator, or the command line
    acting on no territory, sees every territory; anyone else their own."""
    if actor.role == "admin" or (actor.role == OPERATOR and actor.territory_id is None):
        return True
    return actor.territory_id == territory_id


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
    problem: RotaProblem


@dataclass(frozen=True)
class SwapOutcome:
    """A swap and the fairness of its sector before and after it."""

    swap: StoredSwap
    before: SectorFairness
    after: SectorFairness


@dataclass(frozen=True)
class SwapReview:
    """A swap as its page shows it: the shifts, and — while it waits for an answer — what it
    would do if accepted now (``plan``), or why it no longer can be (``blocked``)."""

    swap: StoredSwap
    problem: RotaProblem
    shift: Shift
    in_return: Shift | None
    plan: SwapPlan | None
    blocked: str | None
    me: str | None


@dataclass(frozen=True)
class IncomingSwap:
    """A swap proposed to the caller and not answered yet, with what the page shows of it."""

    swap: StoredSwap
    rota_label: str
    shift: str
    in_return: str | None
    proposer: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RotaService:
    repo: RotaRepository
    audit: RotaAudit
    clock: Callable[[], datetime]
    outbox: Outbox | None = None

    def now(self) -> datetime:
        t = self.clock()
        return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)

    def _record(self, actor: Actor, action: str, territory: str, detail: str) -> None:
        event = RotaEvent(self.now(), action, actor.user_id, actor.role, territory, detail)
        self.audit.record(event)

    # ------------------------------------------------------------------ publish

    def publish(
        self,
        actor: Actor,
        territory_id: str,
        description: str,
        *,
        assignments: Sequence[Assignment] | None = None,
        doctors: Mapping[str, int | None] | None = None,
        label: str = "",
        time_limit_s: float = 30.0,
        link_by_name: bool = False,
        source: str = "description",
    ) -> int:
        """Store a solved rota (solved here when ``assignments`` is None, else checked against
        every hard rule: a violation → :class:`RotaCheckFailedError`, nothing stored).

        ``doctors`` links doctors of the description to professional accounts; with
        ``link_by_name`` the others are linked to the professional of the territory who bears
        exactly their name (letter case and spaces aside), when there is one only. Errors
        name the description as ``source`` (an uploaded file's name)."""
        if actor.role not in MANAGERS:
            raise RotaForbiddenError(
                _("la publication d'un tableau de garde est réservée à la coordination")
            )
        if not sees(actor, territory_id) or not self.repo.territory_exists(territory_id):
            raise RotaNotFoundError(_("territoire {id}").format(id=territory_id))
        problem = parse_rota_yaml(description, source=source)
        self._check_period(problem)
        links = dict(doctors or {})
        known = {d.id for d in problem.doctors}
        unknown = sorted(set(links) - known)
        if unknown:
            msg = _("médecins inconnus de la description : {ids}").format(ids=", ".join(unknown))
            raise RotaInputError("medecins", [msg])
        if link_by_name:
            links = self._links_by_name(territory_id, problem, links)
        if assignments is None:
            from proxisante.rota.solver import solve_rota

            assignments = solve_rota(problem, time_limit_s=time_limit_s).assignments
        else:
            violations = check_rota(problem, generate_shifts(problem), assignments)
            if violations:
                raise RotaCheckFailedError(_("tableau de garde"), violations)
        rota_id = self.repo.add_rota(
            territory_id=territory_id,
            label=label or " / ".join(s.name for s in problem.sectors)[:200],
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

    def _check_period(self, problem: RotaProblem) -> None:
        today = self.now().date()
        latest = date(min(today.year + MAX_YEARS_AHEAD, 9999), 12, 31)
        if problem.start > latest:
            raise RotaInputError(
                _("période"),
                [
                    _(
                        "le tableau commence le {start} : attendu un début au plus tard le "
                        "{latest}, par exemple period: {{start: {example}, end: …}}"
                    ).format(
                        start=format_date(problem.start),
                        latest=format_date(latest),
                        example=date(today.year + 1, 1, 1).isoformat(),
                    )
                ],
            )

    def _links_by_name(
        self, territory_id: str, problem: RotaProblem, links: dict[str, int | None]
    ) -> dict[str, int | None]:
        def key(name: str) -> str:
            return " ".join(name.casefold().split())

        by_name: dict[str, list[int]] = {}
        for pro in self.repo.professionals(territory_id):
            by_name.setdefault(key(pro.name), []).append(pro.id)
        out = dict(links)
        taken = {p for p in links.values() if p is not None}
        for d in problem.doctors:
            found = by_name.get(key(d.name), [])
            if d.id not in out and len(found) == 1 and found[0] not in taken:
                out[d.id] = found[0]
                taken.add(found[0])
        return out

    # ------------------------------------------------------------------ read

    def _load(self, actor: Actor | None, rota_id: int, *, for_update: bool = False) -> Loaded:
        stored = self.repo.rota(rota_id, for_update=for_update)
        if stored is None or (actor is not None and not sees(actor, stored.territory_id)):
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

    def _me(self, actor: Actor, rota_id: int) -> str | None:
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

    def _acting_doctor(self, actor: Actor, loaded: Loaded, named: str | None) -> str:
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

    def rotas(self, actor: Actor) -> list[PublishedRota]:
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

    def view(self, actor: Actor, rota_id: int) -> RotaView:
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
            loaded.problem,
        )

    # ------------------------------------------------------------------ a doctor's actions

    def _shift(self, loaded: Loaded, shift_id: str) -> Shift:
        found = next((s for s in loaded.rota.shifts if s.id == shift_id), None)
        if found is None:
            raise RotaNotFoundError(_("garde {id}").format(id=shift_id))
        return found

    def declare_unavailable(
        self, actor: Actor, rota_id: int, start: date, end: date, *, doctor: str | None = None
    ) -> list[Shift]:
        """Record dates a doctor cannot be on call; returns the shifts they hold on those days
        (to be swapped: the unavailability is checked on every later swap). The dates run from
        today (in the rota's time zone) to the day after the rota's last day at the latest."""
        loaded = self._load(actor, rota_id, for_update=True)
        me = self._acting_doctor(actor, loaded, doctor)
        self._check_dates(loaded.problem, start, end)
        u = DeclaredUnavailability(rota_id, me, start, end)
        self.repo.add_unavailability(u, now=self.now())
        period = Unavailability(start, end)
        held = {a.shift_id for a in loaded.rota.assignments if a.doctor_id == me}
        clashes = [s for s in loaded.rota.shifts if s.id in held and period.covers(s.start, s.end)]
        detail = f"rota={rota_id};medecin={me};gardes_a_echanger={len(clashes)}"
        self._record(actor, "rota.unavailable", loaded.stored.territory_id, detail)
        return clashes

    def today(self, problem: RotaProblem) -> date:
        """Today's date where the rota is (its time zone)."""
        return self.now().astimezone(ZoneInfo(problem.timezone)).date()

    def _check_dates(self, problem: RotaProblem, start: date, end: date) -> None:
        today = self.today(problem)
        last = problem.end + timedelta(days=1)  # a night of the last day ends the next day
        problems = []
        if end < start:
            problems.append(
                _("la fin ({end}) précède le début ({start})").format(
                    end=format_date(end), start=format_date(start)
                )
            )
        if start < today:
            problems.append(
                _("le début ({start}) est passé : attendu aujourd'hui ({today}) ou après").format(
                    start=format_date(start), today=format_date(today)
                )
            )
        if end > last or start > last:
            problems.append(
                _(
                    "les dates doivent tomber dans la période du tableau, du {first} au {last} "
                    "(reçu : du {start} au {end})"
                ).format(
                    first=format_date(problem.start),
                    last=format_date(last),
                    start=format_date(start),
                    end=format_date(end),
                )
            )
        if problems:
            raise RotaInputError(_("indisponibilité"), problems)

    def _plan(
        self,
        actor: Actor,
        loaded: Loaded,
        shift_id: str,
        to_doctor: str,
        in_return: str | None,
        from_doctor: str | None,
    ) -> tuple[SwapPlan, Rota]:
        self._shift(loaded, shift_id)
        holder = loaded.rota.doctor_of(shift_id) if actor.role in MANAGERS else None
        me = self._acting_doctor(actor, loaded, from_doctor or holder)
        return plan_swap(
            loaded.problem,
            loaded.rota,
            shift_id=shift_id,
            from_doctor=me,
            to_doctor=to_doctor,
            in_return=in_return,
        )

    def preview(
        self,
        actor: Actor,
        rota_id: int,
        *,
        shift_id: str,
        to_doctor: str,
        in_return: str | None = None,
        from_doctor: str | None = None,
    ) -> SwapPlan:
        """What a swap would do, before it is sent: refused at once (every reason named) when
        it cannot be, else the sector's fairness before and after and whether it must be
        confirmed. Nothing is stored."""
        loaded = self._load(actor, rota_id)
        return self._plan(actor, loaded, shift_id, to_doctor, in_return, from_doctor)[0]

    def propose(
        self,
        actor: Actor,
        rota_id: int,
        *,
        shift_id: str,
        to_doctor: str,
        in_return: str | None = None,
        from_doctor: str | None = None,
        confirm: bool = False,
        base_url: str = "",
    ) -> SwapOutcome:
        """Propose to give ``shift_id`` to ``to_doctor`` (and take ``in_return`` back); refused
        at once, with the rule named, when the swap would break a hard rule, and until
        ``confirm`` when it raises the sector's spread above the warning threshold
        (:mod:`proxisante.rota.swap_plan`). The colleague is told by e-mail when the
        description gives their address (the link starts with ``base_url``)."""
        loaded = self._load(actor, rota_id)
        plan, _after = self._plan(actor, loaded, shift_id, to_doctor, in_return, from_doctor)
        if plan.needs_confirmation and not confirm:
            raise FairnessWarningError(loaded.problem, plan)
        me = plan.from_doctor
        swap = StoredSwap(0, rota_id, shift_id, me, to_doctor, in_return, PROPOSED, self.now())
        swap = replace(swap, id=self.repo.add_swap(swap))
        detail = f"rota={rota_id};echange={swap.id};garde={shift_id}"
        self._record(actor, "rota.swap.propose", loaded.stored.territory_id, detail)
        colleague = loaded.problem.doctor(to_doctor)
        if self.outbox is not None and colleague.email:
            names = doctor_names(loaded.problem)
            back = plan.in_return
            note = notices.swap_proposed(
                colleague.email,
                proposer=names[me],
                shift=shift_label(loaded.problem, plan.shift),
                in_return=None if back is None else shift_label(loaded.problem, back),
                link=base_url + SWAP_PATH.format(rota=rota_id, swap=swap.id),
            )
            self.outbox.enqueue(note, self.now().replace(tzinfo=None))
        return SwapOutcome(swap, plan.before, plan.after)

    def _pending(self, actor: Actor, loaded: Loaded, swap_id: int, by: str | None) -> StoredSwap:
        swap = self.repo.swap(loaded.stored.id, swap_id)
        if swap is None:
            raise RotaNotFoundError(_("échange {id}").format(id=swap_id))
        me = self._acting_doctor(
            actor, loaded, by or (swap.to_doctor if actor.role in MANAGERS else None)
        )
        if me != swap.to_doctor:
            raise RotaForbiddenError(
                _("seul {doctor} peut répondre à cet échange").format(
                    doctor=doctor_names(loaded.problem).get(swap.to_doctor, swap.to_doctor)
                )
            )
        if swap.status != PROPOSED:
            from proxisante.errors import ConflictError

            raise ConflictError(
                _("l'échange {id} a déjà reçu une réponse ({status})").format(
                    id=swap_id, status=_(STATUS_LABELS.get(swap.status, swap.status))
                )
            )
        return swap

    def swap(self, actor: Actor, rota_id: int, swap_id: int) -> StoredSwap:
        """One swap of the rota, for the two doctors it concerns and the managers."""
        found = next((s for s in self.swaps(actor, rota_id) if s.id == swap_id), None)
        if found is None:
            raise RotaNotFoundError(_("échange {id}").format(id=swap_id))
        return found

    def review(self, actor: Actor, rota_id: int, swap_id: int) -> SwapReview:
        """One swap and its effect, for the two doctors it concerns and the managers."""
        loaded = self._load(actor, rota_id)
        swap = self.swap(actor, rota_id, swap_id)
        shift = self._shift(loaded, swap.shift_id)
        back = self._shift(loaded, swap.in_return) if swap.in_return else None
        plan: SwapPlan | None = None
        blocked: str | None = None
        if swap.status == PROPOSED:
            try:
                plan = plan_swap(
                    loaded.problem,
                    loaded.rota,
                    shift_id=swap.shift_id,
                    from_doctor=swap.from_doctor,
                    to_doctor=swap.to_doctor,
                    in_return=swap.in_return,
                )[0]
            except RotaError as exc:
                blocked = str(exc)
        me = self._me(actor, rota_id)
        return SwapReview(swap, loaded.problem, shift, back, plan, blocked, me)

    def accept(
        self,
        actor: Actor,
        rota_id: int,
        swap_id: int,
        *,
        by: str | None = None,
        base_url: str = "",
    ) -> SwapOutcome:
        """The receiving doctor accepts: the hard rules are checked again on the rota of now
        (another swap or a declared unavailability may have changed it)."""
        loaded = self._load(actor, rota_id, for_update=True)
        swap = self._pending(actor, loaded, swap_id, by)
        plan, after = plan_swap(
            loaded.problem,
            loaded.rota,
            shift_id=swap.shift_id,
            from_doctor=swap.from_doctor,
            to_doctor=swap.to_doctor,
            in_return=swap.in_return,
        )
        changed = [a for a in after.assignments if a.shift_id in {swap.shift_id, swap.in_return}]
        self.repo.set_assignments(rota_id, changed)
        self.repo.decide_swap(swap.id, ACCEPTED, self.now())
        done = replace(swap, status=ACCEPTED, decided_at=self.now())
        detail = f"rota={rota_id};echange={swap.id};garde={swap.shift_id}"
        self._record(actor, "rota.swap.accept", loaded.stored.territory_id, detail)
        self._tell_proposer(loaded, done, base_url)
        return SwapOutcome(done, plan.before, plan.after)

    def refuse(
        self,
        actor: Actor,
        rota_id: int,
        swap_id: int,
        *,
        by: str | None = None,
        base_url: str = "",
    ) -> StoredSwap:
        loaded = self._load(actor, rota_id, for_update=True)
        swap = self._pending(actor, loaded, swap_id, by)
        self.repo.decide_swap(swap.id, REFUSED, self.now())
        detail = f"rota={rota_id};echange={swap.id}"
        self._record(actor, "rota.swap.refuse", loaded.stored.territory_id, detail)
        done = replace(swap, status=REFUSED, decided_at=self.now())
        self._tell_proposer(loaded, done, base_url)
        return done

    def _tell_proposer(self, loaded: Loaded, swap: StoredSwap, base_url: str) -> None:
        proposer = loaded.problem.doctor(swap.from_doctor)
        if self.outbox is None or not proposer.email:
            return
        note = notices.swap_answered(
            proposer.email,
            colleague=doctor_names(loaded.problem)[swap.to_doctor],
            shift=shift_label(loaded.problem, self._shift(loaded, swap.shift_id)),
            accepted=swap.status == ACCEPTED,
            link=base_url + ROTA_PATH.format(rota=loaded.stored.id),
        )
        self.outbox.enqueue(note, self.now().replace(tzinfo=None))

    def incoming(self, actor: Actor) -> list[IncomingSwap]:
        """The swaps proposed to the caller's doctor (every rota of their territory) and not
        answered yet: the notifications of their pages."""
        if actor.professional_id is None or actor.role not in READERS:
            return []
        out: list[IncomingSwap] = []
        loaded: dict[int, Loaded] = {}
        for swap in self.repo.pending_swaps_for(actor.professional_id):
            if swap.rota_id not in loaded:
                try:
                    loaded[swap.rota_id] = self._load(actor, swap.rota_id)
                except RotaNotFoundError:  # a rota of another territory: not theirs to see
                    continue
            rota = loaded[swap.rota_id]
            names = doctor_names(rota.problem)
            back = self._shift(rota, swap.in_return) if swap.in_return else None
            out.append(
                IncomingSwap(
                    swap,
                    rota.stored.label,
                    shift_label(rota.problem, self._shift(rota, swap.shift_id)),
                    None if back is None else shift_label(rota.problem, back),
                    names.get(swap.from_doctor, swap.from_doctor),
                )
            )
        return out

    def pending_count(self, actor: Actor) -> int:
        """How many swaps wait for the caller's answer (the badge of their pages)."""
        if actor.professional_id is None or actor.role not in READERS:
            return 0
        return len(self.repo.pending_swaps_for(actor.professional_id))

    def swaps(self, actor: Actor, rota_id: int) -> list[StoredSwap]:
        """The swaps of a rota: every one for managers, the caller's own for a doctor."""
        self._load(actor, rota_id)
        every = self.repo.swaps(rota_id)
        if actor.role in MANAGERS or actor.role in {"admin", "regulator"}:
            return every
        me = self._me(actor, rota_id)
        return [s for s in every if me in {s.from_doctor, s.to_doctor}]

    # ------------------------------------------------------------------ calendar feed

    def renew_feed(self, actor: Actor, rota_id: int, *, doctor: str | None = None) -> str:
        """A new secret feed token for the doctor (the previous one stops working)."""
        loaded = self._load(actor, rota_id)
        me = self._acting_doctor(actor, loaded, doctor)
        token = secrets.token_urlsafe(32)
        self.repo.set_feed_token(rota_id, me, hash_token(token))
        self._record(
            actor, "rota.feed.renew", loaded.stored.territory_id, f"rota={rota_id};medecin={me}"
        )
        return token

    def revoke_feed(self, actor: Actor, rota_id: int, *, doctor: str | None = None) -> None:
        loaded = self._load(actor, rota_id)
        me = self._acting_doctor(actor, loaded, doctor)
        self.repo.set_feed_token(rota_id, me, None)
        self._record(
            actor, "rota.feed.revoke", loaded.stored.territory_id, f"rota={rota_id};medecin={me}"
        )

    def feed(self, token: str) -> bytes:
        """The doctor's shifts as an iCalendar file (RFC 5545, VTIMEZONE included); unknown
        (404) for a revoked or renewed token and once the doctor's account is deactivated."""
        link = self.repo.feed_owner(hash_token(token)) if token else None
        if link is None or (
            # a deactivated account's feed dies with it (same 404 as an unknown token)
            link.professional_id is not None
            and self.repo.professional_deactivated(link.professional_id)
        ):
            raise RotaNotFoundError(_("calendrier"))
        loaded = self._load(None, link.rota_id)
        stamp = self.now().replace(microsecond=0)
        return doctor_ics(loaded.problem, loaded.rota, link.doctor_id, stamp=stamp)
