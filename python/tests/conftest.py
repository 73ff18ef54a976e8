from __future__ import annotations

from pathlib import Path

import pytest

import icigraph

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def g() -> icigraph.Graph:
    return icigraph.open()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded synthetic graph folder, written by the engine's generator."""
    out = tmp_path_factory.mktemp("generated")
    icigraph.generate(2000, 20000, 7, out)
    return out
