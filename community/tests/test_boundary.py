"""The privacy promise made visible: community code never reads a health record.

Strangers read the community and moderators run it; massages, check-ins, symptoms, movement
answers, feedback and assessments are private. So every module of community/ (its migrations
included, its tests aside: they make records to show that none leaks) may take from the tracker
app only what carries no one's health:

- ``tracker.models.User``: the account, which stories, replies and reports belong to;
- ``tracker.models.CodeListValidator``: checks that a story's patterns are known codes;
- ``tracker.triage.vocabulary``: the words for codes (massage types, pattern ids and titles);
- ``tracker.mail.mail_task``: how a mail task is retried (it reads nothing).

The one exception is community/own_patterns.py, which offers a person the patterns their own
check-ins matched when they share a story. The source is read with ``ast``, so an import inside
a function counts as much as one at the top; a model named by a string ("tracker.Massage", as a
foreign key or ``apps.get_model`` would take it) counts too.
"""

import ast
import re
from pathlib import Path

import pytest

COMMUNITY = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
THE_ONE_EXCEPTION = COMMUNITY / "own_patterns.py"

# module -> the names community code may import from it (None: the whole module).
ALLOWED = {
    "tracker.models": {"User", "CodeListValidator"},
    "tracker.triage.vocabulary": None,
    "tracker.mail": {"mail_task"},
}
# "tracker.Massage", "tracker.checkin": a model of the tracker named in a string.
MODEL_BY_NAME = re.compile(r"^tracker\.(?!user$)[a-z_]+$", re.IGNORECASE)


def community_modules():
    return sorted(path for path in COMMUNITY.rglob("*.py") if TESTS not in path.parents)


def modules_without_exception():
    return [path for path in community_modules() if path != THE_ONE_EXCEPTION]


def _is_allowed(module, name=None):
    if module in ALLOWED:
        names = ALLOWED[module]
        return names is None or name in names
    # "from tracker.triage import vocabulary" names the module tracker.triage.vocabulary.
    return (
        name is not None and f"{module}.{name}" in ALLOWED and ALLOWED[f"{module}.{name}"] is None
    )


def _dotted(node):
    """``tracker.models.Massage`` for that attribute chain, or None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def tracker_uses(source):
    """Everything ``source`` takes from the tracker app that is not allowed, as dotted names."""
    tree = ast.parse(source)
    found = []
    imported_modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "tracker":
                continue
            for alias in node.names:
                if not _is_allowed(node.module, alias.name):
                    found.append(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "tracker":
                    continue
                if alias.asname is None and alias.name in ALLOWED:
                    imported_modules.add(alias.name)  # judged by what is used from it, below
                elif not _is_allowed(alias.name):
                    found.append(alias.name)
        elif isinstance(node, ast.Constant) and MODEL_BY_NAME.match(str(node.value)):
            found.append(node.value)
    # "import tracker.models" then "tracker.models.Massage": judge each name used.
    for node in ast.walk(tree):
        dotted = _dotted(node) if isinstance(node, ast.Attribute) else None
        if not dotted:
            continue
        for module in imported_modules:
            if dotted.startswith(f"{module}."):
                name = dotted[len(module) + 1 :].split(".")[0]
                if not _is_allowed(module, name):
                    found.append(f"{module}.{name}")
    return sorted(set(found))


@pytest.mark.parametrize(
    "path", modules_without_exception(), ids=lambda path: str(path.relative_to(COMMUNITY))
)
def test_no_community_module_reads_a_health_record(path):
    assert tracker_uses(path.read_text()) == [], (
        f"{path.relative_to(COMMUNITY.parent)} reaches into the health records. The community "
        "never reads them: if a page needs something of a person's own records, it goes "
        "through community/own_patterns.py."
    )


def test_the_one_exception_is_the_person_own_patterns_and_nothing_more():
    uses = tracker_uses(THE_ONE_EXCEPTION.read_text())

    # If it stops reading check-ins, the exception goes: remove it from this test.
    assert uses == ["tracker.models.CheckIn"]


def test_the_walk_covers_the_whole_app():
    names = {str(path.relative_to(COMMUNITY)) for path in community_modules()}

    assert {"models.py", "views.py", "forms.py", "services.py", "own_patterns.py"} <= names
    assert "admin/moderated.py" in names
    assert "migrations/0001_models_moved_from_tracker.py" in names
    assert not any(name.startswith("tests/") for name in names)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from tracker.models import Massage, User", ["tracker.models.Massage"]),
        ("from tracker.models import CheckIn as C", ["tracker.models.CheckIn"]),
        ("from tracker import assessments", ["tracker.assessments"]),
        ("from tracker.triage import assess", ["tracker.triage.assess"]),
        ("import tracker.charts", ["tracker.charts"]),
        ("import tracker.models\ntracker.models.Symptom.objects.all()", ["tracker.models.Symptom"]),
        ("def f():\n    from tracker.history_cache import facts", ["tracker.history_cache.facts"]),
        ("from django.apps import apps\napps.get_model('tracker.Massage')", ["tracker.Massage"]),
        ("models.ForeignKey('tracker.checkin', on_delete=models.CASCADE)", ["tracker.checkin"]),
        # What is allowed: the account, the code validator and the vocabulary.
        ("from tracker.models import CodeListValidator, User", []),
        ("from tracker.triage import vocabulary as v", []),
        ("import tracker.models\ntracker.models.CodeListValidator('PATTERN_IDS', 'x')", []),
        ("models.ForeignKey('tracker.User', on_delete=models.CASCADE)", []),
        ("from .models import Story\nfrom django.db import models", []),
    ],
)
def test_the_walk_finds_every_way_of_reaching_a_record(source, found):
    assert tracker_uses(source) == found
