"""Facts about the code base that must not drift: the default keymap matches the bindings, every module is in
the README's map, and no type check is silenced without a reason."""

from __future__ import annotations

import re

import yaml

from reader.tui.bindings import SCOPES, binding_infos
from tests.conftest import ROOT

PACKAGE = ROOT / "reader"


def test_keymap_yaml_lists_every_binding_with_its_default_keys():
    shipped = yaml.safe_load((ROOT / "keymap.yaml").read_text(encoding="utf-8"))
    declared = {info.id: info.default_keys for info in binding_infos(SCOPES)}
    assert shipped == declared


def test_the_contract_binding_ids_exist():
    ids = {info.id for info in binding_infos(SCOPES)}
    required = """quit help next-link prev-link next-unmatched switch-pane toggle-sync toggle-layout show-contrasts
    show-notes add-note submit-note cancel-note save-notes""".split()
    assert set(required) <= ids


def test_the_readme_module_map_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Development") :]
    modules = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"]
    missing = [str(m) for m in modules if not re.search(rf"(?<![\w/]){re.escape(m.name)}\b", section)]
    assert not missing, f"modules missing from the README's module map: {missing}"
    folders = {p.parent.relative_to(PACKAGE) for p in PACKAGE.rglob("__init__.py")} - {PACKAGE.relative_to(PACKAGE)}
    assert all(f"{f.name}/" in section for f in folders)


def test_no_type_check_is_silenced_without_a_reason():
    bare = re.compile(r"#\s*type:\s*ignore(\[[^\]]*\])?\s*$")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert not found, f"type: ignore without a reason after it on the same line: {found}"
