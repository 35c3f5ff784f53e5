"""The Chinese interface: what the candidate of a ``zh`` interview sees, and the catalog behind it.

The first tests render the candidate's pages through the test client. The
others read the catalog itself: every string of a candidate-facing file has a
Chinese translation (extracted from the sources now, so a string added without
running ``make translations`` fails too), the committed .mo is the compiled .po,
and each translation keeps its msgid's placeholders.

Each page test is its own test function: the ``app`` fixture keeps one app
context for the whole test, and Flask-Babel caches the locale in ``g`` for as
long as that context lives.
"""

from __future__ import annotations

import gettext
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch

from tests.helpers import candidate_csrf, make_position, make_session
from webapp.extensions import db
from webapp.models.base import utcnow

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "webapp" / "translations"
PO = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.mo"

# Every file whose strings reach a candidate: the console under /i/<token>, the resume
# pages under /resumes/i/<token>/... (and what they include), error pages, and the
# messages the services and views give the candidate.
CANDIDATE_FILES = (
    "webapp/templates/base.html",
    "webapp/templates/_forms.html",
    "webapp/templates/console/_recorder.html",
    "webapp/templates/console/_steps.html",
    "webapp/templates/console/base.html",
    "webapp/templates/console/consent.html",
    "webapp/templates/console/done.html",
    "webapp/templates/console/finish.html",
    "webapp/templates/console/question.html",
    "webapp/templates/errors/_error.html",
    "webapp/templates/errors/error.html",
    "webapp/templates/interviews/_progress.html",  # the resume's reading progress
    "webapp/templates/operations/_attempts.html",  # inside that progress bar
    "webapp/templates/resumes/_body.html",
    "webapp/templates/resumes/_console_prompt.html",
    "webapp/templates/resumes/_draft_form.html",
    "webapp/templates/resumes/_macros.html",
    "webapp/templates/resumes/_profile_view.html",
    "webapp/templates/resumes/_saved.html",
    "webapp/templates/resumes/_upload_form.html",
    "webapp/templates/resumes/_upload_state.html",
    "webapp/templates/resumes/candidate.html",
    "webapp/templates/resumes/draft.html",
    "webapp/console/views.py",
    "webapp/errors.py",
    "webapp/services/resume_messages.py",
    "webapp/__init__.py",
    "webapp/resumes/forms.py",
    "webapp/resumes/views.py",
    "webapp/services/media.py",
    "webapp/services/sessions.py",
)

# Strings in those files that only staff see (behind a login, or on HR's side of a
# shared page). They stay untranslated: an empty msgstr falls back to English, like
# the rest of the staff pages.
STAFF_ONLY = {
    # base.html: the staff top bar
    "Interviews", "Positions", "Candidates", "Operations", "Sign out",
    # errors/error.html: shown when signed in
    "Back to the dashboard",
    # interviews/_progress.html: staff buttons
    "Cancel", "Retry",
    # resumes/draft.html: HR's view of a candidate's upload
    "Check the profile read from the resume", "by the candidate", "by %(who)s", "staff", "Download the original",
    # resumes/views.py: HR's routes
    "No candidate with this id.",
    # services/sessions.py: inviting and HR's lookups
    "This position has no questions yet; add at least one before inviting.",
    "Unsupported interview language.",
    "No interview with this id.",
}

HAN = re.compile(r"[\u4e00-\u9fff]")
GOOD = (
    "I would model orders as resources at /orders and /orders/{id}, use GET to read, POST to create "
    "returning 201 Created, PATCH to update and DELETE to cancel."
)


def _read_po():
    with open(PO, "rb") as fh:
        return read_po(fh, locale="zh")


def _consent(client, token: str) -> str:
    csrf = candidate_csrf(client, token)
    response = client.post(f"/i/{token}/consent", data={"agree": "yes", "csrf_token": csrf})
    assert response.status_code == 302
    return csrf


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


# --- the candidate's pages --------------------------------------------------------------


def test_consent_page_is_in_chinese(client, app):
    session = make_session(name="李雷", language="zh")
    page = _page(client, f"/i/{session.token}")
    assert '<html lang="zh">' in page
    for phrase in ("开始之前", "欢迎您，李雷", "本次面试共有 2 个问题", "您的回答将如何使用",
                   "任何数据都不会发送给外部服务", "我已阅读以上内容", "开始面试", "李雷 的面试"):
        assert phrase in page, phrase
    for english in ("Before you start", "How your answers are used", "Start the interview", "Interview for",
                    "Nothing is sent"):
        assert english not in page, english


