import json

import pytest

from webapp.analysis.content import analyse_content
from webapp.analysis.scoring import (
    COMPETENCIES,
    SCORING_VERSION,
    AnswerScores,
    Evidence,
    SessionScores,
    score_answer,
    score_session,
)


@pytest.fixture(scope="module")
def scored(bank, answers, answer_en):
    def run(key, text, **kwargs):
        question = bank.question(key).spec()
        return score_answer(question, analyse_content(question, text), **kwargs)

    good = answers["answers"][0]
    return {
        "good": run("backend.slow_query", good["good_en"]),
        "off": run("backend.slow_query", good["off_topic_en"]),
        "star_full": run("beh.improvement", answers["star_full_en"]),
        "star_no_result": run("beh.improvement", answers["star_no_result_en"]),
        "shared": run("beh.led_team", answer_en),
        "empty": run("beh.conflict", "   "),
        "run": run,
    }


def test_scores_are_bounded_and_unmeasured_is_none(scored):
    for name in ("good", "off", "star_full", "shared"):
        result = scored[name]
        assert result.scoring_version == SCORING_VERSION
        assert [c.competency for c in result.competencies] == list(COMPETENCIES)
        for competency in ("composure", "presence"):
            c = result.get(competency)
            assert c.score is None and c.evidence == ()
        assert result.completeness == 1.0 and result.missing == ()
        for c in result.competencies:
            assert c.score is None or 0 <= c.score <= 100
            assert all(e.competency == c.competency for e in c.evidence)


def test_good_technical_answer_beats_off_topic(scored):
    good, off = scored["good"], scored["off"]
    assert good.get("professional_knowledge").score >= 75
    assert off.get("professional_knowledge").score <= 20
    assert off.get("professional_knowledge").how_to_improve in ("cover_expected_points", "answer_the_question")
    assert "off_topic" in off.notes and "off_topic" not in good.notes
    coverage = next(e for e in good.get("professional_knowledge").evidence if e.code == "coverage")
    assert coverage.quote and coverage.weight == 0.5


def test_behavioural_answers_do_not_score_professional_knowledge(scored):
    assert scored["star_full"].get("professional_knowledge").score is None


def test_missing_result_lowers_problem_solving_and_says_why(scored):
    full, partial = scored["star_full"], scored["star_no_result"]
    assert partial.get("problem_solving").score < full.get("problem_solving").score
    assert partial.get("problem_solving").how_to_improve == "state_the_result"
    assert partial.get("logical_thinking").score < full.get("logical_thinking").score
    star = next(e for e in partial.get("logical_thinking").evidence if e.code == "star")
    assert star.value == "missing: result"


def test_empty_answer_has_no_content_scores(scored):
    empty = scored["empty"]
    assert all(c.score is None for c in empty.competencies)
    assert empty.notes == ("empty_answer",)


def test_spoken_answers_leave_communication_to_voice(scored, bank, answer_en):
    spoken = scored["run"]("beh.led_team", answer_en, answer_mode="spoken")
    assert spoken.get("communication").score is None
    assert spoken.answer_mode == "audio" and spoken.missing == ("no_audio",) and spoken.completeness < 1
    assert spoken.get("logical_thinking").score == scored["shared"].get("logical_thinking").score


def test_same_input_same_scores(scored, bank, answers):
    again = scored["run"]("backend.slow_query", answers["answers"][0]["good_en"])
    assert again == scored["good"]
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(scored["good"].to_dict(), sort_keys=True)
    assert AnswerScores.from_dict(json.loads(json.dumps(again.to_dict()))) == again


def test_other_analyses_plug_in_as_components(bank):
    question = bank.question("beh.led_team").spec()
    voice = [Evidence("composure", "pauses", 80.0, 1.0, "3 long pauses", None, "pause_less", "voice", question.key)]
    result = score_answer(question, None, extra=voice)
    assert result.get("composure").score == 80.0 and result.get("composure").evidence[0].source == "voice"
    assert result.get("logical_thinking").score is None
    assert "no_content_analysis" in result.notes


def test_session_weights_renormalise_over_measured_competencies(scored, bank):
    weights = bank.position("backend_engineer").competency_weights
    answers = [scored[n] for n in ("good", "off", "shared", "empty")]
    session = score_session(answers, weights)
    assert session.get("presence").score is None and "presence" not in session.weights
    assert abs(sum(session.weights.values()) - 1) < 1e-3
    pk = session.get("professional_knowledge")
    assert pk.score == round((scored["good"].get("professional_knowledge").score + scored["off"].get("professional_knowledge").score) / 2, 1)
    expected = sum(session.get(c).score * w for c, w in session.weights.items())
    assert session.overall == pytest.approx(expected, abs=0.1)
    assert session.band in ("strong_match", "possible_match", "weak_match")
    assert SessionScores.from_dict(json.loads(json.dumps(session.to_dict()))) == session
    assert score_session(answers, weights) == session


def test_session_edge_cases(scored):
    assert score_session([], {}).overall is None
    assert score_session([scored["empty"]], {}).band is None
    with pytest.raises(ValueError):
        score_session([scored["good"]], {"charisma": 1.0})
    with pytest.raises(ValueError):
        score_session([scored["good"]], {"communication": -1})
    equal = score_session([scored["good"]], {})
    assert set(equal.weights) == {
        "professional_knowledge", "skill_match", "communication", "logical_thinking", "problem_solving"
    }


def test_clearly_off_topic_stories_earn_no_structure_credit(bank, answers):
    question = bank.question("beh.led_team").spec()
    off = score_answer(question, analyse_content(question, answers["answers"][0]["off_topic_en"]))
    assert off.get("problem_solving").score == 0 and off.get("logical_thinking").score == 0
    capped = [e for e in off.get("problem_solving").evidence if "capped at 0" in str(e.value)]
    assert capped and off.get("communication").score > 50  # the writing itself is still measured
