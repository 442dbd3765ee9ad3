"""Logging of ``serve``: JSON lines as an option (``PROXISANTE_LOG_FORMAT=json`` or
``serve --log-format json``), for a log collector.

One object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, and
``exception`` — the exception's *class name* only, never its text or traceback (a message may
quote a value). The messages themselves carry identifiers only (the project's rule, tested by
``tests/integration/registry/test_zz_no_personal_data_in_logs.py``). The root logger stays at
WARNING (at INFO SQLAlchemy would log SQL); ``proxisante.*`` loggers log from INFO. uvicorn's
access log stays off, as in text mode.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any


class JsonFormatter(logging.Formatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Python warnings (a library's deprecation notice…) become log records too, so that
        # every line of a JSON log is JSON; built in each process that configures its logging.
        logging.captureWarnings(True)

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            out["exception"] = record.exc_info[0].__name__
        return json.dumps(out, ensure_ascii=False)


def logging_config(fmt: str) -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` configuration (uvicorn's ``log_config``)."""
    formatter = (
        {"()": "proxisante.web.logs.JsonFormatter"}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "proxisante": {"level": "INFO"},
            "uvicorn": {"level": "WARNING"},
            "uvicorn.error": {"level": "WARNING"},
            "uvicorn.access": {"level": "WARNING"},
        },
    }
