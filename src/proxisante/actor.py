"""Who acts on a use case: the one :class:`Actor` every domain service takes.

The shells build it: the web from the signed-in user (``web/deps.py``'s ``Principal``), the CLI
as the operator of a territory or a system job. The services decide what it may do with their
own rules (``slots/rules.py``, ``rota/service.py::sees``, the registry's and the projects'
checks); it carries identifiers and a role only, never a name or any other personal data, so it
may be written in the audit log as it is.

>>> Actor.operator("cpts-vichy")
Actor(user_id=None, role='operator', territory_id='cpts-vichy', professional_id=None)
>>> Actor(7, "coordinator", "cpts-vichy") == Actor(7, "coordinator", "cpts-vichy", None)
True
"""

from __future__ import annotations

from dataclasses import dataclass

#: The command line acting on one territory as its coordinator (slots, rota).
OPERATOR = "operator"


@dataclass(frozen=True)
class Actor:
    """Who acts.

    ``user_id``: the signed-in user, None for the command line or a system job (the registry's
    command line acts with role ``cli``, the projects' scheduled snapshots as ``admin``).
    ``role``: ``admin``, ``coordinator``, ``regulator``, ``professional``, ``helper``,
    :data:`OPERATOR` or ``cli``. ``territory_id``: the territory the user belongs to (None: an
    administrator of every territory, or no territory). ``professional_id``: the professional a
    ``professional`` user is.
    """

    user_id: int | None
    role: str
    territory_id: str | None = None
    professional_id: int | None = None

    @classmethod
    def operator(cls, territory_id: str | None) -> Actor:
        """The command line acting on ``territory_id`` as a coordinator of it."""
        return cls(user_id=None, role=OPERATOR, territory_id=territory_id)
