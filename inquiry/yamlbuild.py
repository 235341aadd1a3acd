"""Plain Python values built from a composed YAML node tree, in one pass bounded in depth and size.

Only the safe tags are built (text, numbers, booleans, null, dates kept as text, lists and
mappings with plain keys); anything else, a duplicate key, an alias's second visit or a character
no output can carry becomes a `Flaw` at its position, and the value is left out, so the rest of
the file is still read. `inquiry.yamlnodes.read_text` drives the builder.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from inquiry.characters import (
    bad_character,
    bad_characters,
    character_name,
    line_starts,
    place,
    replace_bad,
)
from inquiry.yamlanchors import ANCHOR_HINT, anchor_problems
from inquiry.yamlcompose import (
    DEPTH_HINT,
    MAX_DEPTH,
    Pos,
    YamlProblem,
    node_pos,
    spellings,
)
from inquiry.yamltags import tag_name
from inquiry.yamltext import FLAWS_SHOWN, Flaw

MAX_NODES = 100_000
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_SAFE = "tag:yaml.org,2002:"


class _Refused(Exception):
    """A value left out: its problem is already among the builder's flaws."""


_TEXT_TAGS = frozenset(_SAFE + s for s in ("str", "timestamp"))


class Builder:
    """Plain values from the node tree, in one pass that bounds depth and size. Anchors and
    aliases are refused before building; a node met twice (an alias the quick test missed) is
    refused here, so no value is ever built twice."""

    def __init__(self, constructor: Any, text: str, *, check_text: bool = True) -> None:
        self.constructor = constructor
        self.source = text
        self.check_text = check_text
        self.count = 0
        self.seen: set[int] = set()
        # Only an alias brings a node back, and an alias needs an anchor (`&name`; YAML has no
        # other way to write one, and an alias to no anchor does not compose): without `&` in
        # the text no node is met twice, so none is counted (a tenth of the reading's time).
        self.repeats = "&" in text
        self.aliases_told = False  # the file's aliases are problems already
        self.flaws: list[Flaw] = []
        self.texts: dict[int, str] = {}  # by node
        self.starts: list[int] | None = None  # where each line of the source starts
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
        # Each character as written, at its own line and column; one from an escape
        # (`"\\ufdd0"`) at the escape.
        written = self._written(node)[:FLAWS_SHOWN]
        if len(bad_characters(value)) > len(written):  # also, or only, from escapes
            written.append((found, self._escaped(node, found)))
        for ch, pos in written:
            self.flaws.append(
                Flaw(
                    "text-character",
                    f"the text holds {character_name(ch)}, which the bundle cannot carry",
                    pos,
                    "remove it: it is often left by copying from another program, or written"
                    " as a `\\u` escape",
                )
            )
        return replace_bad(value)

    def _escaped(self, node: Node, ch: str) -> Pos:
        """Where `ch` is written as an escape in a scalar's text (`"\\ufdd0"`), else where
        the scalar starts."""
        if self.starts is None:
            self.starts = line_starts(self.source)
        begin, end = node.start_mark, node.end_mark
        if max(begin.line, end.line) >= len(self.starts):
            return node_pos(node)
        first = self.starts[begin.line] + begin.column
        last = self.starts[end.line] + end.column
        written = spellings(ch).search(self.source, first, last)
        return Pos(*place(self.starts, written.start())) if written else node_pos(node)

    def _written(self, node: Node) -> list[tuple[str, Pos]]:
        """The characters no output can carry written as they are in a scalar's own text."""
        if self.starts is None:
            self.starts = line_starts(self.source)
        begin, end = node.start_mark, node.end_mark
        starts = self.starts
        if max(begin.line, end.line) >= len(starts):
            return []
        first = starts[begin.line] + begin.column
        span = self.source[first : starts[end.line] + end.column]
        return [(ch, Pos(*place(starts, first + i))) for i, ch in bad_characters(span)]

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

    def once(self, node: Node) -> None:
        """Refuse a node met before (only an alias brings one back): it is left out, never
        built twice, and the aliases are problems at their own places."""
        if id(node) in self.seen:
            if not self.aliases_told:
                self.aliases_told = True
                found = anchor_problems(self.source, certain=True) or [
                    YamlProblem(
                        "yaml-alias",
                        "an alias repeats this value: anchors and aliases are refused",
                        node_pos(node),
                        ANCHOR_HINT,
                    )
                ]
                self.flaws += [Flaw(p.code, p.message, p.pos, p.hint) for p in found]
            raise _Refused
        self.seen.add(id(node))

    def refuse(self, problem: YamlProblem) -> _Refused:
        """A value that cannot be read: a problem at it, and the value left out (the rest of
        the file is still read and checked)."""
        self.flaws.append(Flaw(problem.code, problem.message, problem.pos, problem.hint))
        return _Refused()

    def build_all(self, node: Node) -> Any:
        """The document's value (None when the whole of it is refused)."""
        try:
            return self.build(node, 0)
        except _Refused:
            return None

    def build(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.repeats:
            self.once(node)
        if self.count > MAX_NODES:
            raise YamlProblem(
                "yaml-too-many-values",
                f"the file holds more than {MAX_NODES:,} values",
                node_pos(node),
                "split it into several items, or move long tables into an exhibit",
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
                raise self.refuse(_unsafe(tag, node))
            out: dict[str, Any] = {}
            keys: set[str] = set()
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode) or tag_name(knode.ctag) not in _SAFE_TAGS:
                    self.refuse(
                        YamlProblem(
                            "yaml-key",
                            "keys must be plain text; this key and its value are not read",
                            node_pos(knode),
                            "write `name: value`; merge keys (`<<`) and complex keys (`?`) are"
                            " refused",
                        )
                    )
                    continue
                if self.repeats:
                    try:
                        self.once(knode)
                    except _Refused:
                        continue
                key = self.text(str(knode.value), knode)
                written = str(knode.value)
                if written in keys:
                    # A problem at the second, whose value is not read; the file's other
                    # problems are still found in the same run.
                    first = next(k for k, _ in node.value if str(k.value) == written)
                    self.flaws.append(
                        Flaw(
                            "yaml-duplicate-key",
                            f"duplicate key `{key}` (first at line {node_pos(first).line}); "
                            "this one's value is not read",
                            node_pos(knode),
                            "a key may appear once in a mapping; remove one of them",
                        )
                    )
                    continue
                keys.add(written)
                try:
                    value = self.build(vnode, depth + 1)
                except _Refused:
                    # Kept as nothing (not dropped): what else is said of it is said at its key.
                    value = None
                if key in out:
                    # Written differently, read alike once a character no output can carry was
                    # replaced: the first is kept, and this one is a problem, not lost in silence.
                    self.collided(node, knode, key)
                    continue
                out[key] = value
            return out
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise self.refuse(_unsafe(tag, node))
            items = []
            for child in node.value:
                try:
                    items.append(self.build(child, depth + 1))
                except _Refused:
                    # Kept as nothing, so every later element keeps its index (and its place).
                    items.append(None)
            return items
        if tag in _TEXT_TAGS:
            # Dates stay the text they were written as (as JSON Schema tools read them), so the
            # model alone decides what a date may look like: `2024-1-5` or a time of day is refused.
            return self.text(node.value, node)
        make = self.scalars.get(tag)
        if make is None:
            raise self.refuse(_unsafe(tag, node))
        try:
            return make(node)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, MarkedYAMLError):
            written = str(node.value)
            long = len(written) > 40  # a 5,000-digit number: too long to read, and to print
            size = f" ({len(written):,} characters)" if long else ""
            raise self.refuse(
                YamlProblem(
                    "yaml-value",
                    f"`{written[:40] + '…' if long else written}` is not a valid "
                    f"{tag.rsplit(':', 1)[-1]}{size}",
                    node_pos(node),
                    "write a shorter number, or put the value in quotes as text"
                    if long
                    else "remove the `!!` tag, or write a value of that type",
                )
            ) from None


def _unsafe(tag: str, node: Node) -> YamlProblem:
    return YamlProblem(
        "yaml-unsafe-tag",
        f"tag `{tag.replace('tag:yaml.org,2002:', '!!')}` is not allowed",
        node_pos(node),
        "evidence files hold plain text, numbers, dates, lists and mappings only",
    )
