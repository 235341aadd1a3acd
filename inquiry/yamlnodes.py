"""Safe YAML reading that remembers where every key and value stands.

`inquiry.yamlcompose` composes the document into nodes with marks; we build plain Python values
from them ourselves (`inquiry.yamlbuild`) so that hostile input (unknown tags, duplicate keys,
alias bombs, deep nesting) becomes a problem at a position instead of a traceback, a hang or code
execution.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from inquiry.characters import bad_character, replace_bad
from inquiry.yamlanchors import anchor_problems
from inquiry.yamlbuild import Builder
from inquiry.yamlcompose import (
    SYNTAX_HINT,
    Pos,
    YamlProblem,
    compose,
    node_pos,
    quiet,
    room,
)
from inquiry.yamltext import FLAWS_SHOWN, Flaw, readable_text

MAX_BYTES = 512 * 1024
Path = tuple[str | int, ...]
Keys = dict[str, tuple[Node, Node]]


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
    values: int = 0
    """How many values the file holds (what reading it costs in memory: about 260 bytes each)."""
    unread: frozenset[str] = frozenset()
    """Top-level keys written on lines YAML could not read (`yamlrecover`): nothing is said of
    them, and the item is not whole."""
    keys: dict[int, Keys] = field(default_factory=dict, init=False, compare=False, repr=False)
    """Each mapping's keys (by the mapping node's id), indexed when first searched: a file of
    20,000 unknown keys has 20,000 problems, each looked up in the same mapping."""

    def __getstate__(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "root": None,
            "flaws": self.flaws,
            "text": self.text,
            "unread": self.unread,
            "keys": {},
            "values": self.values,  # the submission's limit counts them (`load.TOTAL_VALUES`)
        }

    def tree(self) -> Node | None:
        """The node tree, composed again from the text if this document came without one."""
        if self.root is None and self.text:
            self.root = compose(self.text)[0]
        return self.root

    def _walk(self, path: Path) -> tuple[Node | None, Node | None, int]:
        """The parent of the deepest node `path` reaches, that node, and how many parts it used."""
        parent, node, used = None, self.tree(), 0
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            parent, node, used = node, child, used + 1
        return parent, node, used

    def node(self, path: Path) -> Node | None:
        """The node of the value at `path`, when there is one."""
        _, node, used = self._walk(path)
        return node if used == len(path) else None

    def value_pos(self, path: Path) -> Pos:
        """The value at `path`, or the nearest enclosing value that exists."""
        _, node, _ = self._walk(path)
        return node_pos(node) if node is not None else Pos(1, 1)

    def key_pos(self, path: Path) -> Pos:
        """The key naming the value at `path`, or the value's position when it has no key."""
        parent, node, used = self._walk(path)
        if used == len(path) and path and isinstance(path[-1], str) and parent is not None:
            found = self._keys(parent).get(path[-1])
            if found is not None:
                return node_pos(found[0])
        return node_pos(node) if node is not None else Pos(1, 1)

    def _keys(self, node: Node) -> Keys:
        """A mapping's key and value nodes by the key as the data has it (with any character
        no output can carry replaced, as loading replaced it), and as written; the first of
        keys that read alike, as loading kept the first."""
        if not isinstance(node, MappingNode):
            return {}
        keys = self.keys.get(id(node))
        if keys is None:
            keys = self.keys[id(node)] = {}
            for knode, vnode in node.value:
                if isinstance(knode, ScalarNode):
                    written = str(knode.value)
                    if bad_character(written) is not None:
                        keys.setdefault(replace_bad(written), (knode, vnode))
                    keys.setdefault(written, (knode, vnode))
        return keys

    def _child(self, node: Node | None, part: str | int) -> Node | None:
        if isinstance(part, str):
            found = self._keys(node).get(part) if node is not None else None
            return found[1] if found is not None else None
        if isinstance(node, SequenceNode) and 0 <= part < len(node.value):
            return node.value[part]  # type: ignore[no-any-return]
        return None


def read_yaml(raw: bytes) -> Document:
    """Parse one YAML document safely; raise `YamlProblem` with a position on any trouble."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            "file-too-large",
            f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
            Pos(1, 1),
            "split it, or move long material into an exhibit",
        )
    text, flaws = readable_text(raw)
    try:
        return read_text(text, flaws)
    except YamlProblem as exc:
        exc.earlier = tuple(flaws)
        raise


def read_text(text: str, flaws: list[Flaw]) -> Document:
    """`read_yaml` on text already made readable (`yamltext.readable_text`), ruamel's warnings
    silenced (`yamlcompose.quiet`: they print lines of the file)."""
    with quiet():
        return _read_text(text, flaws)


def _read_text(text: str, flaws: list[Flaw]) -> Document:
    node, constructor = compose(text)
    if node is None:
        return Document(data=None, flaws=flaws)
    # A character no output can carry comes from the text itself or from an escape in a
    # double-quoted scalar: without either, no value needs searching.
    suspect = bad_character(text) is not None or ("\\" in text and '"' in text)
    builder = Builder(constructor, text, check_text=suspect)
    builder.flaws.extend(flaws)
    # Anchors and aliases are refused, each at its place; an alias's value is left out where
    # it is used, and never built twice (an alias bomb costs no more than reading its text).
    anchored = anchor_problems(text)
    builder.flaws += [Flaw(p.code, p.message, p.pos, p.hint) for p in anchored]
    builder.aliases_told = bool(anchored)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, room()))
    try:
        data = builder.build_all(node)
    except (ValueError, TypeError, IndexError, MarkedYAMLError) as exc:
        raise YamlProblem(
            "yaml-value", " ".join(str(exc).split()), node_pos(node), SYNTAX_HINT
        ) from None
    finally:
        sys.setrecursionlimit(limit)
    # The tree is dropped: kept for 10,000 items it held 300 MB, for the few positions needed.
    return Document(data, None, _capped(builder.flaws), text, builder.count)


def _capped(flaws: list[Flaw]) -> list[Flaw]:
    """At most `FLAWS_SHOWN` flaws of each code, in file order, then one saying how many more:
    a file of 30,000 refused tags is twenty problems and a count, not 30,000 lines."""
    if len(flaws) <= FLAWS_SHOWN + 1:
        return flaws
    by_code: dict[str, list[Flaw]] = {}
    for flaw in sorted(flaws, key=lambda f: (f.pos.line, f.pos.column)):
        by_code.setdefault(flaw.code, []).append(flaw)
    if all(len(found) <= FLAWS_SHOWN + 1 for found in by_code.values()):
        return flaws
    out: list[Flaw] = []
    for code, found in by_code.items():
        out += found[:FLAWS_SHOWN]
        if len(found) > FLAWS_SHOWN + 1:
            rest = found[FLAWS_SHOWN]
            out.append(
                Flaw(
                    code,
                    f"{len(found) - FLAWS_SHOWN:,} more problems like the one before, from here on",
                    rest.pos,
                    rest.hint,
                )
            )
        elif len(found) == FLAWS_SHOWN + 1:
            out.append(found[FLAWS_SHOWN])
    return out
