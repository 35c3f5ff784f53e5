"""Staff login, roles, CSRF, API tokens and the deployment CLI."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import PASSWORD, csrf_from, login, make_user
from webapp.extensions import db
from webapp.models import ApiToken, User


def test_pages_need_login(client):
    for path in ("/", "/positions/", "/positions/new"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_login_with_wrong_password_is_refused(client):
    make_user()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "hr@example.org", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "Wrong email or password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_and_logout(client):
    make_user()
    token = login(client)
    assert client.get("/").status_code == 200
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_login_ignores_offsite_next(client):
    make_user()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"email": "hr@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_passwords_are_hashed(app):
    user = make_user()
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)


def test_post_without_csrf_token_is_rejected(client):
    make_user()
    login(client)
    response = client.post("/positions/new", data={"title": "X"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_htmx_post_needs_the_csrf_header(client):
    make_user()
    token = login(client)
    headers = {"HX-Request": "true"}
    assert client.post("/interviews/1/analysis", headers=headers).status_code == 400
    # With the header set from <body hx-headers>, the same request gets past CSRF (to a 404).
    response = client.post("/interviews/1/analysis", headers={**headers, "X-CSRFToken": token})
    assert response.status_code == 404


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cli_create_user_and_token(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "Boss@Example.org", "--role", "admin", "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.role == "admin" and user.check_password("long enough pw")

    result = runner.invoke(args=["create-token", "boss@example.org"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    assert raw.startswith("ic_") and len(raw) > 30
    stored = db.session.scalar(select(ApiToken))
    assert stored.token_hash != raw  # only the hash is kept


def test_cli_rejects_bad_input(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["create-user", "x@y.org", "--role", "boss", "--password", "long enough pw"]).exit_code != 0
    assert runner.invoke(args=["create-user", "x@y.org", "--password", "short"]).exit_code != 0
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code != 0 and "no user" in result.output


def test_api_needs_a_valid_token(client, app):
    assert client.get("/api/v1/positions").status_code == 401
    response = client.get("/api/v1/positions", headers={"Authorization": "Bearer ic_wrong"})
    assert response.status_code == 401
    assert response.json["message"]


def test_api_ignores_the_session_cookie(client):
    # A cookie alone must not authorise the API: it would make it forgeable cross-site.
    make_user()
    login(client)
    assert client.get("/api/v1/positions").status_code == 401


def test_seed_demo_is_repeatable(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "Demo position created" in first.output and "Demo position created" not in second.output
    assert db.session.scalar(select(User).where(User.email == "hr@example.com")).role == "admin"


def test_seed_demo_refuses_production(app):
    app.config["APP_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "for development" in result.output
    assert db.session.scalar(select(User).where(User.email == "hr@example.com")) is None


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, app):
    make_user()
    page = client.get("/login").get_data(as_text=True)
    token = csrf_from(page)

    def attempt(password: str, email: str = "hr@example.org"):
        return client.post("/login", data={"email": email, "password": password, "csrf_token": token})

    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert attempt("wrong password").status_code == 401
    locked = attempt(PASSWORD)  # even the right password waits now
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in locked.get_data(as_text=True)
    # Another account from the same address is not locked by these failures.
    make_user("other@example.org")
    assert attempt(PASSWORD, "other@example.org").status_code == 302


def test_a_success_clears_the_failures_and_unknown_emails_count_too(client, app):
    from webapp.models import LoginFailure

    make_user()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        client.post("/login", data={"email": "hr@example.org", "password": "nope nope", "csrf_token": token})
    assert client.post("/login", data={"email": "hr@example.org", "password": PASSWORD, "csrf_token": token}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/positions/").get_data(as_text=True))})
    # No account has this email: it is counted and locked like any other.
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/login", data={"email": "ghost@example.org", "password": "x" * 12,
                                           "csrf_token": token}).status_code == 401
    assert client.post("/login", data={"email": "ghost@example.org", "password": "x" * 12,
                                       "csrf_token": token}).status_code == 429


def test_failures_from_one_address_are_capped_across_accounts(client, app):
    app.config["LOGIN_MAX_FAILURES_PER_IP"] = 3
    make_user()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for n in range(3):
        assert client.post("/login", data={"email": f"guess{n}@example.org", "password": "x" * 12,
                                           "csrf_token": token}).status_code == 401
    assert client.post("/login", data={"email": "hr@example.org", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 429


def test_an_api_token_notes_its_use_at_most_once_a_minute(client):
    from datetime import timedelta

    user = make_user()
    raw = ApiToken.generate()
    from webapp.models.users import hash_token

    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), prefix=raw[:10], name="t"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/positions", headers=headers).status_code == 200
    token = db.session.scalar(select(ApiToken))
    first = token.last_used_at
    assert first is not None
    assert client.get("/api/v1/positions", headers=headers).status_code == 200
    db.session.refresh(token)
    assert token.last_used_at == first  # no write for a second request within the minute
    token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    assert client.get("/api/v1/positions", headers=headers).status_code == 200
    db.session.refresh(token)
    assert token.last_used_at > first


def test_parallel_guesses_get_no_more_tries_than_the_limit(app, live_server):
    """Sign-in attempts sent at once through gunicorn: each is recorded before it is checked."""
    import http.cookiejar
    import re
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    make_user("target@example.org")
    tries = 15
    prepared = []
    for _ in range(tries):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(live_server + "/login", timeout=10).read().decode()
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        prepared.append((opener, urllib.parse.urlencode(
            {"csrf_token": token, "email": "target@example.org", "password": "not the password"}).encode()))
    statuses: list[int] = []
    barrier = threading.Barrier(tries)

    def guess(opener, body):
        barrier.wait()
        try:
            statuses.append(opener.open(live_server + "/login", data=body, timeout=30).status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=guess, args=item) for item in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(statuses) == tries and set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) <= app.config["LOGIN_MAX_FAILURES"], statuses
