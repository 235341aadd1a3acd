"""The implicit tags of YAML 1.2 scalars, resolved from a table built once, and tags' names.

`Resolver` serves both of `inquiry.yamlcompose`'s parsers (libyaml's and the pure-Python one);
`tag_name` reads a node's tag as text without the Python calls `str(tag)` costs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag


class Resolver(VersionedResolver):
    """YAML 1.2 implicit tags, with the rule table built once instead of per scalar (ruamel
    re-derives the YAML version, evaluates a lazy regular expression and builds a new Tag for
    every scalar: half the parse time)."""

    _rules: dict[str, list[tuple[Tag, Callable[[str], object]]]] | None = None  # shared

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if implicit[0]:
                rules = Resolver._rules
                if rules is None:
                    rules = Resolver._rules = {
                        first: [(_tag(tag), regexp.match) for tag, regexp in entries]
                        for first, entries in self.versioned_resolver.items()
                    }
                entries = rules.get(value[:1])
                if entries:
                    # Values that could be numbers, dates, booleans or nulls recur (dates,
                    # figures, `true`): each short one is matched once, then looked up.
                    short = len(value) <= _REMEMBERED_CHARS
                    found = _RESOLVED.get(value) if short else None
                    if found is None:
                        found = next((t for t, m in entries if m(value)), self.DEFAULT_SCALAR_TAG)
                        if short and len(_RESOLVED) < _RESOLVED_MAX:
                            _RESOLVED[value] = found
                    return found
            return self.DEFAULT_SCALAR_TAG
        if kind is MappingNode:
            return self.DEFAULT_MAPPING_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)


_RESOLVED: dict[str, Tag] = {}
"""The implicit tag of short plain scalars already resolved (in this process): at most
`_RESOLVED_MAX` of at most `_REMEMBERED_CHARS` characters, so a hostile file's long values cannot
make a worker hold more than a megabyte for the files it reads after."""
_RESOLVED_MAX = 10_000
_REMEMBERED_CHARS = 64


@functools.cache
def _tag(suffix: str) -> Tag:
    tag = Tag(suffix=suffix)
    _NAMES[id(tag)] = (tag, str(tag))
    return tag


_NAMES: dict[int, tuple[Tag, str]] = {
    id(tag): (tag, str(tag))
    for tag in (
        VersionedResolver.DEFAULT_SCALAR_TAG,
        VersionedResolver.DEFAULT_MAPPING_TAG,
        VersionedResolver.DEFAULT_SEQUENCE_TAG,
    )
}
"""The tags the resolver hands out, each kept alive with its name (by identity: `str(tag)`
runs three Python calls, and every node asks)."""


def tag_name(tag: Tag) -> str:
    """A node's tag as text, `tag:yaml.org,2002:str`."""
    known = _NAMES.get(id(tag))
    return known[1] if known is not None and known[0] is tag else str(tag)
