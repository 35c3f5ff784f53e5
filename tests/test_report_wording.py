"""What the report says, in the words people read: labels instead of internal codes, the unit an
answer was measured in, findings that say what their figures measure, numbers kept on one line
with their units, and the PDF as a download named after the candidate."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from werkzeug.http import parse_options_header

from tests.helpers import login, make_user
from tests.report_demo import filled_answer, fluent_answer, interview_in, make_spoken, spoken
from tests.report_helpers import ANSWERS, TEXTS, interview, make_bank_position, quiet
from webapp.analysis import findings
from webapp.analysis import scoring_media as sm
from webapp.extensions import db
from webapp.reports import labels, sentences
from webapp.reports.evidence import evidence_target, evidence_value
from webapp.reports.pdf import attachment
from webapp.services import reports as report_service

NBSP = "\u00a0"


@pytest.fixture
def staff(client):
    make_user()
    return login(client)


@pytest.fixture
def spoken_mixed(app):
    """The mixed candidate with Q1 and Q2 answered by voice: 7 fillers in Q2's 31 words, none in Q1's 60."""
    session = interview(make_bank_position(), "Mia Mixed", TEXTS["mixed"])
    make_spoken(session, "backend.slow_query", fluent_answer(60))
    make_spoken(session, "backend.caching", filled_answer())
    report_service.build_report(session.id, quiet)
    db.session.expire_all()
    return session


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, styles, scripts or drawings."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script", "svg")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script", "svg")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def _facts(*speeches):
    return [findings.AnswerFacts(n, "technical", True, speech=s) for n, s in enumerate(speeches, start=1)]


def _finding(facts, code):
    strengths, issues = findings.find(facts, None)
    return next(f for f in strengths + issues if f.code == code)


# Findings over several answers


def test_the_fillers_finding_says_it_is_interview_wide_lists_every_filler_and_names_the_worst_answer():
    q1, q2 = fluent_answer(60), filled_answer()
    finding = _finding(_facts(q1, q2), "fillers_high")
    assert finding.params["share"] == "7.7" and finding.params["words"] == "91" and finding.params["n"] == "7"
    assert finding.params["worst"] == "2" and finding.questions == (2,)
    text = plain(sentences.finding_text(finding.to_dict()))
    assert text.startswith("7.7 % of all words spoken were fillers (7 of 91 words: ")
    for kind in ("uh ×2", "um ×2", "basically ×1", "like ×1", "you know ×1"):
        assert kind in text, text
    # The figure quoted for Q2 is the one Q2's own row shows.
    (row,) = [e for e in sm.voice_components("q2", q2) if e.code == "fillers" and e.competency == "communication"]
    assert "(22.6 %)" in row.value and "most in Q2 (22.6 % of its words)" in text


def test_a_long_filler_list_is_cut_with_how_many_more():
    kinds = ["uh", "um", "like", "basically", "actually", "so", "right", "okay"]
    tokens = [w for k in kinds for w in (k, "then", "we", "ship")]
    finding = _finding(_facts(spoken(tokens, set(range(0, len(tokens), 4)))), "fillers_high")
    text = plain(sentences.finding_text(finding.to_dict()))
    assert "and 2 more" in text and text.count("×1") == findings.MAX_KINDS


def test_pace_over_several_answers_names_the_unit_and_the_fastest_answer():
    fast = spoken(fluent_answer(60).transcript.text.split(), seconds_per_word=0.25)  # 240 words a minute
    finding = _finding(_facts(fluent_answer(60), fast), "pace_fast")
    text = plain(sentences.finding_text(finding.to_dict()))
    assert "words a minute over all recorded answers" in text and "wpm" not in text
    assert text.endswith(f"fastest in Q2 ({fast.rate.per_minute:.0f}).")


def test_findings_of_reports_built_before_keep_a_sentence():
    old = {"code": "fillers_high", "params": {"share": "8.0", "kinds": "uh ×2, um ×2, basically ×1", "n": "7"}}
    assert plain(sentences.finding_text(old)).startswith("Filler words were 8.0 % of all words spoken (uh ×2")
    old_pace = {"code": "pace_good", "params": {"rate": "143", "unit": "wpm", "low": "100", "high": "165"}}
    assert plain(sentences.finding_text(old_pace)) == "A steady pace: 143 words a minute, within 100–165."


# Labels, units and line breaks on the page


def test_the_report_shows_labels_and_units_never_internal_codes(client, staff, spoken_mixed):
    page = client.get(f"/interviews/{spoken_mixed.id}/report").get_data(as_text=True)
    text = re.sub(r"https?://\S+", "", visible_text(page))
    said = " ".join(TEXTS["mixed"].values())
    codes = {c for c in re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text) if c not in said}
    assert not codes, codes
    assert not re.search(r"\b(?:wpm|cpm|chars)\b", text)
    assert re.search(r"Answer length</span>: \d+\xa0words \(too short\)", page)
    assert "Language</dt><dd>English</dd>" in page
    assert "Speaking pace</span>: 143\xa0words a minute" in page
    assert "Filler words</span>: 7 in 31\xa0words (22.6\xa0%)" in page
    # Q2's filler issue says what its 7.7 % measures and gives Q2's own figure.
    issues = page.split('class="card issues"', 1)[1].split("</section>", 1)[0]
    assert "7.7\xa0% of all words spoken were fillers" in issues and "most in Q2 (22.6\xa0% of its words)" in issues


def test_a_chinese_answer_measures_sentences_in_characters(client, staff, app):
    texts = {"backend.slow_query": ANSWERS["answers"][0]["good_zh"], "backend.caching": "我会用缓存。它让系统更快。"}
    session = interview_in("zh", make_bank_position(), "王小明", texts)
    data = report_service.current_report(session.id).data
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    section = page.split('id="c-communication"', 1)[1].split('class="competency"', 1)[0]
    assert "Average sentence length (characters)" in section and "(words)" not in section
    assert f"60{NBSP}characters or fewer on average" in section
    caching = next(q for q in data["questions"] if q["key"] == "backend.caching")
    assert caching["content"]["length"]["unit"] == "chars"
    mean = caching["content"]["structure"]["mean_sentence_words"]  # in word units: two characters each
    assert f"{mean * 2:.0f}{NBSP}characters" in section
    assert "Language</dt><dd>Chinese</dd>" in page


@pytest.mark.parametrize(
    ("code", "value", "target", "unit", "shown", "reference"),
    [
        ("length", "31 words (too_short)", "40-350 words", "words", "31 words (too short)", "40–350 words"),
        ("length", "57 chars (adequate)", "80-700 chars", "chars", "57 characters (adequate)", "80–700 characters"),
        ("sentence_length", 14.5, "<= 30 words on average", "chars", "29 characters", "60 characters or fewer on average"),
        ("sentence_length", "17.5; capped at 0: clearly off topic", "<= 30 words on average", "words",
         "17.5 words; capped at 0: clearly off topic", "30 words or fewer on average"),
        ("relevance", "partly_on_topic", "relevance >= 50 is on topic", "words", "partly on topic", "50 or more is on topic"),
        ("star", "missing: result, task", "situation, task, action, result", "words", "missing: result, task",
         "situation, task, action, result"),
        ("actions_and_result", "action found, result missing", None, "words", "action found, result missing", ""),
        ("pace", "198 cpm", "180-280 cpm", "chars", "198 characters a minute", "180–280 characters a minute"),
        ("pitch_variation", "1.2 st (monotone)", ">= 2.5 st", "words", "1.2 semitones (monotone)", "2.5 semitones or more"),
        ("framing", "72 % centred, distance too_far", ">= 80 % centred, distance ok", "words",
         "72 % centred, too far from the camera", "80 % or more centred, at a good distance"),
        ("skill", "Python (answers 92, resume: implied)", ">= 60", "words",
         "Python (answers 92, resume: implied by a related skill)", "60 or more"),
        ("vocabulary", 1.0, "MATTR >= 0.72", "words", "1.00", "MATTR 0.72 or more"),
        ("some_future_code", "a shape not known", "whatever", "words", "a shape not known", "whatever"),
    ],
)
def test_evidence_values_and_references_read_as_words(code, value, target, unit, shown, reference):
    evidence = {"code": code, "value": value, "target": target}
    assert plain(evidence_value(evidence, unit)) == shown
    assert plain(evidence_target(evidence, unit)) == reference


def test_numbers_stay_with_their_units_in_the_reasons(client, staff, spoken_mixed):
    page = client.get(f"/interviews/{spoken_mixed.id}/report").get_data(as_text=True)
    reasons = page.split("Why this band", 1)[1].split("</ul>", 1)[0]
    assert f"{NBSP}%" in reasons and f"{NBSP}/{NBSP}100" in reasons
    assert not re.search(r"\d [%/]", reasons), reasons
    assert labels.tie("with 16 % of the weight, 83 / 100, 2 s, 3 h") == \
        f"with 16{NBSP}% of the weight, 83{NBSP}/{NBSP}100, 2{NBSP}s, 3{NBSP}h"


# The PDF download


@pytest.mark.parametrize(
    ("name", "ascii_name", "full_name"),
    [
        ("Mia Mixed", "interview-report-Mia-Mixed-2026-03-05.pdf", None),
        ("Zoë Ångström", "interview-report-Zoe-Angstrom-2026-03-05.pdf", "interview-report-Zoë-Ångström-2026-03-05.pdf"),
        ("王小明", "interview-report-candidate-7-2026-03-05.pdf", "interview-report-王小明-2026-03-05.pdf"),
        ('Ann "A/B" O\'Neil; x', "interview-report-Ann-A-B-O-Neil-x-2026-03-05.pdf", None),
    ],
)
def test_the_pdf_file_name_is_ascii_safe_with_the_full_name_beside_it(name, ascii_name, full_name):
    header = attachment("interview-report", name, date(2026, 3, 5), fallback="candidate-7")
    assert header.startswith(f'attachment; filename="{ascii_name}"') and header.isascii()
    kind, options = parse_options_header(header)
    assert kind == "attachment"
    assert options["filename"] == (full_name or ascii_name)  # werkzeug prefers filename* (RFC 5987)
    assert ("filename*=UTF-8''" in header) == (full_name is not None)


def test_the_pdf_is_served_as_a_download_and_still_holds_the_scores(client, staff, app):
    from pdfminer.high_level import extract_text

    session = interview(make_bank_position(), "Zoë Ångström", TEXTS["mixed"])
    response = client.get(f"/interviews/{session.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    day = session.completed_at.date().isoformat()
    kind, options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == "attachment" and options["filename"] == f"interview-report-Zoë-Ångström-{day}.pdf"
    assert f'filename="interview-report-Zoe-Angstrom-{day}.pdf"' in response.headers["Content-Disposition"]
    text = extract_text(io.BytesIO(response.data))
    data = report_service.current_report(session.id).data
    assert f"{data['scores']['overall']:.0f}" in text and "Zoë Ångström" in text
    for c in data["scores"]["competencies"]:
        if c["score"] is not None:
            assert f"{c['score']:.0f}" in text


# PDF layout: a competency's name, bar and score on one page, with what follows them


def _pdf_html(client, session_id: int, monkeypatch) -> str:
    import webapp.reports.views as views

    seen = []
    monkeypatch.setattr(views, "cached_pdf", lambda html, base_url=None: seen.append(html) or b"%PDF-")
    client.get(f"/interviews/{session_id}/report.pdf")
    return seen[0]


def _pages_of_elements(html: str) -> dict:
    """Every element of the document, with the pages WeasyPrint laid it out on."""
    from weasyprint import HTML

    from webapp.reports.pdf import _fetcher

    document = HTML(string=html, base_url="http://report.local/", url_fetcher=_fetcher()).render()
    pages: dict = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if getattr(box, "element", None) is not None:
                pages.setdefault(box.element, set()).add(number)
    return pages


def test_the_pdf_keeps_each_competency_name_with_its_bar_and_score(client, staff, mixed_pdf_html):
    """The first competency pushed down the page a little at a time, so it meets the page end."""
    html = mixed_pdf_html
    head = html[: html.index("<main>") + len("<main>")]
    start = html.index('<section class="card" id="competencies">')
    first = html.index('<div class="competency"', start)
    end = html.index('<div class="competency"', first + 1)
    straddled = 0
    for mm in range(236, 268, 3):  # an A4 page holds 267 mm of the report
        pages = _pages_of_elements(f'{head}<div style="height:{mm}mm"></div>{html[start:end]}</section></main></body></html>')
        (bar,) = [el for el in pages if "scorebar" in (el.get("class") or "").split()]
        parts = [child for child in bar if isinstance(child.tag, str)]
        assert [child.get("class") or child.tag for child in parts] == ["strong", "bar", "score"]
        where = set().union(*(pages[child] for child in parts)) | pages[bar]
        assert len(where) == 1, (mm, {child.get("class") or child.tag: pages[child] for child in parts})
        table = next(el for el in pages if el.tag == "table")
        assert min(pages[table]) == min(where), (mm, "the bar was left alone at the foot of a page")
        straddled += min(where) == 2
    assert straddled, "no offset pushed the competency onto the next page: the test checks nothing"


def test_the_pdf_shows_the_confidence_badge_whole(mixed_pdf_html):
    """The badge once shared its class with the recorder's 10 px sound meter (overflow hidden)."""
    from weasyprint import HTML

    from webapp.reports.pdf import _fetcher

    first = HTML(string=mixed_pdf_html, base_url="http://report.local/", url_fetcher=_fetcher()).render().pages[0]
    badge = next(box for box in first._page_box.descendants()
                 if getattr(box, "element", None) is not None and "confidence-level" in (box.element.get("class") or "").split())
    line = max(child.margin_height() for child in badge.descendants() if child is not badge)
    assert badge.style["overflow"] == "visible" and badge.margin_height() >= line


