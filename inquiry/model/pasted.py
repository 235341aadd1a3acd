"""Hints for text pasted into YAML as it is written elsewhere: a paragraph holding `: ` (which
YAML reads as a key and its value) and a value in typographic quotes (“…”, which YAML reads as
part of the text)."""

from __future__ import annotations

from ruamel.yaml.nodes import MappingNode, ScalarNode

from inquiry.model.messages import SchemaProblem
from inquiry.yamlcompose import TYPOGRAPHIC
from inquiry.yamlnodes import Document

CURLY = (
    "the value is in typographic quotes (“ ” ‘ ’, as a word processor types them), which YAML"
    " reads as part of it: "
)


def _colon_hint(found: SchemaProblem, curly: bool = False) -> str:
    if found.path and isinstance(found.path[-1], int):
        what, block = "entry", "`- |` and the text"
        if "paragraphs" in found.path:
            what, block = "paragraph", "`- |` and the paragraph"
    else:
        what, block = "text", "`|` after the key and the text"
    if curly:  # red team h194: "put it in quotes" to someone who had, in typographic ones
        return (
            f'put the {what} in straight quotes, "…" with \\" for a quote inside (or write '
            f"{block} on the next lines, indented): it holds `: `, which YAML reads as a key "
            "and its value, and typographic quotes (“ ”) are part of the text to YAML"
        )
    return (
        f"put the {what} in quotes (or write {block} on the next lines, indented): it holds"
        " `: `, which YAML reads as a key and its value"
    )


def pasted_hint(found: SchemaProblem, doc: Document) -> str:
    """`found`'s hint, or a better one when its value is pasted text YAML read otherwise."""
    if found.at_key or found.code not in ("schema-type", "schema-value"):
        return found.hint
    node = doc.node(found.path)
    if isinstance(node, ScalarNode):
        text = str(node.value)
        if len(text) > 1 and text[0] in TYPOGRAPHIC and text[-1] in TYPOGRAPHIC:
            number = "number" in found.message
            return CURLY + ("remove them" if number else 'write straight quotes, "…", or none')
    elif (
        isinstance(node, MappingNode)
        and found.message.endswith("must be text, not a mapping")
        and len(node.value) == 1
    ):
        key, value = node.value[0]
        if (
            isinstance(key, ScalarNode)
            and isinstance(value, ScalarNode)
            and not key.style  # plain: no quotes (None, or '' from libyaml)
            and not value.style
            and key.start_mark.line == value.end_mark.line
        ):
            return _colon_hint(found, curly=str(key.value)[:1] in TYPOGRAPHIC)
    return found.hint
