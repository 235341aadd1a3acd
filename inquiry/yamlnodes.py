"""Safe YAML reading that remembers where every key and value stands.

ruamel.yaml composes the document into nodes with marks; we build plain Python values from them
ourselves so that hostile input (unknown tags, duplicate keys, alias bombs, deep nesting) becomes a
problem at a position instead of a traceback, a hang or code execution.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 512 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 200
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Pos:
    line: int
    column: int


@dataclass
class Document:
    """A YAML file's data with the position of every key and value, by path."""

    data: Any
    keys: dict[Path, Pos] = field(default_factory=dict)
    values: dict[Path, Pos] = field(default_factory=dict)

    def value_pos(self, path: Path) -> Pos:
        """The value at `path`, or the nearest enclosing value that exists."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.values:
                return self.values[path[:n]]
        return Pos(1, 1)

    def key_pos(self, path: Path) -> Pos:
        return self.keys.get(path) or self.value_pos(path)


class YamlProblem(Exception):
    """Raised inside this module only; `read_yaml` turns it into a (code, message, pos, hint)."""

    def __init__(self, code: str, message: str, pos: Pos, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


def _pos(node: Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, yaml: YAML) -> None:
        self.constructor = yaml.constructor
        self.doc = Document(data=None)
        self.sizes: dict[int, int] = {}

    def size(self, node: Node, depth: int = 0) -> int:
        """Nodes the document expands to, counting each alias as a full copy (memoised)."""
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise YamlProblem(
                "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", _pos(node)
            )
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(self.size(c, depth + 1) for c in node.value)
        elif isinstance(node, MappingNode):
            total += sum(self.size(k, depth + 1) + self.size(v, depth + 1) for k, v in node.value)
        self.sizes[id(node)] = total
        if total > MAX_NODES:
            raise YamlProblem(
                "yaml-alias-bomb",
                f"the document expands to more than {MAX_NODES:,} values",
                _pos(node),
                "anchors and aliases (&a / *a) that nest are refused; write the values out",
            )
        return total

    def build(self, node: Node, path: Path) -> Any:
        self.doc.values[path] = _pos(node)
        tag = str(node.tag)
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise _unsafe(tag, node)
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode) or str(knode.tag) not in _SAFE_TAGS:
                    raise YamlProblem("yaml-key", "keys must be plain text", _pos(knode))
                key = str(knode.value)
                if key in out:
                    first = self.doc.keys[(*path, key)]
                    raise YamlProblem(
                        "yaml-duplicate-key",
                        f"duplicate key `{key}` (first at line {first.line})",
                        _pos(knode),
                        "a key may appear once in a mapping; remove one of them",
                    )
                self.doc.keys[(*path, key)] = _pos(knode)
                out[key] = self.build(vnode, (*path, key))
            return out
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise _unsafe(tag, node)
            return [self.build(c, (*path, i)) for i, c in enumerate(node.value)]
        if tag not in _SAFE_TAGS:
            raise _unsafe(tag, node)
        if tag.endswith(":str"):
            return node.value
        return self.constructor.construct_object(node, deep=True)


def _unsafe(tag: str, node: Node) -> YamlProblem:
    return YamlProblem(
        "yaml-unsafe-tag",
        f"tag `{tag.replace('tag:yaml.org,2002:', '!!')}` is not allowed",
        _pos(node),
        "evidence files hold plain text, numbers, dates, lists and mappings only",
    )


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            "yaml-encoding",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            Pos(line, col),
            "save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def read_yaml(raw: bytes) -> Document:
    """Parse one YAML document safely; raise `YamlProblem` with a position on any trouble."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            "file-too-large",
            f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
            Pos(1, 1),
            "split it, or move long material into an exhibit",
        )
    text = _decode(raw)
    yaml = YAML(typ="safe", pure=True)
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        line_text = text.splitlines()[pos.line - 1] if pos.line <= len(text.splitlines()) else ""
        hint = "indent with spaces, not tabs" if "\t" in line_text else None
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise YamlProblem("yaml-syntax", message, pos, hint) from None
    except RecursionError:
        raise YamlProblem("yaml-too-deep", "the document nests too deeply", Pos(1, 1)) from None
    if node is None:
        return Document(data=None)
    builder = _Builder(yaml)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * MAX_DEPTH + 200))
    try:
        builder.size(node)
        builder.doc.data = builder.build(node, ())
    except (ValueError, TypeError, MarkedYAMLError) as exc:
        raise YamlProblem("yaml-value", " ".join(str(exc).split()), _pos(node)) from None
    finally:
        sys.setrecursionlimit(limit)
    return builder.doc