@pytest.fixture
def mixed_pdf_html(client, staff, app, monkeypatch):
    session = interview(make_bank_position(), "Mia Mixed", TEXTS["mixed"])
    return _pdf_html(client, session.id, monkeypatch)


def test_counts_of_one_read_in_the_singular(app):
    from webapp.reports.evidence import _specificity
    from webapp.reports.sentences import finding_text

    assert _specificity("6 figures, 1 tools, 1 examples", "") == "6 figures, 1 named tool, 1 example"
    one = finding_text({"code": "specific", "params": {"n": "8", "answers": "1"}, "questions": [1]})
    many = finding_text({"code": "specific", "params": {"n": "8", "answers": "3"}, "questions": [1, 2, 3]})
    assert "1 answers" not in one and "Backs the answer with specifics: 8" in one
    assert "in 3 answers" in many


# The specifics strength cites the answers that have specifics


def _content(figures=(), tools=(), examples=()):
    """What the findings read of an answer's content analysis, and nothing else."""
    from types import SimpleNamespace

    from webapp.analysis.content_types import Specificity

    return SimpleNamespace(status="ok", relevance=None, star=None, coverage=None, pronouns=None,
                           specificity=Specificity(tuple(figures), tuple(tools), tuple(examples), ()))


def _specific(*contents):
    facts = [findings.AnswerFacts(n, "technical", True, content=c) for n, c in enumerate(contents, start=1)]
    return _finding(facts, "specific")


