"""Safe YAML reading that remembers where every key and value stands.

`inquiry.yamlcompose` composes the document into nodes with marks; we build plain Python values
from them ourselves so that hostile input (unknown tags, duplicate keys, alias bombs, deep
nesting) becomes a problem at a position instead of a traceback, a hang or code execution.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from inquiry.characters import bad_character, character_name, replace_bad
from inquiry.yamlcompose import (
    DEPTH_HINT,
    MAX_DEPTH,
    SYNTAX_HINT,
    Pos,
    YamlProblem,
    compose,
    node_pos,
    room,
    tag_name,
)

MAX_BYTES = 512 * 1024
MAX_NODES = 100_000
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_SAFE = "tag:yaml.org,2002:"
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Flaw:
    """A value the file holds that no output can carry, found while reading (the file still
    loads, with the offending characters replaced by U+FFFD)."""

    code: str
    message: str
    pos: Pos
    hint: str | None = None


@dataclass
class Document:
    """A YAML file's data, and the text it was read from, for finding any key or value.

    Positions are looked up on demand: they are needed only for the few values that have a
    problem, so the node tree that holds them is composed again from `text` when first asked
    for. Keeping every tree cost 300 MB at 10,000 items, and a document read in a worker process
    would cost more to send with its tree than to compose again for the few files that need it.
    """

    data: Any
    root: Node | None = field(default=None, compare=False)
    flaws: list[Flaw] = field(default_factory=list)
    text: str = ""

    def __getstate__(self) -> dict[str, Any]:
        return {"data": self.data, "root": None, "flaws": self.flaws, "text": self.text}

    def tree(self) -> Node | None:
        """The node tree, composed again from the text if this document came without one."""
        if self.root is None and self.text:
            self.root = compose(self.text)[0]
        return self.root

    def _walk(self, path: Path) -> tuple[Node | None, Node | None, int]:
        """The parent of the deepest node `path` reaches, that node, and how many parts it used."""
        parent, node, used = None, self.tree(), 0
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            parent, node, used = node, child, used + 1
        return parent, node, used

    def value_pos(self, path: Path) -> Pos:
        """The value at `path`, or the nearest enclosing value that exists."""
        _, node, _ = self._walk(path)
        return node_pos(node) if node is not None else Pos(1, 1)

    def key_pos(self, path: Path) -> Pos:
        """The key naming the value at `path`, or the value's position when it has no key."""
        parent, node, used = self._walk(path)
        if used == len(path) and path and isinstance(path[-1], str) and parent is not None:
            key = _key_node(parent, path[-1])
            if key is not None:
                return node_pos(key)
        return node_pos(node) if node is not None else Pos(1, 1)


def _names(knode: Node, key: str) -> bool:
    """Whether a key node holds `key` as the data has it (with any character no output can
    carry replaced, as loading replaced it)."""
    if not isinstance(knode, ScalarNode):
        return False
    written = str(knode.value)
    return written == key or (bad_character(written) is not None and replace_bad(written) == key)


