"""Pure analysis tests: no Flask app, no database. Models load once per test session."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def answers() -> dict:
    return json.loads((DATA / "answers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def answer_en() -> str:
    return (DATA / "answer_en.txt").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="session")
def answer_zh() -> str:
    return (DATA / "answer_zh.txt").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="session")
def bank():
    from webapp.analysis.question_bank import default_question_bank

    return default_question_bank()