def test_the_specifics_strength_cites_and_counts_only_the_answers_that_have_specifics(app):
    q1 = _content(figures=("2", "40", "800", "million"), tools=("PostgreSQL", "EXPLAIN", "ANALYZE"), examples=("for example",))
    q3 = _content(figures=("3", "95%"), tools=("Redis", "Celery", "Docker"), examples=("in my last job",))
    finding = _specific(q1, _content(), q3)  # Q2: no figure, tool or example
    assert finding.questions == (1, 3)
    assert finding.params == {"n": "14", "answers": "2", "total": "3"}
    text = plain(sentences.finding_text(finding.to_dict()))
    assert text == "Backs 2 of 3 answers with specifics: 14 figures, named tools and examples."
    every = _specific(q1, q3)
    assert every.questions == (1, 2) and plain(sentences.finding_text(every.to_dict())) == \
        "Backs every answer with specifics: 14 figures, named tools and examples."
    only = _specific(q1)
    assert plain(sentences.finding_text(only.to_dict())) == "Backs the answer with specifics: 8 figures, named tools and examples."
    # A report built before: every analysed answer cited, and its sentence as it was.
    old = {"code": "specific", "params": {"n": "14", "answers": "3"}, "questions": [1, 2, 3]}
    assert plain(sentences.finding_text(old)) == "Backs the answers with specifics: 14 figures, named tools and examples in 3 answers."


