"""Entry point: build the parser from the command modules, map errors to exit codes.

Exit codes: 0 success; 2 user error (message on stderr, no traceback); 1 internal error
(:class:`~proxisante.errors.InternalError` or any unexpected exception). Each error class
carries its own ``exit_code``. A command's ``--lang`` or ``PROXISANTE_LANG`` choose the language
of the messages (French by default).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Mapping, Sequence

from proxisante import __version__
from proxisante.config import Settings
from proxisante.errors import InternalError, UserError
from proxisante.i18n import LANGS, _, use_lang


def _command_modules() -> list[str]:
    """Every public module of this package that defines ``register(subparsers)``.

    A command module sets ``func(args, settings) -> int | None`` on each parser it adds.
    """
    import proxisante.cli as package

    return sorted(
        f"{package.__name__}.{m.name}"
        for m in pkgutil.iter_modules(package.__path__)
        if not m.name.startswith("_")
    )


log = logging.getLogger("proxisante")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"proxisante: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="proxisante",
        description="ProxiSanté — organisation territoriale de l'accès aux soins de proximité.",
    )
    parser.add_argument("--version", action="version", version=f"proxisante {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in _command_modules():
        module = importlib.import_module(name)
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_environ(os.environ if environ is None else environ)
    except UserError as exc:  # a malformed PROXISANTE_* setting
        sys.stderr.write(f"proxisante: error: {exc}\n")
        return exc.exit_code
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with use_lang(_message_lang(args, settings)):  # reset on return (in-process callers)
        return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        result = args.func(args, settings)
    except UserError as exc:
        sys.stderr.write(f"proxisante: error: {exc}\n")
        return exc.exit_code
    except InternalError as exc:
        log.error("internal error: %s", exc)
        sys.stderr.write(_("proxisante : erreur interne (un bogue) : {error}").format(error=exc))
        sys.stderr.write("\n" + _("Merci de la signaler avec la commande lancée.") + "\n")
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (``| head``): not an error; silence the flush at exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("proxisante: interrupted\n")
        return 130
    except Exception:
        log.exception("internal error")
        sys.stderr.write(_("proxisante : erreur interne (un bogue).") + "\n")
        sys.stderr.write(_("Merci de la signaler avec la commande lancée.") + "\n")
        return 1
    return int(result or 0)


def _message_lang(args: argparse.Namespace, settings: Settings) -> str:
    """The language of the messages: the command's ``--lang``, else ``PROXISANTE_LANG`` if
    supported, else French."""
    for lang in (getattr(args, "lang", None), settings.lang):
        if isinstance(lang, str) and lang in LANGS:
            return lang
    return "fr"


def entrypoint() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entrypoint()
