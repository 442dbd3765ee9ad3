"""Use cases of the managed content: add, remove (coordinators and administrators, audited),
and list (public). The service never commits: the caller's transaction holds the write and its
audit row together."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from proxisante.errors import NotFoundError, UserError
from proxisante.i18n import _
from proxisante.portal.model import ItemDraft, ItemKind, PortalItem
from proxisante.portal.validate import check

MANAGERS = frozenset({"coordinator", "admin"})


class PortalRepository(Protocol):
    def add(self, draft: ItemDraft) -> int: ...
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

    def add(self, user_id: int | None, role: str, draft: ItemDraft) -> int:
        self._manager(role)
        check(draft, self.communes, self.today())
        item_id = self.repo.add(draft)
        self.audit.record(user_id, role, "portal.add", f"{draft.kind.value} {item_id}")
        return item_id

    def remove(self, user_id: int | None, role: str, item_id: int) -> None:
        self._manager(role)
        if not self.repo.delete(item_id):
            raise NotFoundError(_("contenu {id} : introuvable").format(id=item_id))
        self.audit.record(user_id, role, "portal.remove", str(item_id))

    def listing(self, kinds: Sequence[ItemKind] | None = None) -> list[PortalItem]:
        """Current content (validity not passed), for the public page."""
        today = self.today()
        return [
            i
            for i in self.repo.list(kinds)
            if i.draft.valid_until is None or i.draft.valid_until >= today
        ]