def test_question_page_and_recorder_are_in_chinese(client, app):
    session = make_session(name="李雷", language="zh")
    csrf = _consent(client, session.token)
    page = _page(client, f"/i/{session.token}")
    for phrase in ("第 1 题，共 2 题", "技术问题", "回答方式", "仅语音", "打字", "打开摄像头和麦克风",
                   "开始录制", "您的回答", "提交回答", "{n} / {limit} 个字符", "最多 20,000 个字符。",
                   "可选：添加您的简历", "添加我的简历"):
        assert phrase in page, phrase
    for english in ("Question 1 of", "Answer by", "Submit answer", "Your answer", "Voice only", "Start recording"):
        assert english not in page, english

    texts = json.loads(re.search(r'<script type="application/json" id="recorder-text">(.*?)</script>', page, re.S).group(1))
    untranslated = {key: text for key, text in texts.items() if not HAN.search(text)}
    assert not untranslated, untranslated
    # Jinja formats every gettext string with %: "%%" in the catalog is one "%" on the page,
    # and the {placeholders} the recorder fills in survive.
    assert texts["uploading"] == "正在上传您的录制：{percent} %"
    assert "{time}" in texts["recorded"] and "{time}" in texts["max_reached"]

    # The second (last) question: the behavioural tip and the last submit button.
    client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": GOOD})
    page = _page(client, f"/i/{session.token}")
    for phrase in ("第 2 题，共 2 题", "行为问题", "提示：", "提交最后一个回答", "提交最后一段录制",
                   "想在这里结束吗？", "结束面试（已回答 1/2 题）"):
        assert phrase in page, phrase


def test_answer_errors_are_in_chinese(client, app):
    session = make_session(language="zh")
    csrf = _consent(client, session.token)
    data = {"csrf_token": csrf, "question_id": session.question_ids[0]}
    empty = client.post(f"/i/{session.token}/answer", data={**data, "text": "   "})
    assert empty.status_code == 400 and "提交前请先填写回答。" in empty.get_data(as_text=True)
    long = client.post(f"/i/{session.token}/answer", data={**data, "text": "字" * 20_001})
    assert long.status_code == 400 and "回答最多 20,000 个字符。" in long.get_data(as_text=True)
    # A recording that matches no question: the upload API answers JSON, in Chinese too.
    response = client.post(f"/i/{session.token}/uploads", json={}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 400
    assert response.get_json()["message"] == "无法确定这段录制对应的问题，请刷新页面。"


def test_finish_and_done_pages_are_in_chinese(client, app):
    session = make_session(position=make_position(practice_mode=True), language="zh")
    csrf = _consent(client, session.token)
    client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": GOOD})

    early = client.get(f"/i/{session.token}/finish").get_data(as_text=True)
    for phrase in ("只回答了 2 个问题中的 1 个，确定要结束吗？", "其余 1 个问题", "现在结束", "返回第 2 题"):
        assert phrase in early, phrase
    assert "Finish with" not in early and "Go back" not in early

    client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[1], "text": "我们沟通后达成了一致。"})
    finish = _page(client, f"/i/{session.token}")
    for phrase in ("所有问题均已回答", "请点击“结束面试”提交您的面试", "结束面试"):
        assert phrase in finish, phrase
    assert "All questions answered" not in finish

    client.post(f"/i/{session.token}/finish", data={"csrf_token": csrf, "confirm": "yes"})
    done = _page(client, f"/i/{session.token}")
    for phrase in ("谢谢，您的面试已完成", "您的回答已保存。招聘团队会与您联系。", "查看您的反馈报告", "您现在可以关闭此页面。"):
        assert phrase in done, phrase
    for english in ("Thank you", "your interview is complete", "You can close this page"):
        assert english not in done, english


