"""Layers never look up (PREAMBLE, STYLE): an app imports only from the apps before it in LAYERS.

Every module of every app is parsed (not imported) and every import is checked, at the top of the module or
inside a function alike: a late import "to avoid a cycle" is the arrow this test exists to find. A lazy model
reference ("polling.Proxy" in a ForeignKey, apps.get_model("polling", …)) and importlib.import_module("…")
count as imports too. `config` may import anything; tests, bench and scripts are not apps and are exempt.
"""
import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

LAYERS = ["elections", "voters", "candidates", "polling", "counting", "aftermath", "supervision"]
ROOT = Path(settings.BASE_DIR)
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
IMPORTERS = {"import_module", "import_string"}


def _call_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _targets(node):
    """The (line, app-or-module name) that `node` makes its module depend on."""
    if isinstance(node, ast.Import):
        return [(node.lineno, alias.name) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        # Relative imports stay inside their own package.
        return [(node.lineno, node.module)] if node.level == 0 and node.module else []
    if isinstance(node, ast.Call) and node.args:
        name, first = _call_name(node), _literal(node.args[0])
        if first is None:
            return []
        if name in IMPORTERS:
            return [(node.lineno, first)]
        if name in RELATION_FIELDS and "." in first:
            return [(node.lineno, first.split(".")[0])]
        if name == "get_model":
            return [(node.lineno, first.split(".")[0])]
    return []


def upward_imports(app, source, filename="<module>"):
    """[(line, target)] of the imports in `source` (a module of `app`) that reach an app above `app`."""
    floor = LAYERS.index(app)
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        for line, target in _targets(node):
            top = target.split(".")[0]
            if top in LAYERS and LAYERS.index(top) > floor:
                found.append((line, target))
    return sorted(found)


def _project_apps():
    return [config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT]


def test_every_app_of_the_project_has_its_floor():
    assert [name for name in _project_apps() if name not in LAYERS] == []


@pytest.mark.parametrize("app", [name for name in LAYERS if (ROOT / name).is_dir()])
def test_no_module_of_the_app_imports_an_app_above_it(app):
    problems = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for line, target in upward_imports(app, path.read_text(encoding="utf-8"), str(path)):
            problems.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert problems == [], f"{app} sits below these (layers: {' < '.join(LAYERS)}): move the code up instead"


# --- the checker itself ------------------------------------------------------------------------------------

def test_the_checker_finds_an_import_hidden_inside_a_function():
    source = "def f():\n    from polling.selectors import quorum_statuses\n    return quorum_statuses\n"
    assert upward_imports("elections", source) == [(2, "polling.selectors")]


@pytest.mark.parametrize("source,expected", [
    ("import counting.results\n", [(1, "counting.results")]),
    ("from supervision import views\n", [(1, "supervision")]),
    ("resident = models.ForeignKey('candidates.Nominee', on_delete=models.CASCADE)\n", [(1, "candidates")]),
    ("Proxy = apps.get_model('polling', 'Proxy')\n", [(1, "polling")]),
    ("mod = importlib.import_module('counting.documents')\n", [(1, "counting.documents")]),
])
def test_the_checker_finds_every_kind_of_upward_reference(source, expected):
    assert upward_imports("voters", source) == expected


@pytest.mark.parametrize("source", [
    "from elections.models import Election\n",          # below: allowed
    "from .models import Resident\n",                   # its own app
    "from . import documents\n",
    "import datetime\nfrom django.db import models\n",  # not a project app
    "resident = models.ForeignKey('voters.Resident', on_delete=models.PROTECT)\n",
])
def test_the_checker_lets_an_app_use_itself_and_the_floors_below(source):
    assert upward_imports("voters", source) == []
