"""The curated catalogue's integrity and the learning-path rules."""

import json
from urllib.parse import urlsplit

import pytest

from webapp.analysis.learning_path import (
    DEFAULT_CATALOGUE_PATH,
    CatalogueError,
    Step,
    build_learning_path,
    default_catalogue,
    parse_catalogue,
    plan_weeks,
)
from webapp.analysis.scoring import COMPETENCIES
from webapp.analysis.scoring_types import AnswerScores, CompetencyScore, Evidence, SessionScores, SkillScore


@pytest.fixture(scope="module")
def catalogue():
    return default_catalogue()


def test_every_link_is_a_well_formed_https_url(catalogue):
    assert len(catalogue.items) >= 60
    for item in catalogue.items:
        parts = urlsplit(item.url)
        assert parts.scheme == "https", item.key
        assert "." in parts.hostname and " " not in item.url, item.key
        assert item.title and item.hours > 0 and item.kind in ("resource", "practice")


def test_every_skill_of_the_built_in_positions_is_covered(catalogue, bank):
    for position in bank.positions:
        for skill in position.skills:
            items = [i for i in catalogue.items if i.trains_skill(skill.name)]
            kinds = {i.kind for i in items}
            assert kinds == {"resource", "practice"}, f"{position.key}: {skill.name} has {sorted(kinds)}"
        for question in position.questions:
            for skill in question.skills:
                assert any(i.trains_skill(skill) for i in catalogue.items), skill


def test_every_competency_has_resources_and_practice(catalogue):
    for competency in COMPETENCIES:
        kinds = {i.kind for i in catalogue.items if competency in i.competencies}
        assert kinds == {"resource", "practice"}, competency


def test_every_improvement_hint_has_an_item(catalogue):
    from webapp.reports.labels import HINT

    hinted = {h for i in catalogue.items for h in i.hints}
    assert hinted <= set(HINT)
    for hint in ("state_the_result", "use_star_structure", "cut_fillers", "slow_down", "look_at_the_camera", "pause_less"):
        assert hint in hinted


def test_a_bad_catalogue_lists_every_problem():
    data = json.loads(DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8"))
    data["items"][0]["url"] = "http://insecure.example.com/x"
    data["items"][1]["url"] = "https:/missing-host"
    data["items"][2]["hours"] = 0
    data["items"][3]["competencies"] = ["charisma"]
    data["items"][4]["kind"] = "video"
    data["items"][5]["key"] = data["items"][6]["key"]
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(data)
    message = str(err.value)
    for fragment in ("items[0].url", "items[1].url", "items[2].hours", "items[3].competencies", "items[4].kind", "duplicate keys"):
        assert fragment in message
    with pytest.raises(CatalogueError):
        parse_catalogue({"items": "nope"})


def _competency(name, score, hint=None):
    evidence = () if score is None else (Evidence(name, "x", score, 1.0, 1),)
    return CompetencyScore(name, score, evidence, hint)


def _session(scores: dict, skills=(), hints=None) -> SessionScores:
    hints = hints or {}
    comps = tuple(_competency(c, scores.get(c), hints.get(c)) for c in COMPETENCIES)
    measured = [c for c in COMPETENCIES if scores.get(c) is not None]
    return SessionScores("2.0", comps, 60.0, "possible_match", {c: round(1 / len(measured), 4) for c in measured}, 2,
                         skills=tuple(skills))


def _answer(key, pk=None, ps=None, skills=(), notes=()):
    comps = []
    for c in COMPETENCIES:
        score = {"professional_knowledge": pk, "problem_solving": ps}.get(c)
        if c == "skill_match":
            evidence = tuple(Evidence("skill_match", "skill_in_answer", pk, 1.0, s, None, None, "answers", key) for s in skills)
            comps.append(CompetencyScore(c, pk if skills else None, evidence, None))
        else:
            comps.append(_competency(c, score, "state_the_result" if c == "problem_solving" and ps is not None else None))
    return AnswerScores("2.0", key, tuple(comps), tuple(notes))


def test_gaps_order_items_and_the_week_plan():
    session = _session(
        {"professional_knowledge": 50, "communication": 90, "logical_thinking": 72, "problem_solving": 40, "skill_match": 55},
        skills=[SkillScore("Redis", 3, 40.0, 40.0, ("backend.caching",), "missing"),
                SkillScore("Python", 5, 90.0, 90.0, ("backend.docker",), "shown"),
                SkillScore("Kubernetes", 2, None, None, (), "unknown")],
        hints={"problem_solving": "state_the_result"},
    )
    answers = [_answer("backend.caching", pk=45, ps=50, skills=["Redis", "System Design"]),
               _answer("beh.conflict", ps=20, notes=("off_topic",)),
               _answer("backend.docker", pk=95, ps=90, skills=["Docker"])]
    kinds = {"backend.caching": "technical", "beh.conflict": "behavioural", "backend.docker": "technical"}
    path = build_learning_path(session, answers, kinds, hours_per_week=4)
    names = [(g.kind, g.name) for g in path.gaps]
    assert ("skill", "Redis") in names and ("skill", "System Design") in names
    assert ("competency", "problem_solving") in names and ("competency", "communication") not in names
    assert ("skill", "Python") not in names and ("skill", "Docker") not in names
    assert names.index(("skill", "Kubernetes")) == len(names) - 1  # nothing showed it: last
    assert [g.priority for g in path.gaps] == sorted((g.priority for g in path.gaps), reverse=True)
    catalogue = default_catalogue()
    for step in path.steps:
        item = catalogue.item(step.item)
        assert step.gap_name in item.competencies or item.trains_skill(step.gap_name)
    ps_items = [s.item for s in path.steps if s.gap_name == "problem_solving"]
    assert any("state_the_result" in catalogue.item(k).hints for k in ps_items)
    assert len({s.item for s in path.steps}) == len(path.steps)
    assert [q.question_key for q in path.questions] == ["beh.conflict", "backend.caching"]
    assert path.questions[0].reason == "off_topic"
    assert all(w.hours <= 4 + 1e-9 for w in path.weeks)
    assert sum(w.hours for w in path.weeks) == pytest.approx(path.total_hours)
    assert path.weeks[-1].questions == ("beh.conflict", "backend.caching")
    assert build_learning_path(session, answers, kinds, hours_per_week=4) == path


def test_no_gap_no_plan():
    session = _session({c: 90 for c in COMPETENCIES if c != "presence"})
    path = build_learning_path(session, [_answer("q1", pk=90, ps=90)], {"q1": "technical"})
    assert path.steps == () and path.weeks == () and path.questions == () and path.total_hours == 0


def test_weeks_split_long_items():
    steps = [Step(1, "a", "resource", 3.0, "skill", "X"), Step(2, "b", "resource", 6.0, "skill", "Y")]
    weeks = plan_weeks(steps, [], 4.0)
    assert [w.hours for w in weeks] == [4.0, 4.0, 1.0]
    b_parts = [(e.part, e.parts, e.hours) for w in weeks for e in w.entries if e.item == "b"]
    assert b_parts == [(1, 3, 1.0), (2, 3, 4.0), (3, 3, 1.0)]
    with pytest.raises(ValueError):
        build_learning_path(_session({}), [], {}, hours_per_week=0)
