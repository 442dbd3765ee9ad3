"""Reading untrusted YAML and JSON files with limits on size, depth and expanded size.

``yaml.safe_load`` and ``json.loads`` trust their input: a file nested ten thousand levels deep
raises ``RecursionError``, and a few hundred bytes of YAML anchors and aliases ("billion laughs")
expand to a structure that no later step can walk. The functions here read the file with a size
limit, check the structure *before* building it (YAML) or right after (JSON, whose parser is
bounded by the recursion limit), and raise :class:`UnsafeInputError` — a :class:`UserError` with
a French message — instead. Callers turn it into their own error class if they have one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from proxisante.errors import UserError
from proxisante.i18n import _


@dataclass(frozen=True)
class Limits:
    """How much an input file may hold."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 1_000_000


DEFAULT = Limits()


class UnsafeInputError(UserError):
    """A file refused before use: too large, too deep, recursive, not UTF-8, unreadable."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source} : {problem}")


def read_text(path: str | Path, *, limits: Limits = DEFAULT, what: str = "fichier") -> str:
    """UTF-8 text of a file (BOM allowed), refused when too large, binary or in UTF-16."""
    source = str(path)
    try:
        size = Path(path).stat().st_size
        if size > limits.max_bytes:
            raise UnsafeInputError(
                source,
                _("{what} trop volumineux ({size} octets ; au plus {max_bytes} attendus)").format(
                    what=what, size=size, max_bytes=limits.max_bytes
                ),
            )
        with open(path, "rb") as f:
            data = f.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise UnsafeInputError(source, f"{what} introuvable") from None
    except IsADirectoryError:
        raise UnsafeInputError(
            source, _("{what} attendu, c'est un dossier").format(what=what)
        ) from None
    except OSError as exc:
        raise UnsafeInputError(
            source, _("{what} illisible ({x})").format(what=what, x=exc.strerror or exc)
        ) from None
    if len(data) > limits.max_bytes:
        raise UnsafeInputError(
            source,
            _("{what} trop volumineux (au plus {max_bytes} octets attendus)").format(
                what=what, max_bytes=limits.max_bytes
            ),
        )
    return decode_text(data, source=source)


def decode_text(data: bytes, *, source: str) -> str:
    """Decode UTF-8 (with or without BOM); a French message for UTF-16, binary or Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnsafeInputError(
            source,
            _("encodé en UTF-16 : enregistrez-le en UTF-8 (p. ex. `iconv -f utf-16 -t utf-8`)"),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnsafeInputError(
            source,
            _(
                "ligne {line} : l'octet 0x{x:02x} n'est pas de l'UTF-8 (attendu un texte "
                "UTF-8, pas un fichier binaire ni Latin-1)"
            ).format(line=line, x=data[exc.start]),
        ) from None
    if "\x00" in text:
        raise UnsafeInputError(
            source, _("caractère NUL (0x00) : attendu un texte UTF-8, pas un fichier binaire")
        )
    return text


# ---------------------------------------------------------------- YAML


def _check_events(text: str, source: str, limits: Limits) -> None:
    """Depth of the event stream (iterative: no recursion, whatever the nesting)."""
    depth = 0
    for events, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader), start=1):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise UnsafeInputError(
                    source,
                    _(
                        "ligne {line} : structure YAML trop imbriquée (au plus {max_depth} "
                        "niveaux attendus)"
                    ).format(line=line, max_depth=limits.max_depth),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if events > limits.max_nodes:
            raise UnsafeInputError(
                source,
                _("document YAML trop grand (au plus {max_nodes} éléments)").format(
                    max_nodes=limits.max_nodes
                ),
            )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: yaml.Node, source: str, limits: Limits) -> None:
    """Size and depth once aliases are expanded; a node that contains itself is refused."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            on_path.discard(key)
            if size[key] > limits.max_nodes or depth[key] > limits.max_depth:
                raise UnsafeInputError(
                    source,
                    _(
                        "les ancres et alias YAML (&, *) donnent une structure trop grande (au "
                        "plus {max_nodes} éléments et {max_depth} niveaux) ; écrivez les valeurs "
                        "sans alias"
                    ).format(max_nodes=limits.max_nodes, max_depth=limits.max_depth),
                )
            continue
        if key in size:
            continue
        if key in on_path:
            line = node.start_mark.line + 1 if node.start_mark else "?"
            raise UnsafeInputError(
                source,
                _("ligne {line} : alias YAML récursif (une structure qui se contient)").format(
                    line=line
                ),
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)


def load_yaml(text: str, *, source: str = "<yaml>", limits: Limits = DEFAULT) -> Any:
    """``yaml.safe_load`` with the limits checked first; YAML syntax errors name the line."""
    try:
        _check_events(text, source, limits)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return None
        _check_expansion(node, source, limits)
        return yaml.SafeLoader(text).get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("ligne {line} : ").format(line=mark.line + 1) if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UnsafeInputError(
            source, _("{where}YAML illisible ({problem})").format(where=where, problem=problem)
        ) from None
    except (ValueError, OverflowError) as exc:
        # A date such as 2027-13-45, which the YAML resolver turns into a date.
        raise UnsafeInputError(
            source, _bad_scalar(text) or _("YAML illisible ({exc})").format(exc=exc)
        ) from None


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _bad_scalar(text: str) -> str | None:
    """The first date-like value that is no real date, with its line."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            stack.extend(_children(node))
            if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
                try:
                    loader.construct_yaml_timestamp(node)
                except (ValueError, OverflowError):
                    line = node.start_mark.line + 1
                    return (
                        f"ligne {line} : {node.value!r} n'est pas une date réelle "
                        "(attendu AAAA-MM-JJ, p. ex. 2027-01-31)"
                    )
    finally:
        loader.dispose()
    return None


# ---------------------------------------------------------------- JSON


def _json_depth(value: Any, source: str, limits: Limits) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    count = 0
    while stack:
        item, level = stack.pop()
        count += 1
        if level > limits.max_depth:
            raise UnsafeInputError(
                source,
                _("structure JSON trop imbriquée (au plus {max_depth} niveaux attendus)").format(
                    max_depth=limits.max_depth
                ),
            )
        if count > limits.max_nodes:
            raise UnsafeInputError(
                source,
                _("document JSON trop grand (au plus {max_nodes} éléments)").format(
                    max_nodes=limits.max_nodes
                ),
            )
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)


def load_json(text: str, *, source: str = "<json>", limits: Limits = DEFAULT) -> Any:
    """``json.loads`` with depth and size limits; syntax errors name the line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnsafeInputError(
            source,
            _(
                "ligne {lineno}, colonne {colno} : JSON illisible (attendu un document "
                "JSON valide ; lecteur : {msg})"
            ).format(lineno=exc.lineno, colno=exc.colno, msg=exc.msg),
        ) from None
    except RecursionError:
        raise UnsafeInputError(
            source,
            _("structure JSON trop imbriquée (au plus {max_depth} niveaux attendus)").format(
                max_depth=limits.max_depth
            ),
        ) from None
    _json_depth(data, source, limits)
    return data


def load_yaml_file(path: str | Path, *, limits: Limits = DEFAULT, what: str = "fichier") -> Any:
    return load_yaml(read_text(path, limits=limits, what=what), source=str(path), limits=limits)


def load_json_file(path: str | Path, *, limits: Limits = DEFAULT, what: str = "fichier") -> Any:
    return load_json(read_text(path, limits=limits, what=what), source=str(path), limits=limits)