def test_expired_link_page_is_in_chinese(client, app):
    session = make_session(language="zh")
    session.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(f"/i/{session.token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "此面试链接已过期，请联系招聘人员获取新链接。" in page and "410 · 面试控制台" in page


def test_resume_page_is_in_chinese(client, app):
    session = make_session(language="zh")
    _consent(client, session.token)
    page = _page(client, f"/resumes/i/{session.token}")
    for phrase in ("您的简历（可选）", "返回面试", "简历（PDF 或 Word .docx）", "上传并读取", "最大 10 MB"):
        assert phrase in page, phrase
    assert "Your resume" not in page and "Upload and read it" not in page


def test_a_refused_resume_says_why_in_chinese(client, app):
    import io

    session = make_session(language="zh")
    csrf = _consent(client, session.token)
    response = client.post(
        f"/resumes/i/{session.token}/upload",
        data={"csrf_token": csrf, "resume": (io.BytesIO(b"Jane Doe\nPython, SQL\n" * 20), "resume.pdf")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 415, 422)
    assert "该文件不是 PDF 或 Word 文档" in page and "plain text" not in page


def test_an_english_interview_stays_in_english(client, app):
    session = make_session(language="en")
    consent_page = _page(client, f"/i/{session.token}")
    assert "How your answers are used" in consent_page and "This interview has 2 questions" in consent_page
    csrf = _consent(client, session.token)
    page = _page(client, f"/i/{session.token}")
    assert "Question 1 of 2" in page and "Answer by" in page and "Submit answer" in page
    assert "Uploading your recording: {percent} %" in page
    client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": GOOD})
    client.post(f"/i/{session.token}/finish", data={"csrf_token": csrf, "confirm": "yes"})
    done = _page(client, f"/i/{session.token}")
    assert "Thank you, your interview is complete" in done
    for text in (consent_page, page, done):
        assert not HAN.search(text), HAN.search(text)


# --- the catalog ------------------------------------------------------------------------


def _candidate_msgids() -> dict[str, list[str]]:
    """msgid -> where it is, extracted from the candidate-facing sources as they are now."""
    with open(ROOT / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found: dict[str, list[str]] = {}
    for relative in CANDIDATE_FILES:
        pattern, method = next((pattern, method) for pattern, method in method_map if pathmatch(pattern, relative))
        options = options_map.get(pattern, {})
        for lineno, message, _comments, _context in extract_from_file(
            method, str(ROOT / relative), keywords=keywords, options=options
        ):
            msgid = message[0] if isinstance(message, (list, tuple)) else message
            found.setdefault(msgid, []).append(f"{relative}:{lineno}")
    return found


def test_every_candidate_string_has_a_chinese_translation():
    catalog = _read_po()
    found = _candidate_msgids()
    assert "Submit answer" in found and "Please write an answer before submitting." in found
    missing = []
    for msgid, where in sorted(found.items()):
        if msgid in STAFF_ONLY:
            continue
        message = catalog.get(msgid)
        strings = (message.string if isinstance(message.string, (list, tuple)) else [message.string]) if message else []
        if message is None or message.fuzzy or not all(strings):
            missing.append(f"{msgid!r} ({', '.join(where)})")
    assert not missing, "no Chinese translation (run `make translations` and translate):\n" + "\n".join(missing)
    stale = sorted(STAFF_ONLY - set(found))
    assert not stale, f"STAFF_ONLY lists strings no candidate file has any more: {stale}"


def test_committed_mo_is_the_compiled_po(tmp_path):
    compiled = tmp_path / "messages.mo"
    with open(compiled, "wb") as fh:
        write_mo(fh, _read_po())  # what `pybabel compile` writes (fuzzy entries left out)
    with open(compiled, "rb") as fh:
        expected = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    with open(MO, "rb") as fh:
        committed = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    differ = sorted(str(k) for k in set(expected) ^ set(committed) | {k for k in expected if committed.get(k) != expected[k]})
    differ = [k for k in differ if k != ""]  # the header carries the compile's own details
    assert not differ, f"messages.mo is not the compiled messages.po (run `make translations`): {differ[:10]}"


# %(name)d / %(name)s (gettext's), {name} (filled in by the page's JavaScript), and %% (a literal %).
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]?\d*(?:\.\d+)?[diouxXeEfFgGcrs]|\{\w+\}|%%")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _stray_percent(text: str) -> int:
    return PLACEHOLDER.sub("", text).count("%")


@pytest.mark.parametrize("message", [m for m in _read_po() if m.id and m.string and any(
    m.string if isinstance(m.string, (list, tuple)) else [m.string])], ids=lambda m: str(m.id)[:60])
def test_translations_keep_their_placeholders(message):
    msgids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    # Chinese has one plural form: it stands for the plural msgid.
    expected = _placeholders(msgids[-1])
    for text in strings:
        assert _placeholders(text) == expected, (text, expected)
        # Jinja %-formats every template string, so a "%" that is no placeholder must be "%%".
        assert _stray_percent(text) == _stray_percent(msgids[-1]), text
        if message.python_format:
            text % _AnyValue()


class _AnyValue(dict):
    """A mapping that gives 1 for every name: formats any %(name)d or %(name)s."""

    def __missing__(self, key):
        return 1


def test_messages_outside_a_request_use_the_default_language(app):
    """A task or a command has no browser to ask: the configured default, no error."""
    from flask_babel import gettext, refresh

    refresh()
    assert gettext("Please write an answer before submitting.") == "Please write an answer before submitting."
