"""Field readers on their own: dates, phones, headings, skills vocabulary, page layout."""

from __future__ import annotations

import pytest

from webapp.analysis.resume.contacts import is_phone, phone_candidates
from webapp.analysis.resume.dates import find_range
from webapp.analysis.resume.layout import Box, order_page
from webapp.analysis.resume.model import Line
from webapp.analysis.resume.sections import heading_of, split_sections
from webapp.analysis.resume.skills import load_vocabulary


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Senior Support Engineer, Acme Corp, 2019-2024", "2019", "2024"),
        ("Jan 2019 – Present", "2019-01", "present"),
        ("Sept. 2018 to Aug. 2020", "2018-09", "2020-08"),
        ("03/2018 - 06/2020", "2018-03", "2020-06"),
        ("2019.07-2024.06", "2019-07", "2024-06"),
        ("2019年7月 - 至今", "2019-07", "present"),
        ("2018年9月－2022年6月", "2018-09", "2022-06"),
        ("2019/07 ~ 2024/06", "2019-07", "2024-06"),
        ("Since 2021", "2021", "present"),
    ],
)
def test_date_ranges(text, start, end):
    span = find_range(text)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["2001 1995", "2019 - 2024", "2015-2019", "2019.07-2024.06", "2019.07.15", "1995 2001 2019", "2020"]
)
def test_dates_are_not_phone_numbers(text):
    assert phone_candidates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "+1 555 0100",
        "+1 (512) 555-0143",
        "415.555.0199",
        "+44 20 7946 0958",
        "138 0013 8000",
        "13912345678",
        "+86 139 1234 5678",
        "186-0101-2345",
        "+49 30 901820",
    ],  # fmt: skip
)
def test_phone_numbers(text):
    assert phone_candidates(f"Tel: {text} | x@example.com") == [text]
    assert is_phone(text)


def _line(text, n=1, **kw):
    return Line(text=text, number=n, page=1, **kw)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Work History", "experience"), ("PROFESSIONAL EXPERIENCE", "experience"), ("Employment", "experience"),
        ("E X P E R I E N C E", "experience"), ("工作经历", "experience"), ("二、工作经验", "experience"),
        ("Academic Background", "education"), ("教育背景：", "education"), ("Education / 教育背景", "education"),
        ("Technical Skills", "skills"), ("专业技能", "skills"), ("Skills & Tools", "skills"),
        ("项目经历", "projects"), ("证书", "certifications"), ("语言能力", "languages"),
        ("Licenses & Certifications", "certifications"),
    ],
)  # fmt: skip
def test_headings(text, kind):
    assert heading_of(_line(text), 10.0)[0] == kind


@pytest.mark.parametrize(
    "text", ["Project management", "Led the work history project.", "Python, SQL, Flask", "Head of Customer Experience"]
)
def test_not_headings(text):
    assert heading_of(_line(text, bold=True), 10.0) is None


def test_inline_heading_keeps_its_content():
    blocks = split_sections([_line("Jane Doe"), _line("Skills: Python, Go", 2)])
    assert [(b.kind, b.title, [l.text for l in b.lines]) for b in blocks] == [
        ("preamble", "", ["Jane Doe"]),
        ("skills", "Skills", ["Python, Go"]),
    ]


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Postgres", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("JS", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("项目管理", "Project management"),
        ("golang", "Go"),
        ("sklearn", "scikit-learn"),
        ("ReactJS", "React"),
        ("node.js", "Node.js"),
        ("机器学习", "Machine Learning"),
    ],  # fmt: skip
)
def test_vocabulary_aliases(alias, name):
    assert load_vocabulary().canonical(alias).name == name


def test_required_vocabulary_is_present_with_categories():
    vocabulary = load_vocabulary()
    required = (
        "Python Java Go JavaScript TypeScript React Vue Angular CSS HTML Node.js SQL PostgreSQL MySQL Redis MongoDB "
        "Docker Kubernetes AWS GCP Azure Linux Git GraphQL Flask Django FastAPI Celery Kafka Spark Pandas NumPy "
        "scikit-learn PyTorch TensorFlow NLP Statistics CI/CD Testing Microservices Accessibility Communication "
        "Leadership"
    ).split() + ["REST APIs", "Machine Learning", "Deep Learning", "Data analysis", "System design",
                 "Web performance", "Project management"]  # fmt: skip
    for name in required:
        assert name in vocabulary.by_name, name
        assert vocabulary.by_name[name].category


def test_ambiguous_skills_need_their_exact_form_in_running_text():
    vocabulary = load_vocabulary()
    found = lambda text, listed=False: [m.skill.name for m in vocabulary.find(text, listed=listed)]  # noqa: E731
    assert found("Wrote services in Go and Python") == ["Go", "Python"]
    assert found("we go to market with react hooks") == []
    assert found("go, react", listed=True) == ["Go", "React"]
    assert found("熟悉Python、Django和k8s") == ["Python", "Django", "Kubernetes"]
    assert found("Built a Node.js API; used JavaScript, not Java.") == ["Node.js", "JavaScript", "Java"]


