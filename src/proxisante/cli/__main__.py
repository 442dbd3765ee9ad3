"""Entry point: build the parser from the command modules, map errors to exit codes.

Exit codes: 0 success; 2 user error (message on stderr, no traceback); 1 internal error
(:class:`~proxisante.errors.InternalError` or any unexpected exception). Each error class
carries its own ``exit_code``.

Language: ``--lang`` (before the command, or after ``diagnostic``), else ``PROXISANTE_LANG``,
else French. It is chosen before the parser is built, so that ``--help`` and the usage errors
are in that language too. The help texts are French msgids, translated at build time; the
texts that argparse writes itself (``usage:``, group titles, its error messages) are looked up
in our catalogues while the parser builds, formats or parses (see :func:`_argparse_catalogue`).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from proxisante import __version__
from proxisante.cli._output import terminal_progress
from proxisante.config import Settings
from proxisante.errors import InternalError, UserError
from proxisante.i18n import LANGS, N_, _, gettext, ngettext, use_lang
from proxisante.utils.progress_utils import reporting

# The messages argparse (Python 3.11) writes itself, English msgids of its own ``_()`` calls.
# The catalogues translate them (the French one too); any other argparse text stays English.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)


@contextmanager
def _argparse_catalogue() -> Iterator[None]:
    """While the block runs, argparse's own ``_``/``ngettext`` look up our catalogues (in the
    language of the context) instead of the system's gettext domain. argparse reads these
    module globals at call time; they are restored on exit (the CLI runs one parser at a time).
    """
    names = vars(argparse)
    saved = names["_"], names["ngettext"]
    names["_"], names["ngettext"] = gettext, ngettext
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved


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


def _error_line(message: object) -> str:
    return _("proxisante : erreur : {message}").format(message=message) + "\n"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts come from our catalogues (see module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_catalogue():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _argparse_catalogue():  # its "unrecognized arguments" error
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _argparse_catalogue():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_catalogue():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_catalogue():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(_error_line(message))
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The whole parser, its texts in the language of the context (build it in ``use_lang``)."""
    parser = _Parser(
        prog="proxisante",
        description=_("ProxiSanté — organisation territoriale de l'accès aux soins de proximité."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"proxisante {__version__}",
        help=_("afficher le numéro de version et quitter"),
    )
    parser.add_argument(
        "--lang", choices=LANGS, default=None, help=_("langue des messages : fr (défaut), de ou en")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in _command_modules():
        module = importlib.import_module(name)
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def requested_lang(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language asked for before parsing: the last valid ``--lang X``/``--lang=X`` of
    ``argv`` (before ``--``), else ``PROXISANTE_LANG`` if supported, else French. An invalid
    ``--lang`` is left to the parser, which rejects it (exit 2) in this language."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGS:
            found = value
    env = environ.get("PROXISANTE_LANG")
    return found or (env if env in LANGS else "fr")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    with use_lang(requested_lang(argv, environ)):
        args = build_parser().parse_args(argv)
        try:
            settings = Settings.from_environ(environ)
        except UserError as exc:  # a malformed PROXISANTE_* setting
            sys.stderr.write(_error_line(exc))
            return exc.exit_code
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with use_lang(_message_lang(args, settings)):  # reset on return (in-process callers)
        return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with reporting(terminal_progress):  # the core's progress, as a bar on a terminal
            result = args.func(args, settings)
    except UserError as exc:
        sys.stderr.write(_error_line(exc))
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
        sys.stderr.write(_("proxisante : interrompu") + "\n")
        return 130
    except Exception:
        log.exception("internal error")
        sys.stderr.write(_("proxisante : erreur interne (un bogue).") + "\n")
        sys.stderr.write(_("Merci de la signaler avec la commande lancée.") + "\n")
        return 1
    return int(result or 0)


def _message_lang(args: argparse.Namespace, settings: Settings) -> str:
    """The language of the messages: ``--lang``, else ``PROXISANTE_LANG`` if supported, else
    French."""
    for lang in (getattr(args, "lang", None), settings.lang):
        if isinstance(lang, str) and lang in LANGS:
            return lang
    return "fr"


def entrypoint() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entrypoint()
