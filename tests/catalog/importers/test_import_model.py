"""The importer dispatch and the helpers every importer shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.catalog.importers import ModelImportError, import_model
from app.catalog.importers.common import safe_id
from tests.catalog.importers.support import options

MODEL = """\
features
\tRoot
\t\talternative
\t\t\tA
\t\t\tB
"""


def test_dispatches_by_format(tmp_path: Path) -> None:
    path = tmp_path / "tiny.uvl"
    path.write_text(MODEL)
    result = import_model("uvl", path)
    assert result.catalog.id == "tiny"
    assert [o.id for o in options(result.catalog.products[0], "Root")] == ["A", "B"]


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "tiny.uvl"
    path.write_text(MODEL)
    with pytest.raises(ModelImportError, match=r"unknown format 'dimacs' \(expected one of: xcsp, uvl, featureide\)"):
        import_model("dimacs", path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelImportError, match=r"none\.xml: file not found"):
        import_model("xcsp", tmp_path / "none.xml")


def test_names_only_for_xcsp(tmp_path: Path) -> None:
    path = tmp_path / "tiny.uvl"
    path.write_text(MODEL)
    with pytest.raises(ModelImportError, match="--names is only for XCSP models"):
        import_model("uvl", path, names=path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.uvl"
    path.write_bytes("features\n\tCaf\xe9\n".encode("latin-1"))
    with pytest.raises(ModelImportError, match=r"latin\.uvl: cannot read"):
        import_model("uvl", path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("2x USB3,1", "2x USB3;1"), ("a=b", "a:b"), ("  padded\t", "padded"), ("tab\tin", "tab in"), ("", "_")],
)
def test_safe_id(name: str, expected: str) -> None:
    assert safe_id(name) == expected
