"""The local store of imported data: one Parquet file per kind under ``<home>/imports``.

A new import of a kind replaces the previous one as a whole, atomically (temporary file in the
same folder, then ``os.replace``): readers see the old table or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from proxisante.errors import UserError
from proxisante.i18n import _

_META_KEY = b"proxisante"


def _private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each 0700 whatever the umask (``mkdir``'s
    ``parents=True`` would give the parents, ``PROXISANTE_HOME`` among them, 0755)."""
    for p in reversed([p for p in (folder, *folder.parents) if not p.exists()]):
        p.mkdir(exist_ok=True, mode=0o700)
        p.chmod(0o700)


class LocalStore:
    """Imported tables under ``home / 'imports'``."""

    def __init__(self, home: Path) -> None:
        self.folder = home / "imports"

    def path(self, kind: str) -> Path:
        return self.folder / f"{kind}.parquet"

    def save(self, kind: str, table: pd.DataFrame, *, source: str) -> dict[str, Any]:
        meta = {
            "kind": kind,
            "source": source,
            "rows": len(table),
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            _private_dirs(self.folder)  # PROXISANTE_HOME and imports/ 0700: see security.md
        except OSError as exc:
            raise UserError(
                _("impossible de créer le stockage local {folder} : {reason}").format(
                    folder=self.folder, reason=exc.strerror
                )
            ) from None
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        arrow = arrow.replace_schema_metadata(
            {**(arrow.schema.metadata or {}), _META_KEY: json.dumps(meta).encode()}
        )
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{kind}.", suffix=".tmp")
        os.close(fd)
        try:
            pq.write_table(arrow, tmp)
            os.replace(tmp, self.path(kind))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return meta

    def load(self, kind: str) -> pd.DataFrame | None:
        p = self.path(kind)
        return pd.read_parquet(p) if p.exists() else None

    def inventory(self) -> dict[str, dict[str, Any]]:
        """Metadata of every imported kind (source file, rows, date)."""
        out: dict[str, dict[str, Any]] = {}
        if not self.folder.is_dir():
            return out
        for p in sorted(self.folder.glob("*.parquet")):
            meta = pq.read_schema(p).metadata or {}
            if _META_KEY in meta:
                out[p.stem] = json.loads(meta[_META_KEY])
        return out
