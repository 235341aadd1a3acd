"""A file that fails the schema still has fields that passed: validate them one by one, so that
every other check can run on what did parse (one run, every problem).

`Fields` reads a value by its YAML path in either shape — a whole validated model, or the partial
tree this module builds — so the rules are written once for both.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from inquiry.yamlnodes import Path


class PartialDict(dict[str, Any]):
    """The fields of a mapping that passed on their own (a model that failed as a whole)."""


class PartialList(list[Any]):
    """The elements of a list, each validated on its own; `INVALID` where one failed."""


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotated: Any = Annotated[info.annotation, info]  # the field as declared, constraints and all
    return TypeAdapter(annotated)


@functools.cache
def _element_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any] | None:
    args = typing.get_args(_unwrap(model.model_fields[name].annotation))
    return TypeAdapter(args[0]) if args else None


def _unwrap(annotation: Any) -> Any:
    """`list[X] | None` → `list[X]`."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return args[0] if len(args) == 1 else annotation
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


@functools.cache
def _default(model: type[BaseModel], name: str) -> Callable[[], Any]:
    """What makes an absent field's default, worked out once a field: pydantic's own
    `get_default` inspects the factory's signature on every call, which leaves reference
    cycles behind (red team h195: with the cycle collector paused while a submission is read,
    10,000 small files held 0.59 GB, 100,000 ran past 4.7 GB)."""
    info = model.model_fields[name]
    factory = info.default_factory
    if factory is not None and not info.default_factory_takes_validated_data:
        return cast("Callable[[], Any]", factory)
    if factory is not None:
        return lambda: info.get_default(call_default_factory=True)
    return lambda: info.get_default(call_default_factory=False)


def _is_list(info: FieldInfo) -> bool:
    return typing.get_origin(_unwrap(info.annotation)) is list


def validate_partial(model: type[BaseModel], data: dict[str, Any]) -> PartialDict:
    """Every field of `data` that `model` declares and that is valid on its own; a mapping or
    list that fails as a whole is validated member by member; absent fields take their default."""
    out = PartialDict()
    for name, info in model.model_fields.items():
        if name not in data:
            if not info.is_required():
                out[name] = _default(model, name)()
            continue
        value = data[name]
        try:
            out[name] = _adapter(model, name).validate_python(value)
            continue
        except ValidationError:
            pass
        inner = _model_of(info.annotation)
        if inner is not None and isinstance(value, dict):
            out[name] = validate_partial(inner, value)
        elif _is_list(info) and isinstance(value, list):
            out[name] = _partial_list(model, name, value)
    return out


def _partial_list(model: type[BaseModel], name: str, values: list[Any]) -> PartialList:
    adapter = _element_adapter(model, name)
    args = typing.get_args(_unwrap(model.model_fields[name].annotation))
    inner = _model_of(args[0]) if args else None
    out = PartialList()
    for value in values:
        try:
            out.append(adapter.validate_python(value) if adapter else INVALID)
        except ValidationError:
            if inner is not None and isinstance(value, dict):
                out.append(validate_partial(inner, value))
            else:
                out.append(INVALID)
    return out


class Fields:
    """Read-only access by path to what validated: a whole model or a partial tree."""

    def __init__(self, root: BaseModel | PartialDict, raw: Any) -> None:
        self.root = root
        self.raw = raw  # the file's data as read, for counting what failed

    @property
    def whole(self) -> bool:
        """Whether the whole file passed the schema."""
        return isinstance(self.root, BaseModel)

    def get(self, *path: str | int) -> Any:
        """The validated value at `path`, or None where it is absent or failed."""
        node: Any = self.root
        for part in path:  # called ~40 times an item by the checks: each test made cheap
            if isinstance(part, str):
                if isinstance(node, BaseModel):
                    # A model's fields are in its __dict__: reading it skips __getattr__.
                    node = node.__dict__.get(part)
                elif isinstance(node, dict):
                    node = node.get(part)
                else:
                    return None
            elif isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
            if node is None or node is INVALID:
                return None
        return node

    def text(self, *path: str | int) -> str | None:
        value = self.get(*path)
        return value if isinstance(value, str) else None

    def number(self, *path: str | int) -> float | None:
        value = self.get(*path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return value

    def date(self, *path: str | int) -> dt.date | None:
        value = self.get(*path)
        return value if isinstance(value, dt.date) else None

    def complete(self, *path: str | int) -> bool:
        """Whether the value at `path` passed whole (not member by member)."""
        value = self.get(*path)
        return value is not None and not isinstance(value, PartialDict | PartialList)

    def indices(self, *path: str | int) -> Iterator[int]:
        """The positions of a list's elements that passed, whole or in part."""
        value = self.get(*path)
        if isinstance(value, list | tuple):
            for i, element in enumerate(value):
                if element is not INVALID and element is not None:
                    yield i

    def raw_length(self, *path: str | int) -> int:
        """How many elements the list at `path` holds in the file, valid or not."""
        node = self.raw
        for part in path:
            if isinstance(node, dict) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return 0
        return len(node) if isinstance(node, list) else 0

    def at(self, path: Path) -> Any:
        return self.get(*path)
