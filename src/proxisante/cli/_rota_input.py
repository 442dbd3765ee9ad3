"""What the ``proxisante rota`` commands share: reading an input file safely, the clock.

Apart from :mod:`proxisante.cli.rota` so that :mod:`proxisante.cli._rota_db` imports these
without importing the module that registers it: no import cycle
(tests/unit/test_no_import_cycles.py).
"""

from __future__ import annotations

from datetime import UTC, datetime


def read_text(path: str, what: str, example: str) -> str:
    from proxisante.rota._errors import RotaInputError
    from proxisante.utils.safe_load import UnsafeInputError, read_text

    try:
        return read_text(path, what=what)
    except UnsafeInputError as exc:
        raise RotaInputError(path, [exc.problem], example) from None


def utc_now() -> datetime:
    return datetime.now(UTC)
