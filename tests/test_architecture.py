"""The shape of the code that the structure review asked for, kept by the suite: no import
cycle between modules, imports at the top of modules, infrastructure in `webapp/core`."""

from pathlib import Path

from tools.import_graph import cycles, graph

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"


def test_no_module_imports_another_that_imports_it_back():
    edges, _local = graph()
    assert cycles(edges) == []


def test_imports_are_at_the_top_of_modules():
    """Only a feature's `init_app` (which loads its views when the app is built) or a line with a
    comment saying why may import a module of the package inside a function."""
    _edges, local = graph()
    assert local == []


def test_the_package_root_holds_features_not_loose_modules():
    loose = sorted(path.name for path in WEBAPP.glob("*.py") if path.name != "__init__.py")
    assert len(loose) <= 5, loose
    assert (WEBAPP / "core").is_dir() and (WEBAPP / "demo").is_dir()
    assert not list(WEBAPP.rglob("manage.py"))
