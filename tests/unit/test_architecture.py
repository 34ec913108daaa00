"""The direction of imports: a pure core, one store module for boto3, Chalice only in the API."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INFRASTRUCTURE = {"boto3", "botocore", "chalice", "mkdocs", "material", "moto"}
PURE = [
    "lis1/catalog",
    "lis1/domain",
    "lis1/services",
    "lis1/feeds.py",
    "lis1/feed_history.py",
    "lis1/oslo.py",
    "lis1/norwegian.py",
    "lis1/identity.py",
    "lis1/errors.py",
    "lis1/clock.py",
    "lis1/validation.py",
]
ONLY_IN = {
    "boto3": {
        "lis1/store/dynamo/client.py",
        "lis1/store/dynamo/codec.py",
        "lis1/store/ses.py",
        "lis1/store/secrets.py",
        # Deployment talks to AWS itself; it never runs in Lambda.
        "lis1/deploy/deploy.py",
        "lis1/deploy/settings.py",
    },
    "botocore": {
        "lis1/deploy/deploy.py",
        "lis1/store/dynamo/client.py",
        "lis1/store/dynamo/tx.py",
        "lis1/store/dynamo/table.py",
    },
    "chalice": {
        "lis1/api/app.py",
        "lis1/api/views.py",
        "lis1/api/gateway.py",
        "lis1/deploy/package.py",
    },
    "mkdocs": {"lis1/site/build.py", "lis1/site/hooks.py"},
    "moto": {"lis1/devserver.py", "lis1/devtools/calls.py"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(entry: str) -> list[Path]:
    path = ROOT / entry
    return [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def test_core_imports_no_infrastructure() -> None:
    files = [p for entry in PURE for p in python_files(entry)]
    assert len(files) > 10
    for path in files:
        assert not (imported_modules(path) & INFRASTRUCTURE), path


def test_each_infrastructure_library_is_imported_in_one_place() -> None:
    for path in python_files("lis1"):
        relative = path.relative_to(ROOT).as_posix()
        for library in imported_modules(path) & ONLY_IN.keys():
            assert relative in ONLY_IN[library], f"{relative} importerer {library}"


def test_generated_output_never_reads_the_clock_or_random() -> None:
    for path in (ROOT / "lis1/feeds.py", ROOT / "lis1/feed_history.py"):
        assert not imported_modules(path) & {"random", "uuid", "time"}
        text = path.read_text(encoding="utf-8")
        for call in (".now(", ".today(", ".utcnow("):
            assert call not in text


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_imports(path: Path) -> set[str]:
    """Every lis1 module ``path`` imports, anywhere in it: at the top, inside functions and in
    TYPE_CHECKING blocks alike."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("lis1")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            if base.startswith("lis1"):
                found.add(base)
                found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_no_import_cycles_anywhere_in_the_package() -> None:
    modules = {_module_name(p): p for p in python_files("lis1")}
    graph = {
        name: sorted(m for m in _package_imports(path) if m in modules and m != name)
        for name, path in modules.items()
    }
    # A package's __init__ importing its own modules is no cycle of code; leave those edges out.
    graph = {
        name: [m for m in targets if not m.startswith(f"{name}.")]
        for name, targets in graph.items()
    }
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for target in graph[node]:
            if seen.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                raise AssertionError("importsirkel: " + " -> ".join(cycle))
            if target not in seen:
                visit(target)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)


def test_no_module_over_300_lines_without_saying_why() -> None:
    for path in python_files("lis1"):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        reason = "Over 300 lines:" in (ast.get_docstring(ast.parse(text)) or "")
        assert lines <= 300 or (reason and lines <= 400), f"{path.relative_to(ROOT)}: {lines}"
