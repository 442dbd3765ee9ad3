"""Check what a person typed and turn it into a :class:`ProjectDraft` (French messages).

Every problem is listed at once; nothing is stored unless the whole input is valid.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.projects.model import (
    Area,
    Document,
    Funder,
    Kind,
    Milestone,
    Nature,
    ProjectDraft,
    Stage,
)

MAX_TITLE = 200
MAX_TEXT = 2000
MAX_ITEMS = 100


class ProjectInputError(UserError):
    """One or more problems in a project's input; ``problems`` lists them."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(_("Projet refusé : {problems}").format(problems=" ; ".join(self.problems)))


class AreaResolver(Protocol):
    """Turns a territory code or a list of commune codes into an :class:`Area`."""

    def resolve(self, code: str, communes: Sequence[str]) -> Area: ...


@dataclass(frozen=True)
class MilestoneInput:
    title: str = ""
    due: str = ""
    owner: str = ""
    done: bool = False


@dataclass(frozen=True)
class FunderInput:
    name: str = ""
    amount_eur: str = ""


@dataclass(frozen=True)
class DocumentInput:
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class ProjectInput:
    """A project as typed in a form, a JSON body or a file: strings, not yet checked."""

    title: str = ""
    kind: str = ""
    territory: str = ""
    communes: tuple[str, ...] = ()
    lead: str = ""
    stage: str = "initiative"
    nature: str = ""
    start: str = ""
    end: str = ""
    partners: tuple[str, ...] = ()
    milestones: tuple[MilestoneInput, ...] = ()
    budget_eur: str = ""
    funders: tuple[FunderInput, ...] = ()
    documents: tuple[DocumentInput, ...] = ()
    public: bool = False
    summary: str = ""


@dataclass
class _Problems:
    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)


E = TypeVar("E", bound=enum.StrEnum)


def _choice(value: str, enum_type: type[E], name: str, p: _Problems) -> E | None:
    allowed = [e.value for e in enum_type]
    if value.strip() in allowed:
        return enum_type(value.strip())
    p.add(
        _("{name} {value} inconnu : attendu l'un de {allowed}").format(
            name=name, value=repr(value), allowed=", ".join(allowed)
        )
    )
    return None


def parse_date(value: str, name: str, p: _Problems) -> date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        p.add(
            _("{name} {value} n'est pas une date : attendu AAAA-MM-JJ, p. ex. 2027-06-30").format(
                name=name, value=repr(value)
            )
        )
        return None


def parse_amount(value: str, name: str, p: _Problems) -> int | None:
    text = value.strip()
    for space in (" ", "\u00a0", "\u202f"):
        text = text.replace(space, "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        p.add(
            _(
                "{name} {value} invalide : attendu un nombre entier d'euros positif, p. ex. 450000"
            ).format(name=name, value=repr(value))
        )
        return None
    return int(text)


def check_url(url: str, p: _Problems) -> str | None:
    text = url.strip()
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or " " in text
        or _has_control(text)
    ):
        p.add(
            _(
                "lien de document {url} invalide : attendu une adresse http(s) complète, "
                "p. ex. https://www.ars.sante.fr/projet.pdf"
            ).format(url=repr(url))
        )
        return None
    return text


