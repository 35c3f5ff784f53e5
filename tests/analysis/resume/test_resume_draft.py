"""The draft document: what a person's edits do to confidence, sources, entries and skills."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp.analysis.resume import draft as drafts
from webapp.analysis.resume import match_skills, parse_resume

SHARED = Path(__file__).resolve().parents[2] / "data" / "resumes" / "shared"


@pytest.fixture(scope="module")
def draft() -> dict:
    return drafts.draft_from_parsed(parse_resume(SHARED / "resume_1col.pdf"))


def unchanged_edits(draft: dict) -> dict:
    """What the form submits when nobody typed anything."""
    v = drafts.value
    edits = {key: v(draft[key]) for key in drafts.SCALARS}
    edits["links"] = [link["url"] for link in draft["links"]]
    for kind in drafts.ENTRY_LISTS:
        line_key = drafts.ENTRY_LINES[kind]
        edits[kind] = [
            {**{name: v(e[name]) for name in drafts.ENTRY_FIELDS[kind]}, "key": e["key"],
             line_key: [b["value"] for b in e[line_key]]}
            for e in draft[kind]
        ]
    edits["skills"] = [s["name"] for s in draft["skills"]] + [f["value"] for f in draft["other_skills"]]
    edits["certifications"] = [c["value"] for c in draft["certifications"]]
    edits["languages"] = [{"name": lang["name"], "level": lang["level"]} for lang in draft["languages"]]
    return edits


def test_first_draft_keeps_the_parsers_fields_with_a_key_per_entry(draft):
    assert draft["name"]["value"] == "Jane Doe" and draft["name"]["source"]["line"] == 1
    assert all(e["key"] for kind in drafts.ENTRY_LISTS for e in draft[kind])
    assert draft["document"]["kind"] == "pdf" and draft["document"]["pages"] == 1
    assert "lines" not in draft  # the text stays with the upload, not in every version


def test_saving_without_changes_changes_nothing(draft):
    again = drafts.merge_edits(draft, unchanged_edits(draft))
    assert again == {k: draft[k] for k in again}
    assert drafts.profile_equal(again, draft)


def test_an_edited_value_is_vouched_for_and_remembers_its_line(draft):
    edits = unchanged_edits(draft) | {"name": "Jane Q. Doe", "phone": ""}
    edited = drafts.merge_edits(draft, edits)
    assert edited["name"] == {
        "value": "Jane Q. Doe", "confidence": 1.0, "source": draft["name"]["source"], "edited": True,
    }  # fmt: skip
    assert edited["phone"] is None
    assert edited["email"] == draft["email"]
    assert not drafts.profile_equal(edited, draft)


def test_entries_follow_their_key_not_their_position(draft):
    edits = unchanged_edits(draft)
    job = edits["experience"][0]
    new_job = {"key": "abc123", "title": "Support Engineer", "company": "Initech", "location": "",
               "start": "2016", "end": "2019", "bullets": ["Answered 40 tickets a day"]}
    edits["experience"] = [new_job, {**job, "title": "Senior Support Lead"}]
    edited = drafts.merge_edits(draft, edits)
    first, second = edited["experience"]
    assert first["key"] == "abc123" and first["confidence"] == 1.0 and first["source"] is None
    assert second["key"] == job["key"]
    assert second["company"] == draft["experience"][0]["company"]  # untouched: same confidence and line
    assert second["title"]["value"] == "Senior Support Lead" and second["title"]["edited"]
    assert second["bullets"] == draft["experience"][0]["bullets"]
    # A row left blank is dropped; a junk key is replaced.
    edits["experience"] = [{"key": "<script>", "title": "X"}, {"key": "zz", "title": "", "bullets": []}]
    (only,) = drafts.merge_edits(draft, edits)["experience"]
    assert only["key"] != "<script>" and only["title"]["value"] == "X"


def test_degree_edits_recompute_the_level(draft):
    edits = unchanged_edits(draft)
    edits["education"][0] = {**edits["education"][0], "degree": "MSc"}
    assert drafts.merge_edits(draft, edits)["education"][0]["level"] == "master"


def test_skills_are_normalised_and_unknown_ones_kept_as_written(draft):
    edits = unchanged_edits(draft)
    edits["skills"] = ["Python", "postgres", "Postgres", "k8s", "Underwater basket weaving", ""]
    edited = drafts.merge_edits(draft, edits)
    names = [s["name"] for s in edited["skills"]]
    assert names == ["Python", "PostgreSQL", "Kubernetes"]
    assert edited["skills"][0] == next(s for s in draft["skills"] if s["name"] == "Python")
    assert edited["skills"][1]["matched"] == "postgres" and edited["skills"][1]["confidence"] == 1.0
    assert [f["value"] for f in edited["other_skills"]] == ["Underwater basket weaving"]


@pytest.mark.parametrize(
    "text, expected",
    [("2019", "2019"), ("2019-07", "2019-07"), ("Jul 2019", "2019-07"), ("2019.7", "2019-07"),
     ("2019年7月", "2019-07"), ("Present", "present"), ("至今", "present"), ("", ""),
     ("soon", None), ("2019 - 2020", None), ("12345", None)],
)
def test_dates_typed_by_a_person(text, expected):
    assert drafts.normalise_date(text) == expected


@pytest.mark.parametrize(
    "text, ok",
    [("+1 555 0100", True), ("138 0013 8000", True), ("", True), ("2001 1995", False),
     ("2019 - 2024", False), ("12", False)],
)
def test_phone_check_refuses_years(text, ok):
    assert drafts.check_phone(text) is ok


def test_a_confirmed_profile_is_matched_on_its_own_text(draft):
    edits = unchanged_edits(draft)
    edits["skills"] = [s for s in edits["skills"] if s != "Flask"]
    edits["experience"][0]["bullets"] = ["Ran the Zendesk rollout for 40 agents."]
    profile = drafts.as_parsed(drafts.merge_edits(draft, edits))
    match = match_skills(profile, [("Flask", 1), ("Zendesk", 1), ("Python", 2)])
    found = {h.skill: h for h in match.matched}
    assert "Flask" not in found  # removed by a person, not found again in the original text
    assert found["Zendesk"].via == "text" and found["Zendesk"].evidence.text.startswith("Ran the Zendesk")
    assert found["Python"].evidence.line == 5  # the resume line the skill came from
