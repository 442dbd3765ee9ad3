"""The portal's repository and audit on an SQLAlchemy session (never commits)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from proxisante.portal.model import ItemDraft, ItemKind, PortalItem
from proxisante.store.audit import record_audit
from proxisante.store.portal.models import PortalItemRow


class SqlPortalRepository:
    def __init__(self, session: Session, now: Callable[[], datetime]) -> None:
        self.s = session
        self.now = now

    def add(self, draft: ItemDraft) -> int:
        row = PortalItemRow(
            kind=draft.kind.value,
            commune=draft.commune,
            title=draft.title.strip(),
            body=draft.body.strip(),
            url=draft.url.strip(),
            valid_until=draft.valid_until,
            contact=draft.contact.strip(),
            places=draft.places,
            supervisor=draft.supervisor.strip(),
            fictitious=draft.fictitious,
            updated_at=self.now(),
        )
        self.s.add(row)
        self.s.flush()
        return int(row.id)

    def get(self, item_id: int) -> PortalItem | None:
        row = self.s.get(PortalItemRow, item_id)
        return None if row is None else _item(row)

    def update(self, item_id: int, draft: ItemDraft) -> bool:
        row = self.s.get(PortalItemRow, item_id)
        if row is None:
            return False
        row.commune = draft.commune
        row.title = draft.title.strip()
        row.body = draft.body.strip()
        row.url = draft.url.strip()
        row.valid_until = draft.valid_until
        row.contact = draft.contact.strip()
        row.places = draft.places
        row.supervisor = draft.supervisor.strip()
        row.updated_at = self.now()
        self.s.flush()
        return True

    def delete(self, item_id: int) -> bool:
        result = self.s.execute(delete(PortalItemRow).where(PortalItemRow.id == item_id))
        return bool(getattr(result, "rowcount", 0))

    def list(self, kinds: Collection[ItemKind] | None = None) -> list[PortalItem]:
        q = select(PortalItemRow).order_by(PortalItemRow.kind, PortalItemRow.title)
        if kinds:
            q = q.where(PortalItemRow.kind.in_([k.value for k in kinds]))
        return [_item(r) for r in self.s.scalars(q)]

    def count(self) -> int:
        return len(self.s.scalars(select(PortalItemRow.id)).all())


def _item(r: PortalItemRow) -> PortalItem:
    draft = ItemDraft(
        kind=ItemKind(r.kind),
        commune=r.commune,
        title=r.title,
        body=r.body,
        url=r.url,
        valid_until=r.valid_until,
        contact=r.contact,
        places=r.places,
        supervisor=r.supervisor,
        fictitious=r.fictitious,
    )
    return PortalItem(int(r.id), draft, r.updated_at.isoformat(timespec="minutes"))


class SqlPortalAudit:
    """Audit events in the shared audit table (no personal data in ``detail``)."""

    def __init__(self, session: Session, now: Callable[[], datetime]) -> None:
        self.s = session
        self.now = now

    def record(self, user_id: int | None, role: str, action: str, detail: str) -> None:
        record_audit(
            self.s, at=self.now(), user_id=user_id, role=role, action=action, detail=detail
        )