def _has_control(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def _text(
    value: str, name: str, p: _Problems, *, required: bool = False, limit: int = MAX_TITLE
) -> str:
    text = " ".join(value.split())
    if _has_control(text):
        p.add(_("{name} : caractères de contrôle non acceptés").format(name=name))
        return ""
    if required and not text:
        p.add(
            _("{name} vide : attendu un texte, p. ex. « Maison de santé de Dompierre »").format(
                name=name
            )
        )
    if len(text) > limit:
        p.add(
            _("{name} trop long ({n} caractères, au plus {limit})").format(
                name=name, n=len(text), limit=limit
            )
        )
    return text


def _milestones(
    items: Sequence[MilestoneInput], end: date | None, p: _Problems
) -> tuple[Milestone, ...]:
    out = []
    for i, m in enumerate(items, 1):
        if not (m.title.strip() or m.due.strip() or m.owner.strip()):
            continue  # an empty row of a form
        title = _text(m.title, _("jalon {i} : titre").format(i=i), p, required=True)
        due = parse_date(m.due, _("jalon {i} : échéance").format(i=i), p)
        if not m.due.strip():
            p.add(_("jalon {i} : échéance vide : attendu une date AAAA-MM-JJ").format(i=i))
        if due is not None and end is not None and due > end:
            p.add(
                _(
                    "jalon {i} ({title}) : échéance {due} après la fin du projet ({end}) : "
                    "attendu une date au plus tard le {end}"
                ).format(
                    i=i, title=title or _("sans titre"), due=due.isoformat(), end=end.isoformat()
                )
            )
        if due is not None:
            owner = _text(m.owner, _("jalon {i} : responsable").format(i=i), p)
            out.append(Milestone(title, due, owner, m.done))
    return tuple(out)


def check_milestone(m: MilestoneInput, end: date | None) -> Milestone:
    """One milestone added to an existing project."""
    p = _Problems()
    ms = _milestones([m], end, p)
    if not ms and not p.items:
        p.add(_("jalon vide : attendu un titre et une échéance AAAA-MM-JJ"))
    if p.items:
        raise ProjectInputError(p.items)
    return ms[0]


def _area(data: ProjectInput, resolver: AreaResolver, p: _Problems) -> Area | None:
    communes = [c.strip() for c in data.communes if c.strip()]
    if not data.territory.strip() and not communes:
        p.add(
            _(
                "territoire vide : attendu un code de territoire (p. ex. 200071470 pour "
                "CC Entr'Allier Besbre et Loire) ou une liste de communes"
            )
        )
        return None
    try:
        return resolver.resolve(data.territory.strip(), communes)
    except UserError as exc:
        p.add(_("territoire : {error}").format(error=exc))
        return None


def _lists(data: ProjectInput, p: _Problems) -> tuple[tuple[Funder, ...], tuple[Document, ...]]:
    funders = []
    for i, f in enumerate(data.funders, 1):
        if not f.name.strip() and not f.amount_eur.strip():
            continue
        name = _text(f.name, _("financeur {i} : nom").format(i=i), p, required=True)
        amount = parse_amount(f.amount_eur, _("financeur {i} : montant").format(i=i), p)
        funders.append(Funder(name, amount))
    documents = []
    for i, d in enumerate(data.documents, 1):
        if not d.title.strip() and not d.url.strip():
            continue
        url = check_url(d.url, p)
        if url is not None:
            title = _text(d.title, _("document {i} : titre").format(i=i), p)
            documents.append(Document(title or url, url))
    if (
        max(len(data.milestones), len(data.funders), len(data.documents), len(data.partners))
        > MAX_ITEMS
    ):
        p.add(_("trop d'éléments dans une liste (au plus {n})").format(n=MAX_ITEMS))
    return tuple(funders), tuple(documents)


def validate(data: ProjectInput, resolver: AreaResolver) -> ProjectDraft:
    """The draft, or :class:`ProjectInputError` listing every problem (in French)."""
    p = _Problems()
    title = _text(data.title, _("titre"), p, required=True)
    kind = _choice(data.kind, Kind, _("type de projet"), p)
    stage = _choice(data.stage or "initiative", Stage, _("stade"), p)
    nature = _choice(data.nature, Nature, _("nature"), p)
    area = _area(data, resolver, p)
    start = parse_date(data.start, _("début"), p)
    end = parse_date(data.end, _("fin"), p)
    if start and end and end < start:
        p.add(
            _("fin {end} avant le début {start}").format(
                end=end.isoformat(), start=start.isoformat()
            )
        )
    milestones = _milestones(data.milestones, end, p)
    funders, documents = _lists(data, p)
    budget = parse_amount(data.budget_eur, _("budget"), p)
    partners = tuple(t for t in (_text(x, _("partenaire"), p) for x in data.partners) if t)
    lead = _text(data.lead, _("porteur"), p)
    summary = _text(data.summary, _("résumé"), p, limit=MAX_TEXT)
    if p.items or kind is None or stage is None or nature is None or area is None:
        raise ProjectInputError(p.items)
    return ProjectDraft(
        title=title,
        kind=kind,
        area=area,
        lead=lead,
        stage=stage,
        nature=nature,
        start=start,
        end=end,
        partners=partners,
        milestones=milestones,
        budget_eur=budget,
        funders=funders,
        documents=documents,
        public=data.public,
        summary=summary,
    )
