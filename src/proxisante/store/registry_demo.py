"""Moved to :mod:`proxisante.store.registry.demo`; kept so that older imports still work."""

from proxisante.store.registry.demo import create_demo, demo_accounts

__all__ = ["create_demo", "demo_accounts"]
