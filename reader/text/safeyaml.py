"""YAML read safely and written readably: the one place diptych touches YAML files it saves or shares.

Reading uses the safe loader (no `!!python/object`), refuses aliases (no "billion laughs": files diptych
writes never use them) and refuses files over a size limit before parsing. Writing uses the safe dumper with
keys in the order given, unicode as is, and block style for multi-line strings.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

MAX_BYTES = 8 * 1024 * 1024  # a notes file of thousands of notes is far smaller


class YamlError(Exception):
    """A YAML file could not be read; the message is one line fit for a user."""


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)


def loads(text: str, name: str = "file") -> object:
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(f"{name}: not valid YAML{where} ({problem})") from exc


def read(path: Path, max_bytes: int = MAX_BYTES) -> object:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(f"{path}: {size / 1048576:.1f} MB is too large for a diptych YAML file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise YamlError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise YamlError(f"{path}: not UTF-8 text") from exc
    except IsADirectoryError as exc:
        raise YamlError(f"{path}: is a directory") from exc
    except OSError as exc:
        raise YamlError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return loads(text, str(path))


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