# One or several: the words follow the count


@pytest.mark.parametrize(
    ("finding", "text"),
    [
        ({"code": "off_topic", "params": {"n": "1", "total": "3"}}, "1 of 3 answers was off topic."),
        ({"code": "off_topic", "params": {"n": "2", "total": "3"}}, "2 of 3 answers were off topic."),
        ({"code": "off_topic", "params": {"n": "1", "total": "1"}}, "The only analysed answer was off topic."),
        ({"code": "unanswered", "params": {"n": "1", "total": "4"}}, "1 of 4 questions was not answered."),
        ({"code": "unanswered", "params": {"n": "1", "total": "1"}}, "The only question was not answered."),
        ({"code": "points_missed", "params": {"n": "1", "total": "1", "share": "40"}},
         "Misses key points: under half of the expected points covered in the technical answer (40 %)."),
        ({"code": "points_missed", "params": {"n": "1", "total": "3", "share": "60"}},
         "Misses key points: under half covered in 1 of 3 technical answers (60 % of the expected points on average over all of them)."),
        ({"code": "points_covered", "params": {"share": "80"}, "questions": [2]},
         "Covers the key points: 80 % of the expected points of the technical question."),
        ({"code": "result_missing", "params": {"n": "1", "total": "2", "with_situation": "1"}},
         "Answers describe the situation but rarely the result: 1 of 2 stories ends without a clear result."),
        ({"code": "result_missing", "params": {"n": "1", "total": "1", "with_situation": "0"}},
         "The story ends without a clear result."),
        ({"code": "star_complete", "params": {"n": "1"}}, "The story is complete: situation, task, action and result."),
        ({"code": "own_role_unclear", "params": {"n": "1", "total": "1"}},
         "Says “we” far more than “I” in the story, so the candidate's own part is unclear."),
        ({"code": "monotone", "params": {"n": "1", "total": "1"}}, "A flat, monotone voice in the recorded answer."),
        ({"code": "no_speech", "params": {"n": "1"}}, "No speech was detected in 1 recording."),
        ({"code": "no_speech", "params": {"n": "2"}}, "No speech was detected in 2 recordings."),
        ({"code": "no_face_data", "params": {"n": "1"}}, "The face could not be tracked in 1 video: presence is not scored there."),
        ({"code": "skills_weak", "params": {"skills": "Python", "n": "1"}}, "Little evidence of the required skill Python."),
        ({"code": "skills_weak", "params": {"skills": "Python, SQL", "n": "2"}}, "Little evidence of the required skills Python, SQL."),
        ({"code": "skills_shown", "params": {"skills": "Redis"}}, "Shows the required skill Redis."),  # built before the count
        ({"code": "long_pauses", "params": {"n": "1", "seconds": "2", "where": "Q1 0:12", "more": "0", "rate": "3.0",
                                            "answers": "1"}}, "1 pause of 2 s or more, 3.0 a minute (Q1 0:12)."),
        ({"code": "long_pauses", "params": {"n": "3", "seconds": "2", "where": "Q1 0:12", "more": "0"}},
         "3 pauses of 2 s or more (Q1 0:12)."),
        ({"code": "fillers_low", "params": {"share": "0.0", "n": "0", "words": "1", "unit": "words"}},
         "Few filler words: 0.0 % of all words spoken (0 of 1 word)."),
    ],
)
def test_findings_read_in_the_singular_or_the_plural_as_their_counts_say(app, finding, text):
    assert plain(sentences.finding_text(finding)) == text