def _box(text, x0, x1, y, size=10.0):
    return Box(text=text, x0=x0, x1=x1, y0=y, y1=y + size, size=size)


def test_sidebar_is_read_before_the_main_column():
    side = [_box(t, 40, 150, 780 - 20 * i) for i, t in enumerate(["Jane Doe", "Skills", "Python", "SQL"])]
    main = [_box(t, 210, 540, 778 - 20 * i) for i, t in enumerate(["Experience", "Engineer, Acme, 2019-2024",
                                                                     "Built things.", "Education"])]  # fmt: skip
    rows = order_page(side + main, 595)
    assert [r.text for r in rows] == ["Jane Doe", "Skills", "Python", "SQL",
                                      "Experience", "Engineer, Acme, 2019-2024", "Built things.", "Education"]  # fmt: skip
    assert [r.column for r in rows] == [0] * 4 + [1] * 4


def test_right_aligned_dates_stay_on_their_row():
    boxes = []
    for i, (company, dates) in enumerate([("Acme Corp", "2019 - 2024"), ("Beta Inc", "2016 - 2019"),
                                          ("Gamma Ltd", "2012 - 2016"), ("Delta", "2010 - 2012")]):  # fmt: skip
        y = 760 - 60 * i
        boxes += [_box(company, 60, 120, y), _box(dates, 480, 535, y), _box("Engineer", 60, 105, y - 15)]
    rows = order_page(boxes, 595)
    assert rows[0].text == "Acme Corp  2019 - 2024"
    assert rows[1].text == "Engineer"
    assert {r.column for r in rows} == {0}


def test_full_width_header_then_two_columns():
    header = [_box("Aisha Bello", 240, 355, 790, 20), _box("a@example.com | +234 803 555 0172", 150, 445, 765)]
    side = [_box(t, 40, 150, 730 - 15 * i) for i, t in enumerate(["Skills", "SQL", "Excel", "Agile"])]
    main = [_box(t, 210, 540, 730 - 15 * i) for i, t in enumerate(["Experience", "PM, Flutterwave, 2021",
                                                                     "Owned the roadmap.", "Education"])]  # fmt: skip
    texts = [r.text for r in order_page(header + side + main, 595)]
    assert texts[:2] == ["Aisha Bello", "a@example.com | +234 803 555 0172"]
    assert texts[2:6] == ["Skills", "SQL", "Excel", "Agile"]


def test_right_aligned_places_stay_on_their_row():
    boxes = []
    for i, (company, place) in enumerate([("Acme Corp", "London, UK"), ("Beta Inc", "Paris"),
                                          ("Gamma Ltd", "New York, NY"), ("Delta", "Berlin")]):  # fmt: skip
        y = 760 - 60 * i
        width = 6 * len(place)
        boxes += [_box(company, 60, 120, y), _box(place, 535 - width, 535, y), _box("- Built it.", 70, 140, y - 15)]
    rows = order_page(boxes, 595)
    assert rows[0].text == "Acme Corp  London, UK"
    assert rows[1].text == "- Built it."
    assert {r.column for r in rows} == {0}


def test_experience_header_with_a_place_in_brackets():
    from webapp.analysis.resume.entries import read_experience

    lines = [_line("Nike Inc. (Remote)  Mar 2020 – Current", 1), _line("Staff Engineer", 2), _line("• Led 6 engineers", 3)]
    (job,) = read_experience(lines)
    assert (job.company.value, job.title.value, job.location.value) == ("Nike Inc.", "Staff Engineer", "Remote")
    assert (job.start.value, job.end.value) == ("2020-03", "present")
    assert [b.value for b in job.bullets] == ["Led 6 engineers"]


def test_programming_languages_under_a_languages_heading_are_skills():
    from webapp.analysis.resume.lists import read_languages, read_skills

    blocks = split_sections([_line("Languages: Python, Go | Tools: Docker, Git", 1), _line("Spanish (native)", 2)])
    vocabulary = load_vocabulary()
    assert [(l.name, l.level) for l in read_languages(blocks, vocabulary)] == [("Spanish", "native")]
    assert {s.name for s in read_skills(blocks, vocabulary)[0]} == {"Python", "Go", "Docker", "Git"}


@pytest.mark.parametrize(
    ("text", "place"),
    [("Austin, TX", True), ("London, UK", True), ("北京市海淀区", True), ("Remote", True), ("上海", True),
     ("Acme Corp, Inc", False), ("Senior Engineer", False), ("Python, SQL", False)],  # fmt: skip
)
def test_places(text, place):
    from webapp.analysis.resume.places import is_place

    assert is_place(text) is place
