"""Use cases of the managed content: add, remove (coordinators and administrators, audited),
and list (public). The service never commits: the caller's transaction holds the write and its
audit row together."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from proxisante.errors import NotFoundError, UserError
from proxisante.i18n import _
from proxisante.portal.model import ItemDraft, ItemKind, PortalItem
from proxisante.portal.validate import check

MANAGERS = frozenset({"coordinator", "admin"})


class PortalRepository(Protocol):
    def add(self, draft: ItemDraft) -> int: ...
    def get(self, item_id: int) -> PortalItem | None: ...
    def update(self, item_id: int, draft: ItemDraft) -> bool: ...
    def delete(self, item_id: int) -> bool: ...
    def list(self, kinds: Collection[ItemKind] | None = None) -> list[PortalItem]: ...


class PortalAudit(Protocol):
    def record(self, user_id: int | None, role: str, action: str, detail: str) -> None: ...


class PortalForbiddenError(UserError):
    http_status = 403


@dataclass(frozen=True)
class PortalService:
    repo: PortalRepository
    audit: PortalAudit
    communes: Collection[str]
    today: Callable[[], date]

    def _manager(self, role: str) -> None:
        if role not in MANAGERS:
            raise PortalForbiddenError(
                _(
                    "la gestion du portail d'installation est réservée à la coordination et à "
                    "l'administration (vous êtes {role})"
                ).format(role=role)
            )

    def _in_scope(self, commune: str, scope: Collection[str] | None) -> None:
        if scope is not None and commune not in scope:
            raise PortalForbiddenError(
                _(
                    "commune {code} : hors de votre territoire (la coordination gère le contenu "
                    "des communes de son territoire)"
                ).format(code=commune)
            )

    def add(
        self,
        user_id: int | None,
        role: str,
        draft: ItemDraft,
        scope: Collection[str] | None = None,
    ) -> int:
        """Store ``draft``; ``scope``: the communes this manager may manage (None: all)."""
        self._manager(role)
        check(draft, self.communes, self.today())
        self._in_scope(draft.commune, scope)
        item_id = self.repo.add(draft)
        self.audit.record(user_id, role, "portal.add", f"{draft.kind.value} {item_id}")
        return item_id

    def get(self, role: str, item_id: int, scope: Collection[str] | None = None) -> PortalItem:
        """One item, for its manager to edit (expired ones included)."""
        self._manager(role)
        item = self.repo.get(item_id)
        if item is None:
            raise NotFoundError(_("contenu {id} : introuvable").format(id=item_id))
        self._in_scope(item.draft.commune, scope)
        return item

    def update(
        self,
        user_id: int | None,
        role: str,
        item_id: int,
        draft: ItemDraft,
        scope: Collection[str] | None = None,
    ) -> None:
        """Replace the content of ``item_id`` (same checks as :meth:`add`)."""
        old = self.get(role, item_id, scope)
        check(draft, self.communes, self.today())
        self._in_scope(draft.commune, scope)
        kept = replace(draft, kind=old.draft.kind, fictitious=old.draft.fictitious)
        self.repo.update(item_id, kept)
        self.audit.record(user_id, role, "portal.update", f"{kept.kind.value} {item_id}")

    def remove(
        self, user_id: int | None, role: str, item_id: int, scope: Collection[str] | None = None
    ) -> None:
        self.get(role, item_id, scope)
        if not self.repo.delete(item_id):
            raise NotFoundError(_("contenu {id} : introuvable").format(id=item_id))
        self.audit.record(user_id, role, "portal.remove", str(item_id))

    def managed(self, role: str, scope: Collection[str] | None = None) -> list[PortalItem]:
        """Every item this manager may edit, expired ones included."""
        self._manager(role)
        return [i for i in self.repo.list() if scope is None or i.draft.commune in scope]

    def listing(self, kinds: Sequence[ItemKind] | None = None) -> list[PortalItem]:
        """Current content (validity not passed), for the public page."""
        today = self.today()
        return [
            i
            for i in self.repo.list(kinds)
            if i.draft.valid_until is None or i.draft.valid_until >= today
        ]