def test_confidence_reasons_read_in_the_singular_or_the_plural(app):
    assert plain(sentences.confidence_reason_text("unanswered", "2")) == "2 questions not answered"
    assert plain(sentences.confidence_reason_text("unanswered", "1")) == "1 question not answered"
    assert plain(sentences.confidence_reason_text("no_speech", "1")) == "no speech detected in 1 recording"
    assert plain(sentences.confidence_reason_text("no_face_data", "1")) == "face not trackable in 1 video"
    for code in sentences.CONFIDENCE_REASON:
        if code in ("not_measured", "skills_unevidenced"):
            continue
        one, two = sentences.confidence_reason_text(code, "1"), sentences.confidence_reason_text(code, "2")
        assert "(s)" not in one + two and one != two, code
        assert not re.search(r"\b1\W(?:video )?(?:answers|questions|recordings|videos)\b", one), one


@pytest.mark.parametrize(
    ("code", "value", "target", "unit", "shown", "reference"),
    [
        ("length", "1 words (too_short)", "60-400 words", "words", "1 word (too short)", "60–400 words"),
        ("length", "1 chars (too_short)", "120-800 chars", "chars", "1 character (too short)", "120–800 characters"),
        ("pace", "1 wpm", "100-165 wpm", "words", "1 word a minute", "100–165 words a minute"),
        ("fillers", "1 in 1 words (100.0 %)", "< 4 %", "words", "1 in 1 word (100.0 %)", "under 4 %"),
        ("sentence_length", 0.5, "<= 30 words on average", "chars", "1 character", "60 characters or fewer on average"),
    ],
)
def test_evidence_of_one_reads_in_the_singular(app, code, value, target, unit, shown, reference):
    evidence = {"code": code, "value": value, "target": target}
    assert plain(evidence_value(evidence, unit)) == shown
    assert plain(evidence_target(evidence, unit)) == reference


