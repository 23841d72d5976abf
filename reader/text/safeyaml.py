"""YAML read safely and written readably: the one place diptych touches the YAML files it reads (notes,
story metadata, keymaps, settings).

Reading goes through the safe file opener (a size limit, no special files), uses the safe loader (no
`!!python/object`), and refuses aliases (no "billion laughs": files diptych writes never use them), duplicate
keys (the second would silently win, and the next save would drop the first), deep nesting and numbers too
long to read; every string that comes out is sanitised. Writing uses the safe dumper with keys in the order
given, unicode as is, and block style for multi-line strings.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from reader.text.document import LoadError
from reader.text.files import read_bytes
from reader.text.sanitise import sanitise_data

MAX_BYTES = 8 * 1024 * 1024  # a notes file of thousands of notes is far smaller
MAX_DEPTH = 64  # diptych's own files nest five levels deep


class YamlError(Exception):
    """A YAML file could not be read; the message is one line fit for a user."""


class _StrictLoader(yaml.SafeLoader):
    """The safe loader (no arbitrary objects), refusing aliases, duplicate keys and deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[tuple[str, str]] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if (key.tag, key.value) in seen:
                    message = f"the key {key.value!r} appears twice"
                    raise yaml.constructor.ConstructorError(None, None, message, key.start_mark)
                seen.add((key.tag, key.value))
        return super().construct_mapping(node, deep=deep)


def loads(text: str, name: str = "file") -> object:
    """Parse YAML text (see the module for what is refused); every string in the result is sanitised."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(f"{name}: not valid YAML{where} ({problem})") from exc
    except ValueError as exc:  # an integer of thousands of digits
        raise YamlError(f"{name}: holds a number too long to read") from exc
    except RecursionError as exc:
        raise YamlError(f"{name}: nested too deeply") from exc
    return sanitise_data(data)


def read_raw(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A YAML file's bytes, through the safe opener. Raises YamlError with one clear line."""
    try:
        return read_bytes(path, max_bytes, what="a YAML file", hint="for a diptych YAML file")
    except LoadError as exc:
        raise YamlError(str(exc)) from exc


def parse(data: bytes, name: str) -> object:
    """Parse a YAML file's bytes (UTF-8, with or without a byte-order mark)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(f"{name}: not UTF-8 text") from exc
    return loads(text, name)


def read(path: Path, max_bytes: int = MAX_BYTES) -> object:
    """Read and parse a YAML file. Raises YamlError with one clear line."""
    return parse(read_raw(path, max_bytes), str(path))


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


# Characters YAML would fold, drop or treat as line breaks in plain or block scalars: control codes (bar tab
# and newline), NEL, the Unicode line and paragraph separators, the byte-order mark. Strings holding any are
# written double-quoted, where YAML escapes them, so every string survives a round trip.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _UNSAFE.search(value) or (value != value.strip(" \t") and "\n" in value):
        style = '"'
    elif "\n" in value:
        style = "|"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dumps(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
