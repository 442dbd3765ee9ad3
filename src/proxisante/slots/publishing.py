"""Publishing schedules and slots: the checks (caps, times, ownership) and the writes.

Called through :class:`proxisante.slots.service.SlotService`; nothing is written unless every
check passes (the caller's transaction holds the writes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from proxisante.actor import OPERATOR, Actor
from proxisante.i18n import N_, _
from proxisante.slots._errors import (
    InvalidSlotError,
    ScheduleNotFoundError,
    SlotForbiddenError,
    SlotLimitError,
    SlotMovedError,
    TerritoryNotFoundError,
)
from proxisante.slots.model import Schedule, Slot, SlotDraft
from proxisante.slots.ports import SlotRepository
from proxisante.slots.rules import PUBLISH_ROLES, manages, sees

#: At most this many schedules, and slots, in one publication (one request, one file).
MAX_SCHEDULES = 100
MAX_SLOTS = 5000
#: Slots are accepted from this many days ago (a feed re-sent) to this many days ahead.
PAST_DAYS = 7
FUTURE_DAYS = 731
#: The longest slot, in hours.
MAX_SLOT_HOURS = 24


@dataclass(frozen=True)
class Plan:
    """What a publication will write, once checked."""

    territory_id: str
    schedules: list[Schedule]
    slots: list[Slot]
    #: Schedules without territory that the operator gives to ``territory_id`` (0006).
    adopted: list[str]


def to_utc(t: datetime) -> datetime | None:
    """``t`` in UTC; ``None`` when it has no offset or falls outside the calendar."""
    if t.tzinfo is None or t.utcoffset() is None:
        return None
    try:
        return t.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def check_caps(schedules: int, slots: int) -> None:
    if schedules > MAX_SCHEDULES:
        raise SlotLimitError(_("agendas (schedules)"), schedules, MAX_SCHEDULES)
    if slots > MAX_SLOTS:
        raise SlotLimitError(_("créneaux (slots)"), slots, MAX_SLOTS)


def _times(d: SlotDraft, now: datetime, problems: list[str]) -> tuple[datetime, datetime] | None:
    start, end = to_utc(d.start), to_utc(d.end)
    where = _("créneau {slot}").format(slot=d.id)
    if start is None or end is None:
        problems.append(
            _(
                "{where} : début et fin attendus avec fuseau horaire, dans le calendrier "
                "(ex. 2027-05-03T09:00:00+02:00)"
            ).format(where=where)
        )
        return None
    low, high = now - timedelta(days=PAST_DAYS), now + timedelta(days=FUTURE_DAYS)
    if not (low <= start <= high):
        problems.append(
            _(
                "{where} : début {start} UTC hors de la fenêtre acceptée "
                "(de {past} jours avant à {future} jours après maintenant)"
            ).format(
                where=where, start=f"{start:%Y-%m-%d %H:%M}", past=PAST_DAYS, future=FUTURE_DAYS
            )
        )
        return None
    if end <= start:
        problems.append(_("{where} : la fin précède le début").format(where=where))
        return None
    if end - start > timedelta(hours=MAX_SLOT_HOURS):
        problems.append(
            _("{where} : plus de {hours} heures entre début et fin").format(
                where=where, hours=MAX_SLOT_HOURS
            )
        )
        return None
    return start, end


_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SLOT_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")
_RPPS = re.compile(r"[A-Za-z0-9._-]{1,32}")
_KINDS = ("practitioner", "organization")
#: Checks of the SAS fields of a schedule: (field, pattern, what is expected).
SAS_FIELD_RULES = (
    (
        "address_line",
        re.compile(r"[^\x00-\x1f]{1,200}"),
        N_("une ligne d'adresse (1 à 200 signes)"),
    ),
    ("postal_code", re.compile(r"[0-9]{4,5}"), N_("un code postal de 5 chiffres (4 en Suisse)")),
    ("city", re.compile(r"[^\x00-\x1f]{1,100}"), N_("un nom de ville (1 à 100 signes)")),
    (
        "specialty",
        re.compile(r"SM[0-9]{2}"),
        N_("un code de spécialité ordinale TRE-R38, p. ex. SM54 (médecine générale)"),
    ),
    (
        "organization",
        re.compile(r"(?:[0-9]{2}|2A|2B)[0-9]{7}"),
        N_("un numéro FINESS de 9 caractères, p. ex. 030780092"),
    ),
)


def _schedule_problems(d: Schedule) -> list[str]:
    """Field checks of a schedule (the JSON API checks them too; a FHIR file may not)."""
    where = _("agenda {schedule}").format(schedule=repr(d.id[:64]))
    out = []
    if not _ID.fullmatch(d.id):
        out.append(
            _("{where} : identifiant attendu de 1 à 64 caractères A-Z a-z 0-9 . _ -").format(
                where=where
            )
        )
    if not 1 <= len(d.provider_name) <= 200 or any(ord(c) < 32 for c in d.provider_name):
        out.append(
            _("{where} : nom du professionnel ou de la structure attendu (1 à 200 signes)").format(
                where=where
            )
        )
    if d.provider_kind not in _KINDS:
        out.append(
            _("{where} : provider_kind attendu practitioner ou organization").format(where=where)
        )
    if d.identifier is not None and not _RPPS.fullmatch(d.identifier):
        out.append(
            _("{where} : identifiant RPPS/FINESS attendu de 1 à 32 caractères").format(where=where)
        )
    for name, pattern, expected in SAS_FIELD_RULES:
        value = getattr(d, name)
        if value is not None and not pattern.fullmatch(value):
            out.append(
                _("{where} : {field} {value} ; attendu {expected}").format(
                    where=where, field=name, value=repr(value[:40]), expected=_(expected)
                )
            )
    return out


def _others(schedule_id: str) -> str:
    return _("l'agenda {schedule} appartient à un autre professionnel").format(
        schedule=repr(schedule_id)
    )


def _duplicates(ids: Sequence[str], what: str) -> list[str]:
    return [
        _("{what} {id} envoyé deux fois").format(what=what, id=repr(i))
        for i, n in sorted(Counter(ids).items())
        if n > 1
    ]


def publisher_territory(repo: SlotRepository, actor: Actor) -> tuple[str, frozenset[str]]:
    """The territory the actor publishes in, and its communes."""
    if actor.role not in PUBLISH_ROLES:
        raise SlotForbiddenError(
            _(
                "publier des créneaux est réservé au professionnel propriétaire de l'agenda et "
                "à la coordination du territoire (vous êtes {role})"
            ).format(role=actor.role)
        )
    territory = actor.territory_id
    if territory is None and actor.professional_id is not None:
        territory = repo.professional_territory(actor.professional_id)
    if territory is None:
        raise SlotForbiddenError(_("votre compte n'est rattaché à aucun territoire"))
    communes = repo.territory_communes(territory)
    if communes is None:
        raise TerritoryNotFoundError(territory)
    return territory, communes


def _owner(repo: SlotRepository, actor: Actor, territory: str, wanted: int | None) -> int | None:
    if actor.role == "professional":
        if wanted is not None and wanted != actor.professional_id:
            raise SlotForbiddenError(_("un professionnel ne publie que ses propres agendas"))
        return actor.professional_id
    if wanted is not None and repo.professional_territory(wanted) != territory:
        raise InvalidSlotError(
            _("publication"),
            [
                _("professionnel {pro} inconnu dans le territoire {territory}").format(
                    pro=wanted, territory=repr(territory)
                )
            ],
        )
    return wanted


def plan_schedules(
    repo: SlotRepository,
    actor: Actor,
    territory: tuple[str, frozenset[str]],
    drafts: Sequence[Schedule],
    known: dict[str, Schedule],
    problems: list[str],
) -> list[Schedule]:
    """The schedules to write, with their owner; refuses another's. ``known`` holds the
    schedules of the publisher's territory only (ids are scoped to their territory): another
    territory's ids are neither seen nor blocked."""
    territory_id, communes = territory
    out = []
    for d in drafts:
        old = known.get(d.id)
        adopt = old is not None and old.territory_id is None and actor.role == "operator"
        if old is not None and not adopt:
            if not sees(actor, old.territory_id):
                raise ScheduleNotFoundError(d.id)
            if not manages(actor, old):
                raise SlotForbiddenError(_others(d.id))
        owner = _owner(repo, actor, territory_id, d.professional_id)
        if owner is None and old is not None and actor.role != "professional":
            owner = old.professional_id  # an owner is changed only when named
        problems.extend(_schedule_problems(d))
        if d.commune not in communes:
            problems.append(
                _(
                    "agenda {schedule} : commune {commune} hors du territoire {territory} "
                    "(attendu le code INSEE d'une de ses communes)"
                ).format(
                    schedule=d.id[:64], commune=repr(d.commune[:10]), territory=repr(territory_id)
                )
            )
        out.append(replace(d, territory_id=territory_id, professional_id=owner))
    return out