def test_no_s_in_brackets_is_left_in_the_report_wording():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "webapp"
    files = [*(root / "reports").glob("*.py"), *(root / "templates" / "reports").glob("*.html")]
    left = [f"{path.name}: {line.strip()}" for path in files for line in path.read_text(encoding="utf-8").splitlines()
            if re.search(r"[\"'][^\"']*\w\(s\)[^\"']*[\"']", line)]  # "recording(s)" in a string, not f(s)
    assert not left, left


def test_a_one_word_answer_reads_in_the_singular_on_the_page_and_in_the_pdf(client, staff, app, monkeypatch):
    session = interview(make_bank_position(), "Ona One", {"backend.slow_query": "Indexes."})
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    pdf = _pdf_html(client, session.id, monkeypatch)
    for html in (page, pdf):
        assert f"Answer length</span>: 1{NBSP}word (too short)" in html
        assert f"<dt>Length</dt><dd>1{NBSP}word (too short;" in html
        assert "3 questions not answered" in html and "(s)" not in visible_text(html)
        assert not re.search(r"\b1\W(?:answers|questions|recordings|videos|words)\b", visible_text(html))


# Figures and named tools as the answer says them


def test_figures_keep_their_magnitude_word_and_tools_their_neighbour():
    from webapp.reports.specifics import said_figures, said_tools

    said = ["Our API served 2 million requests a day, and p95 was 800 ms.",
            "I ran EXPLAIN ANALYZE in PostgreSQL on 3.5 million rows; a million users felt it."]
    # As content._specificity stores them: pattern by pattern, each distinct item once.
    figures = said_figures(("2", "95", "800", "3.5", "million"), said)
    assert figures.phrases == ["2 million", "95", "800", "3.5 million", "million"] and figures.merged
    tools = said_tools(("API", "PostgreSQL", "EXPLAIN", "ANALYZE"), said)
    assert tools.phrases == ["API", "EXPLAIN ANALYZE", "PostgreSQL"] and tools.merged
    # Nothing next to each other: the items as stored, in the answer's order; one not found again stays.
    apart = said_figures(("40", "5", "two"), ["We cut it to 5, then 40.", "It took two weeks."])
    assert apart.phrases == ["5", "40", "two"] and not apart.merged
    assert said_figures(("12",), ["Nothing here matches."]).phrases == ["12"]
    assert said_tools((), ["I used Redis."]) == ([], False)


def test_the_report_lists_figures_and_tools_as_the_answer_says_them(client, staff, app):
    answer = ("The orders table had 2 million rows, so I ran EXPLAIN ANALYZE in PostgreSQL: "
              "1 sequential scan took 800 ms. An index on customer_id fixed it.")
    session = interview(make_bank_position(), "Fig Ures", {"backend.slow_query": answer})
    content = next(q for q in report_service.current_report(session.id).data["questions"] if q["key"] == "backend.slow_query")["content"]
    assert {"2", "million"} <= set(content["specificity"]["numbers"])  # the analysis stores them apart
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    figures = page.split("<dt>Figures</dt><dd>", 1)[1].split("</dd>", 1)[0]
    tools = page.split("<dt>Named tools</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert figures.startswith("2 million, 1, 800") and "2, " not in figures
    assert f"counted as {len(content['specificity']['numbers'])} figures" in figures
    assert tools.startswith("EXPLAIN ANALYZE, PostgreSQL") and "EXPLAIN, ANALYZE" not in tools
