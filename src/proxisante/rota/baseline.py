"""A greedy baseline: each shift, in time order, goes to the least-loaded doctor who may take it.

Used as the named baseline of the benchmark and as a starting hint for the solver. It respects
the hard rules when it succeeds, but may get stuck (returns ``None`` for that sector).
"""

from __future__ import annotations

from collections.abc import Sequence

from proxisante.rota.model import Assignment, Doctor, Rules, Shift
from proxisante.rota.rules import conflict, eligible, required_gap_s


def greedy_sector(
    doctors: Sequence[Doctor], shifts: Sequence[Shift], rules: Rules
) -> list[Assignment] | None:
    """Assign ``shifts`` (one sector, sorted by start) greedily; ``None`` when stuck."""
    load = {d.id: d.previous_load for d in doctors}
    count = dict.fromkeys(load, 0)
    taken: dict[str, list[Shift]] = {d.id: [] for d in doctors}
    out: list[Assignment] = []
    for s in shifts:
        best: Doctor | None = None
        for d in doctors:
            if not eligible(d, s):
                continue
            if d.max_shifts is not None and count[d.id] >= d.max_shifts:
                continue
            if _clashes(taken[d.id], s, rules):
                continue
            if best is None or (load[d.id] / d.share, d.id) < (load[best.id] / best.share, best.id):
                best = d
        if best is None:
            return None
        load[best.id] += s.weight
        count[best.id] += 1
        taken[best.id].append(s)
        out.append(Assignment(s.id, best.id))
    return out


_WE = 1.0
_HORIZON_S = 16 * 24 * 3600  # longest shift (1 day) + longest rest allowed (14 days), rounded up


def _clashes(taken: list[Shift], s: Shift, rules: Rules) -> bool:
    for t in reversed(taken):
        if s.start.timestamp() - t.start.timestamp() > _HORIZON_S:
            return False
        if conflict(t, s, rules):
            return True
    return False


def improve_sector(
    doctors: Sequence[Doctor],
    shifts: Sequence[Shift],
    assignments: Sequence[Assignment],
    rules: Rules,
    *,
    max_moves: int = 2000,
) -> list[Assignment]:
    """Local search on a valid assignment: move or swap shifts between two fairly counted
    doctors while the sum of squared loads (plus a third of the squared weekend counts) falls.

    Every move keeps the hard rules, so the result is valid when the input is.
    """
    from proxisante.rota.fairness import participants  # local: fairness imports this module

    counted = {d.id: d for d in participants(doctors, shifts)}
    by_id = {s.id: s for s in shifts}
    owner = {a.shift_id: a.doctor_id for a in assignments}
    mine: dict[str, list[Shift]] = {d.id: [] for d in doctors}
    for shift_id, doctor_id in owner.items():
        mine[doctor_id].append(by_id[shift_id])
    load = {
        d: (sum(s.weight for s in mine[d]) + counted[d].previous_load) / counted[d].share
        for d in counted
    }
    weekend = {d: sum(s.weekend for s in mine[d]) + counted[d].previous_weekends for d in counted}

    start = {s.id: s.start.timestamp() for s in shifts}
    end = {s.id: s.end.timestamp() for s in shifts}
    rest = {s.id: required_gap_s(s, rules) for s in shifts}
    able = {(d.id, s.id) for d in doctors if d.id in counted for s in shifts if eligible(d, s)}

    def clash(t: Shift, s: Shift) -> bool:
        if start[t.id] <= start[s.id]:
            return start[s.id] - end[t.id] < rest[t.id]
        return start[t.id] - end[s.id] < rest[s.id]

    def fits(doctor: Doctor, s: Shift, without: Shift | None) -> bool:
        if (doctor.id, s.id) not in able:
            return False
        return not any(clash(t, s) for t in mine[doctor.id] if t is not without)

    def gain(a: str, b: str, dl: float, dw: int) -> float:
        """Fall of the objective when ``dl`` load and ``dw`` weekends go from a to b."""
        sa, sb = counted[a].share, counted[b].share
        before = load[a] ** 2 + load[b] ** 2 + (weekend[a] ** 2 + weekend[b] ** 2) * _WE
        la, lb = load[a] - dl / sa, load[b] + dl / sb
        wa, wb = weekend[a] - dw, weekend[b] + dw
        return before - (la**2 + lb**2 + (wa**2 + wb**2) * _WE)

    for _ in range(max_moves):
        by_load = sorted(counted, key=lambda d: load[d])
        by_weekend = sorted(counted, key=lambda d: weekend[d])
        givers = dict.fromkeys([*reversed(by_load[-4:]), *reversed(by_weekend[-3:])])
        takers = dict.fromkeys([*by_load[:4], *by_weekend[:3]])
        best: tuple[float, str, str, Shift, Shift | None] | None = None
        for a in givers:
            for b in takers:
                if a == b:
                    continue
                da, db = counted[a], counted[b]
                for s in mine[a]:
                    full = db.max_shifts is not None and len(mine[b]) >= db.max_shifts
                    g = gain(a, b, s.weight, int(s.weekend))
                    better = g > 1e-9 and (best is None or g > best[0])
                    if better and not full and fits(db, s, None):
                        best = (g, a, b, s, None)
                    for t in mine[b]:
                        dl = s.weight - t.weight
                        dw = int(s.weekend) - int(t.weekend)
                        if dl == 0 and dw == 0:
                            continue
                        g = gain(a, b, dl, dw)
                        better = g > 1e-9 and (best is None or g > best[0])
                        if better and fits(db, s, t) and fits(da, t, s):
                            best = (g, a, b, s, t)
        if best is None:
            break
        _, a, b, give, back = best
        mine[a].remove(give)
        mine[b].append(give)
        owner[give.id] = b
        dl, dw = give.weight, int(give.weekend)
        if back is not None:
            mine[b].remove(back)
            mine[a].append(back)
            owner[back.id] = a
            dl, dw = dl - back.weight, dw - int(back.weekend)
        load[a] -= dl / counted[a].share
        load[b] += dl / counted[b].share
        weekend[a] -= dw
        weekend[b] += dw
    return sorted((Assignment(k, v) for k, v in owner.items()), key=lambda x: x.shift_id)
