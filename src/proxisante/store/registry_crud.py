"""Moved to :mod:`proxisante.store.registry.crud`; kept so that older imports still work."""

from proxisante.store.registry.crud import *  # noqa: F403
from proxisante.store.registry.crud import TerritoryRow as TerritoryRow
