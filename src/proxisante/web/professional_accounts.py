"""A professional and its login account created together, by the API
(``POST /api/v1/territories/{tid}/professionals``) and the accounts page alike.

The account's rules are :mod:`proxisante.accounts.service`'s (``precheck_user`` before anything
is written, then ``create_user`` with its ``user.create`` audit row); the professional is
:meth:`~proxisante.registry.service.RegistryService.add_professional`'s."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from proxisante.accounts import service as accounts
from proxisante.accounts.ports import AccountStore
from proxisante.registry.ports import NewProfessional, ProfessionalRecord
from proxisante.registry.service import RegistryService
from proxisante.web.api._service import actor
from proxisante.web.deps import Principal


def add_professional_with_account(
    db: Session,
    store: AccountStore,
    service: RegistryService,
    user: Principal,
    territory_id: str,
    new: NewProfessional,
    login: tuple[str, str] | None,
    now: datetime,
) -> ProfessionalRecord:
    """Add the professional, and its account when ``login`` (user name, password) is given.
    A refused account writes nothing (checked first); the accounts' store works in its own
    transactions, so the request's session is committed around it (SQLite: one writer)."""
    db.commit()
    wanted = None
    if login is not None:
        wanted = accounts.UserRequest(login[0], login[1], "professional", territory_id)
        accounts.precheck_user(store, wanted, now, user.account())
    pro = service.add_professional(actor(user), territory_id, new)
    db.commit()
    if wanted is not None:
        accounts.create_user(store, replace(wanted, professional_id=pro.id), now, user.account())
    return pro
