"""Commands to start and run a deployment: ``flask --app wsgi <command>``."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from .extensions import db
from .models import ApiToken, Position, User
from .models.users import ROLES, hash_token

DEMO_EMAIL = "hr@example.com"
DEMO_PASSWORD = "interview-demo"
DEMO_TEMPLATE = "backend_engineer"


def init_cli(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(create_token)
    app.cli.add_command(seed_demo)
    app.cli.add_command(purge_media)


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="hr", show_default=True)
@click.option("--name", default="", help="Display name.")
@click.option("--password", default=None, help="Password; prompted for when omitted.")
def create_user(email: str, role: str, name: str, password: str | None) -> None:
    """Create a staff account, or update the role and password of an existing one."""
    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter("not an email address", param_hint="EMAIL")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="--password")
    user = db.session.scalar(select(User).where(User.email == email))
    created = user is None
    if created:
        user = User(email=email, name=name or email.split("@")[0])
        db.session.add(user)
    user.role = role
    user.set_password(password)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {role} user {email}")


@click.command("create-token")
@click.argument("email")
@click.option("--name", default="cli", help="A label for the token.")
def create_token(email: str, name: str) -> None:
    """Print a new API token for EMAIL (shown once; only its hash is stored)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user {email}; create it with `flask create-user {email}`")
    raw = ApiToken.generate()
    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), prefix=raw[:10], name=name))
    db.session.commit()
    click.echo(raw)


@click.command("seed-demo")
def seed_demo() -> None:
    """Load a demo staff account and a demo position (safe to run again)."""
    from flask import current_app

    from .services import positions as position_service
    from .services import question_bank

    if current_app.config["APP_ENV"] == "production":
        # The demo account's password is printed in the README: never on a real deployment.
        raise click.ClickException("seed-demo is for development: APP_ENV=production has no demo account")

    user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is None:
        user = User(email=DEMO_EMAIL, name="Demo HR", role="admin")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Demo account: {DEMO_EMAIL} / {DEMO_PASSWORD}")
    if db.session.scalar(select(Position).where(Position.template_key == DEMO_TEMPLATE).limit(1)) is None:
        position_service.create_position(question_bank.position_input(DEMO_TEMPLATE), created_by_id=user.id)
        click.echo("Demo position created.")


@click.command("purge-media")
@click.option("--days", type=int, default=None, help="Retention in days (default MEDIA_RETENTION_DAYS).")
def purge_media(days: int | None) -> None:
    """Delete recordings older than the retention period and uploads never finished."""
    from .services.media_retention import purge_media as purge

    result = purge(retention_days=days)
    click.echo(
        f"Deleted {result.recordings} recording(s) past the retention period, "
        f"{result.uploads} abandoned upload(s) and {result.orphans} file(s) no answer refers to."
    )
