import json

import pytest

from webapp.analysis.calibration import bank_fingerprint
from webapp.analysis.question_bank import (
    DEFAULT_BANK_PATH,
    QuestionBankError,
    QuestionSpec,
    parse_question_bank,
)
from webapp.analysis.scoring import COMPETENCIES


def test_shipped_bank_is_valid_and_complete(bank):
    assert len(bank.positions) >= 3
    assert {"backend_engineer", "data_ml_engineer", "frontend_engineer"} <= {p.key for p in bank.positions}
    assert len(bank.behavioural) >= 8
    for position in bank.positions:
        assert 6 <= len(position.questions) <= 8
        assert all(1 <= s.weight <= 5 for s in position.skills)
        assert set(position.competency_weights) <= set(COMPETENCIES)
    for question in bank.questions():
        assert question.text and question.text_zh
        assert 3 <= len(question.expected_points) == len(question.expected_points_zh) <= 5
        assert question.skills and question.max_duration_s >= 30
    keys = [q.key for q in bank.questions()]
    assert len(keys) == len(set(keys))


def test_canonical_skill_names(bank):
    skills = {s.name for p in bank.positions for s in p.skills}
    assert {"Python", "PostgreSQL", "Docker", "Kubernetes", "REST APIs", "React", "TypeScript", "CSS",
            "Machine Learning", "SQL", "Git"} <= skills


def test_calibration_was_computed_on_this_bank(bank):
    stored = json.loads((DEFAULT_BANK_PATH.parent.parent / "analysis" / "data" / "calibration.json").read_text())
    assert stored["bank_fingerprint"] == bank_fingerprint(bank), "run: python -m webapp.analysis.calibration"


def test_every_problem_is_reported_with_its_place():
    data = json.loads(DEFAULT_BANK_PATH.read_text(encoding="utf-8"))
    first = data["positions"][0]["questions"][0]
    first["kind"] = "trivia"
    first["expected_points_zh"] = ["only one"]
    data["positions"][1]["skills"][0]["weight"] = 9
    data["positions"][2]["questions"][1]["key"] = data["positions"][2]["questions"][0]["key"]
    with pytest.raises(QuestionBankError) as info:
        parse_question_bank(data)
    message = str(info.value)
    assert "positions[0].questions[0].kind" in message
    assert "positions[0].questions[0].expected_points_zh" in message
    assert "positions[1].skills[0].weight" in message
    assert "duplicate question keys" in message


def test_spec_round_trip_and_language_choice(bank):
    spec = bank.question("backend.slow_query").spec()
    assert QuestionSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    assert spec.text_for("zh") == spec.text_zh and spec.text_for("en") == spec.text
    custom = QuestionSpec(text="Why do you want this job?", kind="behavioural")
    assert custom.text_for("zh") == custom.text and custom.points_for("zh") == ()
