import json

import pytest

from tools.project import BUILD


@pytest.fixture(scope="session")
def ledger() -> list[dict]:
    """build/claims.json, which `make` writes; `make test` builds before testing."""
    path = BUILD / "claims.json"
    if not path.exists():
        pytest.fail("build/claims.json is missing: run `make` (or `make test`) first")
    return json.loads(path.read_text(encoding="utf-8"))
