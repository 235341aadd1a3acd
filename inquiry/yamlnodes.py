"""Safe YAML reading that remembers where every key and value stands.

ruamel.yaml composes the document into nodes with marks; we build plain Python values from them
ourselves so that hostile input (unknown tags, duplicate keys, alias bombs, deep nesting) becomes a
problem at a position instead of a traceback, a hang or code execution.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import Scanner
from ruamel.yaml.tag import Tag

MAX_BYTES = 512 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 200
_C_PARSER_MAX_MARKS = 5_000
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


class _DepthLimitedScanner(Scanner):
    """Refuses deep nesting while scanning: ruamel's scanner is quadratic in the flow depth, so
    `[[[[…` a few thousand deep would take seconds before the composer's recursion gave out."""

    def _too_deep(self) -> YamlProblem:
        mark = self.reader.get_mark()
        return YamlProblem(
            "yaml-too-deep",
            f"nesting deeper than {MAX_DEPTH} levels",
            Pos(mark.line + 1, mark.column + 1),
            "evidence items nest a few levels at most",
        )

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
        if len(self.flow_context) >= MAX_DEPTH:
            raise self._too_deep()
        super().fetch_flow_collection_start(TokenClass, to_push)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise self._too_deep()
        return bool(super().add_indent(column))


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
        if tag.endswith((":str", ":timestamp")):
            # Dates stay the text they were written as (as JSON Schema tools read them), so the
            # model alone decides what a date may look like: `2024-1-5` or a time of day is refused.
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, KeyError, OverflowError, MarkedYAMLError):
            raise YamlProblem(
                "yaml-value", f"`{node.value}` is not a valid {tag.rsplit(':', 1)[-1]}", _pos(node)
            ) from None


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
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1  # characters, not bytes
        raise YamlProblem(
            "yaml-encoding",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            Pos(line, col),
            "save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


class _Resolver(VersionedResolver):
    """YAML 1.2 implicit tags, with the rule table looked up once instead of per scalar (ruamel
    re-derives the YAML version and builds a new Tag for every scalar: half the parse time)."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)

    _rules: dict[Any, list[tuple[str, Any]]] | None = (
        None  # shared: ruamel makes a resolver per file
    )

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            if _Resolver._rules is None:
                _Resolver._rules = dict(self.versioned_resolver)
            for tag, regexp in _Resolver._rules.get(value[:1], ()):
                if regexp.match(value):
                    return _tag(tag)
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


@functools.cache
def _tag(suffix: str) -> Tag:
    return Tag(suffix=suffix)


@functools.cache
def _loader(*, pure: bool) -> YAML:
    """One loader per parser, reused across files (building one costs as much as a parse)."""
    yaml = YAML(typ="safe", pure=pure)
    yaml.Resolver = _Resolver
    if pure:
        yaml.Scanner = _DepthLimitedScanner
    return yaml


def _reader_problem(exc: ReaderError, text: str) -> YamlProblem:
    before = text[: max(exc.position, 0)]
    pos = Pos(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    return YamlProblem(
        "yaml-syntax",
        "the file holds a character YAML does not allow"
        + (f" (U+{exc.character:04X})" if isinstance(exc.character, int) else ""),
        pos,
        "remove control characters such as NUL from the file",
    )


def _compose_pure(yaml: YAML, text: str) -> Node | None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * MAX_DEPTH + 200))
    try:
        node: Node | None = yaml.compose(text)
    except ReaderError as exc:
        raise _reader_problem(exc, text) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        lines = text.splitlines()
        hint = (
            "indent with spaces, not tabs"
            if pos.line <= len(lines) and "\t" in lines[pos.line - 1]
            else None
        )
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise YamlProblem("yaml-syntax", message, pos, hint) from None
    except YAMLError as exc:
        raise YamlProblem("yaml-syntax", " ".join(str(exc).split()), Pos(1, 1)) from None
    except RecursionError:
        raise YamlProblem("yaml-too-deep", "the document nests too deeply", Pos(1, 1)) from None
    finally:
        sys.setrecursionlimit(limit)
    return node


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
    try:
        # libyaml (through ruamel.yaml.clib) composes ~6x faster with the same nodes and marks,
        # but its composer recurses in C, where very deep nesting crashes the process: it only
        # sees files whose nesting is bounded (every level needs one of `[{-:?`).
        if sum(text.count(c) for c in "[{-:?") > _C_PARSER_MAX_MARKS:
            raise RecursionError
        yaml = _loader(pure=False)
        node = yaml.compose(text)
    except ReaderError as exc:
        _loader.cache_clear()
        raise _reader_problem(exc, text) from None
    except (MarkedYAMLError, RecursionError):
        _loader.cache_clear()
        # libyaml follows YAML 1.1 and refuses a few 1.2 forms (`a?}` in a flow mapping): the
        # pure parser, which follows 1.2, has the last word and the clearer messages.
        yaml = _loader(pure=True)
        try:
            node = _compose_pure(yaml, text)
        finally:
            _loader.cache_clear()
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
