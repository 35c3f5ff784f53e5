"""The report as HR and candidates read it: ranking, evidence on the page, PDF, comparison,
progress, HR reviews, competency weights and practice mode."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import select

from tests.helpers import csrf_from, login, make_user
from tests.report_helpers import TEXTS, interview, make_bank_position, quiet
from webapp.analysis.scoring import SCORING_VERSION
from webapp.extensions import db
from webapp.models import Report, ReportReview
from webapp.services import reports as report_service


@pytest.fixture
def staff(client):
    make_user()
    return login(client)


@pytest.fixture
def mixed(app):
    position = make_bank_position()
    return interview(position, "Mia Mixed", TEXTS["mixed"])


def _data(session):
    return report_service.current_report(session.id).data


def _main(q):
    scores = {c["competency"]: c["score"] for c in q["scores"]["competencies"]}
    return scores["problem_solving"] if q["kind"] == "behavioural" else scores["professional_knowledge"]


def test_good_weak_and_off_topic_answers_rank_sensibly(mixed):
    data = _data(mixed)
    by_key = {q["key"]: q for q in data["questions"]}
    good, weak, off = by_key["backend.slow_query"], by_key["backend.caching"], by_key["beh.conflict"]
    assert _main(good) > _main(weak) > _main(off)
    assert "off_topic" in off["scores"]["notes"]
    issues = {f["code"]: f for f in data["issues"]}
    assert issues["off_topic"]["questions"] == [off["number"]]
    assert "result_missing" in issues  # the improvement story has no result
    practise = [q["question_key"] for q in data["learning_path"]["questions"]]
    assert practise[0] == "beh.conflict" and "backend.slow_query" not in practise
    assert data["scoring_version"] == SCORING_VERSION and data["scores"]["scoring_version"] == SCORING_VERSION


def test_stronger_candidates_score_higher_overall(app):
    position = make_bank_position()
    overall = {name: _data(interview(position, name.title(), TEXTS[name]))["scores"]["overall"] for name in TEXTS}
    assert overall["good"] > overall["mixed"] > overall["weak"]


def test_rebuilding_with_the_same_version_gives_the_same_report(mixed):
    first = json.dumps(_data(mixed), sort_keys=True)
    report_service.build_report(mixed.id, quiet)
    db.session.expire_all()
    assert json.dumps(_data(mixed), sort_keys=True) == first
    assert json.dumps(report_service.assemble(mixed), sort_keys=True) == first
    assert db.session.scalar(select(db.func.count(Report.id))) == 1


def test_every_number_on_the_page_has_its_evidence(client, staff, mixed):
    page = client.get(f"/interviews/{mixed.id}/report").get_data(as_text=True)
    data = _data(mixed)
    assert "<svg" in page and 'class="radar"' in page
    assert f">{data['scores']['overall']:.0f}<" in page
    assert "Why this band" in page and "Confidence" in page
    for c in data["scores"]["competencies"]:
        if c["score"] is None:
            continue
        section = page.split(f'id="c-{c["competency"]}"', 1)[1].split('class="competency"', 1)[0]
        assert f'{c["score"]:.0f}' in section
        for e in c["evidence"]:
            assert f'>{e["score"]:.0f}<' in section  # every component's points are listed
    # One story on topic (the other is off topic): said of that story, not "1 of 1 stories".
    assert "The story describes the situation but ends without a clear result." in page and "1 of 1" not in page
    assert "Learning path" in page and "Week by week" in page and "Questions to practise again" in page
    first_step = data["learning_path"]["steps"][0]["item"]
    assert data["learning_path"]["items"][first_step]["url"] in page
    assert f"Scoring version</dt><dd>{SCORING_VERSION}" in page


def test_pdf_renders_and_contains_the_scores(client, staff, mixed):
    from pdfminer.high_level import extract_text

    response = client.get(f"/interviews/{mixed.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    day = mixed.completed_at.date().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="interview-report-Mia-Mixed-{day}.pdf"'
    text = extract_text(io.BytesIO(response.data))
    data = _data(mixed)
    assert "Interview report" in text and "Mia Mixed" in text
    assert f"{data['scores']['overall']:.0f}" in text and "Possible match" in text or "Weak match" in text or "Strong match" in text
    for c in data["scores"]["competencies"]:
        if c["score"] is not None:
            assert f"{c['score']:.0f}" in text
    assert "Professional knowledge" in text and "Learning path" in text
    assert re.search(r"Scoring version\s+" + re.escape(SCORING_VERSION), text)
    assert client.get("/interviews/999999/report.pdf").status_code == 404


def test_comparison_orders_candidates_by_the_chosen_competency(client, staff, app):
    position = make_bank_position()
    sessions = {name: interview(position, name.title(), TEXTS[name]) for name in TEXTS}
    scores = {name: {c["competency"]: c["score"] for c in _data(s)["scores"]["competencies"]} for name, s in sessions.items()}
    def order(query: str) -> list[str]:
        table = client.get(f"/positions/{position.id}/compare?{query}").get_data(as_text=True).split('id="compare-table"', 1)[1]
        return sorted(scores, key=lambda n: table.index(f">{n.title()}<"))

    for competency in ("problem_solving", "professional_knowledge", "communication", "logical_thinking"):
        down = [scores[n][competency] for n in order(f"sort={competency}")]
        up = [scores[n][competency] for n in order(f"sort={competency}&order=asc")]
        assert down == sorted(down, reverse=True) and up == sorted(up), competency
    assert order("sort=professional_knowledge")[0] == "good" and order("sort=professional_knowledge")[-1] == "weak"
    page = client.get(f"/positions/{position.id}/compare?sort=charisma").get_data(as_text=True)
    assert "Sorted by overall score" in page and 'class="radar"' in page
    # How much each candidate answered stands beside the scores.
    assert "Answered" in page and page.count(">4 / 4<") == 3


def _headings(table: str) -> dict[str, bool]:
    """Each column heading of the comparison, and whether it is a link that sorts by it."""
    head = table.split("<thead>", 1)[1].split("</thead>", 1)[0]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
    return {re.sub(r"<[^>]+>|[▲▼]", "", c).strip(): 'class="sort' in c for c in cells}


def test_the_comparison_says_which_columns_sort(client, staff, mixed):
    page = client.get(f"/positions/{mixed.position_id}/compare").get_data(as_text=True)
    headings = _headings(page.split('id="compare-table"', 1)[1])
    assert headings["Overall"] and headings["Confidence"] and headings["Professional knowledge"]
    assert not headings["#"] and not headings["Candidate"]
    hint = re.sub(r"\s+", " ", page.split("Sorted by overall score, highest first.", 1)[1].split("</p>", 1)[0]).strip()
    assert all(sorts for name, sorts in headings.items() if name not in ("#", "Candidate")), headings
    assert hint == "Click a column heading to sort by it."


def test_the_comparison_sorts_by_questions_answered(client, staff, app):
    position = make_bank_position()
    some = {k: v for k, v in list(TEXTS["good"].items())[:2]}
    for name, texts in (("All Four", TEXTS["mixed"]), ("Two Only", some), ("Three Of", dict(list(TEXTS["weak"].items())[:3]))):
        interview(position, name, texts)

    def order(query: str) -> list[str]:
        table = client.get(f"/positions/{position.id}/compare?{query}").get_data(as_text=True).split('id="compare-table"', 1)[1]
        return sorted(("All Four", "Two Only", "Three Of"), key=lambda n: table.index(f">{n}<"))

    assert order("sort=answered") == ["All Four", "Three Of", "Two Only"]
    assert order("sort=answered&order=asc") == ["Two Only", "Three Of", "All Four"]
    page = client.get(f"/positions/{position.id}/compare?sort=answered").get_data(as_text=True)
    assert "Sorted by questions answered, highest first." in page and _headings(page)["Answered"]


def test_progress_across_attempts(client, staff, app):
    position = make_bank_position()
    first = interview(position, "Pat Progress", TEXTS["weak"], email="pat@example.org")
    second = interview(position, "Pat Progress", TEXTS["good"], email="pat@example.org")
    assert first.candidate_id == second.candidate_id
    page = client.get(f"/candidates/{first.candidate_id}/progress").get_data(as_text=True)
    assert page.count(f"/interviews/{first.id}/report") == 1 and page.count(f"/interviews/{second.id}/report") == 1
    assert 'class="delta up"' in page and "First and latest attempt" in page
    assert client.get("/candidates/999999/progress").status_code == 404


def test_hr_review_is_stored_apart_and_shown_side_by_side(client, staff, mixed):
    page = client.get(f"/interviews/{mixed.id}/report").get_data(as_text=True)
    csrf = csrf_from(page)
    machine = json.dumps(_data(mixed), sort_keys=True)
    bad = client.post(f"/interviews/{mixed.id}/review", data={"csrf_token": csrf, "rating_communication": "150"})
    assert bad.status_code == 400 and db.session.scalar(select(ReportReview)) is None
    response = client.post(
        f"/interviews/{mixed.id}/review",
        data={"csrf_token": csrf, "rating_communication": "60", "overall": "58", "recommendation": "possible_match",
              "notes": "Strong on databases; probe the caching answer in the next round."},
    )
    assert response.status_code == 302
    review = db.session.scalar(select(ReportReview))
    assert review.ratings == {"communication": 60} and review.overall == 58
    page = client.get(f"/interviews/{mixed.id}/report").get_data(as_text=True)
    assert "probe the caching answer" in page and "HR review" in page
    assert ">60<" in page.split('id="review"', 1)[1]
    assert json.dumps(_data(mixed), sort_keys=True) == machine  # the machine's report is untouched
    client.post(f"/interviews/{mixed.id}/review", data={"csrf_token": csrf, "overall": "70", "notes": ""})
    assert db.session.scalar(select(db.func.count(ReportReview.id))) == 1


def test_competency_weights_edit_and_validation(client, staff, mixed):
    position = mixed.position
    page = client.get(f"/positions/{position.id}/weights").get_data(as_text=True)
    csrf = csrf_from(page)
    fields = {f"weight_{c}": "0" for c in ("professional_knowledge", "skill_match", "communication", "logical_thinking",
                                            "problem_solving", "composure", "presence")}
    bad = client.post(f"/positions/{position.id}/weights", data={"csrf_token": csrf, **fields})
    assert bad.status_code == 400 and "at least one competency" in bad.get_data(as_text=True)
    fields["weight_communication"] = "3"
    fields["weight_professional_knowledge"] = "1"
    negative = client.post(f"/positions/{position.id}/weights", data={"csrf_token": csrf, **fields, "weight_composure": "-1"})
    assert negative.status_code == 400
    response = client.post(f"/positions/{position.id}/weights", data={"csrf_token": csrf, **fields})
    assert response.status_code == 302
    db.session.refresh(position)
    assert position.competency_weights == {"communication": 3.0, "professional_knowledge": 1.0}
    report_service.build_report(mixed.id, quiet)
    db.session.expire_all()
    weights = _data(mixed)["scores"]["weights"]
    assert weights == {"communication": 0.75, "professional_knowledge": 0.25}


def test_practice_mode_shows_candidates_their_own_report_without_staff_notes(client, app):
    position = make_bank_position(practice_mode=True)
    session = interview(position, "Cora Candidate", TEXTS["mixed"])
    staff = make_user()
    db.session.add(ReportReview(session_id=session.id, reviewer_id=staff.id, notes="Private: salary band B", overall=50))
    db.session.commit()
    done = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert f"/i/{session.token}/report" in done
    response = client.get(f"/i/{session.token}/report")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Your interview feedback" in page
    assert "Learning path" in page and 'class="radar"' in page
    assert "salary band" not in page and "HR review" not in page and "Compare candidates" not in page
    pdf = client.get(f"/i/{session.token}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith('attachment; filename="interview-feedback-Cora-Candidate-')

    position.practice_mode = False
    db.session.commit()
    assert client.get(f"/i/{session.token}/report").status_code == 404
    assert "/report" not in client.get(f"/i/{session.token}").get_data(as_text=True)
    assert client.get("/i/not-a-token/report").status_code == 404


def test_report_pages_need_staff(client, mixed):
    for url in (f"/interviews/{mixed.id}/report.pdf", f"/positions/{mixed.position_id}/compare",
                f"/candidates/{mixed.candidate_id}/progress", f"/positions/{mixed.position_id}/weights"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
