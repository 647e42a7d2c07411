"""Shared fixtures, and the marks that let `make check` leave out the slow tests.

Three marks sort the tests (pyproject.toml registers them): ``browser`` (opens Chromium),
``built`` (reads build/, which `make` writes) and ``notebook`` (starts a Jupyter kernel or a
new virtual environment). A test that asks for the ``browser`` or ``visit`` fixture is marked
``browser``, and one that asks for ``ledger`` is marked ``built``, without saying so;
the others carry their mark by hand. `make check` runs the tests with none of the three.
"""

import json
import os
from collections.abc import Iterator

import pytest

from tools import handouts
from tools.project import BUILD

MARK_BY_FIXTURE = {"browser": "browser", "visit": "browser", "ledger": "built"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by the fixtures it asks for (see the module docstring)."""
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            if fixture in MARK_BY_FIXTURE:
                item.add_marker(MARK_BY_FIXTURE[fixture])


@pytest.fixture(scope="session")
def ledger() -> list[dict]:
    """build/claims.json, which `make` writes; `make test` builds before testing."""
    path = BUILD / "claims.json"
    if not path.exists():
        pytest.fail("build/claims.json is missing: run `make` (or `make test`) first")
    return json.loads(path.read_text(encoding="utf-8"))


# --- a real browser, for every browser test ------------------------------------------------
# Debian's chromium driven by Playwright (never a downloaded browser). Without it the browser
# tests skip, except in CI (CI=true), where they fail.

# The same Chromium and flags print the handouts (tools/handouts.py).
CHROMIUM = handouts.CHROMIUM
ARGS = handouts.CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (Debian: sudo apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (it is in requirements-dev.txt)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run in CI: {problem}")
        pytest.skip(problem)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