def plan_slots(
    repo: SlotRepository,
    actor: Actor,
    drafts: Sequence[SlotDraft],
    schedules: dict[str, Schedule],
    now: datetime,
    problems: list[str],
    *,
    territory_id: str,
) -> list[Slot]:
    """The slots to write; a slot of another's schedule is refused, and never moves.
    ``schedules`` are those of the publisher's territory, where the slots' ids live."""
    existing = repo.slots([d.id for d in drafts], territory_id=territory_id)
    out = []
    for d in drafts:
        schedule = schedules.get(d.schedule_id)
        if schedule is None:
            problems.append(
                _("créneau {slot} : agenda {schedule} inconnu").format(
                    slot=d.id, schedule=repr(d.schedule_id)
                )
            )
            continue
        if not sees(actor, schedule.territory_id):
            raise ScheduleNotFoundError(d.schedule_id)
        if not manages(actor, schedule):
            raise SlotForbiddenError(_others(d.schedule_id))
        if not _SLOT_ID.fullmatch(d.id):
            problems.append(
                _(
                    "créneau {slot} : identifiant attendu de 1 à 100 caractères A-Z a-z 0-9 . _ : -"
                ).format(slot=repr(d.id[:100]))
            )
            continue
        old = existing.get(d.id)
        if old is not None and old.schedule_id != d.schedule_id:
            raise SlotMovedError(d.id, d.schedule_id)
        times = _times(d, now, problems)
        if times is not None:
            out.append(
                Slot(
                    d.id,
                    d.schedule_id,
                    schedule.commune,
                    *times,
                    d.slot_type,
                    d.status,
                    territory_id=territory_id,
                )
            )
    return out


def plan(
    repo: SlotRepository,
    actor: Actor,
    schedules: Sequence[Schedule],
    slots: Sequence[SlotDraft],
    now: datetime,
) -> Plan:
    """Check a whole publication; raises with every problem, before anything is written."""
    check_caps(len(schedules), len(slots))
    territory = publisher_territory(repo, actor)
    problems = _duplicates([s.id for s in schedules], _("agenda")) + _duplicates(
        [s.id for s in slots], _("créneau")
    )
    wanted = {s.id for s in schedules} | {s.schedule_id for s in slots}
    known = repo.schedules(wanted, territory_id=territory[0])
    unowned: dict[str, Schedule] = {}
    if actor.role == OPERATOR:  # the operator adopts schedules without territory (0006)
        mine = {s.id for s in schedules} - known.keys()  # republished by the operator
        unowned = repo.schedules(mine, territory_id=None)
    planned = plan_schedules(repo, actor, territory, schedules, known | unowned, problems)
    by_id = known | {s.id: s for s in planned}
    planned_slots = plan_slots(repo, actor, slots, by_id, now, problems, territory_id=territory[0])
    if problems:
        raise InvalidSlotError(_("publication"), problems)
    return Plan(territory[0], planned, planned_slots, sorted(unowned))
