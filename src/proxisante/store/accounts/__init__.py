"""Persistence of the accounts: users (:mod:`.users`), server-side sessions, login throttle,
TOTP steps and the database's own secret (:mod:`.models`); :class:`.repository.SqlAccountStore`
implements :class:`proxisante.accounts.ports.AccountStore`."""
