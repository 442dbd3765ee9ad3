"""Accounts: passwords, the TOTP second factor, sessions and the lock-out policy.

The core of the accounts (values and rules, no database, no web): :mod:`.passwords`,
:mod:`.totp`, :mod:`.policy`, :mod:`.model`, :mod:`.errors`; the use cases are in
:mod:`.service`, which takes an :class:`~proxisante.accounts.ports.AccountStore` (implemented in
``proxisante.store.accounts``) and a clock. See ``docs/explanation/security.md``.
"""