def _key_node(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for knode, _ in node.value:
            if _names(knode, key):
                return knode  # type: ignore[no-any-return]
    return None


def _child(node: Node | None, part: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for knode, vnode in node.value:
            if _names(knode, part):
                return vnode  # type: ignore[no-any-return]
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


_TEXT_TAGS = frozenset(_SAFE + s for s in ("str", "timestamp"))


class _Builder:
    """Plain values from the node tree, in one pass that bounds depth and size: an alias is
    built again wherever it is used, so counting the nodes built bounds an alias bomb."""

    def __init__(self, constructor: Any, *, check_text: bool = True) -> None:
        self.constructor = constructor
        self.check_text = check_text
        self.count = 0
        self.flaws: list[Flaw] = []
        self.texts: dict[int, str] = {}  # by node: an alias reuses its node, checked once
        self.scalars = {
            _SAFE + "int": constructor.construct_yaml_int,
            _SAFE + "float": constructor.construct_yaml_float,
            _SAFE + "bool": constructor.construct_yaml_bool,
            _SAFE + "null": lambda node: None,
        }

    def text(self, value: str, node: Node) -> str:
        if not self.check_text:
            return value
        done = self.texts.get(id(node))
        if done is None:
            done = self.texts[id(node)] = self._checked(value, node)
        return done

    def _checked(self, value: str, node: Node) -> str:
        found = bad_character(value)
        if found is None:
            return value
        self.flaws.append(
            Flaw(
                "text-character",
                f"the text holds {character_name(found)}, which the bundle cannot carry",
                node_pos(node),
                "remove it: it is often left by copying from another program, or written as a"
                " `\\u` escape",
            )
        )
        return replace_bad(value)

    def collided(self, mapping: Node, knode: Node, key: str) -> None:
        first = next(k for k, _ in mapping.value if self.text(str(k.value), k) == key)
        self.flaws.append(
            Flaw(
                "yaml-duplicate-key",
                f"key `{key}` reads the same as the key at line {node_pos(first).line} once the"
                " characters no output can carry are replaced; its value is not read",
                node_pos(knode),
                "remove the character (often left by copying), or rename one of the keys",
            )
        )

    def build(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                "yaml-alias-bomb",
                f"the document expands to more than {MAX_NODES:,} values",
                node_pos(node),
                "anchors and aliases (&a / *a) that nest are refused; write the values out",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                "yaml-too-deep",
                f"nesting deeper than {MAX_DEPTH} levels",
                node_pos(node),
                DEPTH_HINT,
            )
        tag = tag_name(node.ctag)
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise _unsafe(tag, node)
            out: dict[str, Any] = {}
            keys: set[str] = set()
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode) or tag_name(knode.ctag) not in _SAFE_TAGS:
                    raise YamlProblem(
                        "yaml-key",
                        "keys must be plain text",
                        node_pos(knode),
                        "write `name: value`; merge keys (`<<`) and complex keys (`?`) are refused",
                    )
                key = self.text(str(knode.value), knode)
                written = str(knode.value)
                if written in keys:
                    first = next(k for k, _ in node.value if str(k.value) == written)
                    raise YamlProblem(
                        "yaml-duplicate-key",
                        f"duplicate key `{key}` (first at line {node_pos(first).line})",
                        node_pos(knode),
                        "a key may appear once in a mapping; remove one of them",
                    )
                keys.add(written)
                value = self.build(vnode, depth + 1)
                if key in out:
                    # Written differently, read alike once a character no output can carry was
                    # replaced: the first is kept, and this one is a problem, not lost in silence.
                    self.collided(node, knode, key)
                    continue
                out[key] = value
            return out
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise _unsafe(tag, node)
            return [self.build(c, depth + 1) for c in node.value]
        if tag in _TEXT_TAGS:
            # Dates stay the text they were written as (as JSON Schema tools read them), so the
            # model alone decides what a date may look like: `2024-1-5` or a time of day is refused.
            return self.text(node.value, node)
        make = self.scalars.get(tag)
        if make is None:
            raise _unsafe(tag, node)
        try:
            return make(node)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, MarkedYAMLError):
            raise YamlProblem(
                "yaml-value",
                f"`{node.value}` is not a valid {tag.rsplit(':', 1)[-1]}",
                node_pos(node),
                "remove the `!!` tag, or write a value of that type",
            ) from None


def _unsafe(tag: str, node: Node) -> YamlProblem:
    return YamlProblem(
        "yaml-unsafe-tag",
        f"tag `{tag.replace('tag:yaml.org,2002:', '!!')}` is not allowed",
        node_pos(node),
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
    node, constructor = compose(text)
    if node is None:
        return Document(data=None)
    # A character no output can carry comes from the text itself or from an escape in a
    # double-quoted scalar: without either, no value needs searching.
    suspect = bad_character(text) is not None or ("\\" in text and '"' in text)
    builder = _Builder(constructor, check_text=suspect)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, room()))
    try:
        data = builder.build(node, 0)
    except (ValueError, TypeError, IndexError, MarkedYAMLError) as exc:
        raise YamlProblem(
            "yaml-value", " ".join(str(exc).split()), node_pos(node), SYNTAX_HINT
        ) from None
    finally:
        sys.setrecursionlimit(limit)
    # The tree is dropped: kept for 10,000 items it held 300 MB, for the few positions needed.
    return Document(data, None, builder.flaws, text)
