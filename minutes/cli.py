"""The `minutes` command: serve, database, organisation, accounts, import, demo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from minutes import migrate
from minutes.access import Actor, Grant
from minutes.app import subscribe_domains
from minutes.auth import service as auth_service
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker, reading
from minutes.errors import DomainError
from minutes.i18n import N_, language, translate
from minutes.orgs import importer
from minutes.orgs import members as orgs_members
from minutes.orgs import service as orgs_service
from minutes.web.errors import translated_details

app = typer.Typer(help="Sổ biên bản sinh hoạt chi bộ điện tử (minutes).", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
org_app = typer.Typer(help="The organisation tree.", no_args_is_help=True)
user_app = typer.Typer(help="Accounts.", no_args_is_help=True)
import_app = typer.Typer(help="Imports from spreadsheets.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(org_app, name="org")
app.add_typer(user_app, name="user")
app.add_typer(import_app, name="import")
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
search_app = typer.Typer(help="The search over the minutes.", no_args_is_help=True)
app.add_typer(search_app, name="search")
reports_app = typer.Typer(help="The figures the oversight reports read.", no_args_is_help=True)
app.add_typer(reports_app, name="reports")

# The operator at the server's console acts for the whole organisation.
CONSOLE = Actor(user_id=0, username="console", full_name="console", grants=(Grant("admin", None, ""),))


@contextmanager
def transaction() -> Iterator[Session]:
    """One committed unit of work on the configured database; a domain error exits with its message."""
    subscribe_domains()
    engine = make_engine(get_settings().database_url)
    session = make_sessionmaker(engine)()
    try:
        yield session
        session.commit()
    except DomainError as refused:
        session.rollback()
        lines = [
            refused.message,
            *(f"- {d['field']}: {d['message']}" for d in translated_details(refused.details)),
        ]
        typer.echo("\n".join(lines), err=True)
        raise typer.Exit(code=1) from refused
    finally:
        session.close()
        engine.dispose()


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (use PostgreSQL for more than one).")] = 1,
) -> None:
    """Serve the app."""
    import uvicorn

    uvicorn.run(
        "minutes.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        server_header=False,
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring an empty or older database to the current schema."""
    migrate.upgrade(get_settings().database_url)
    typer.echo("ok")


@db_app.command("app-role")
def db_app_role(
    role: str,
    apply: Annotated[
        bool, typer.Option(help="Run the grants (as the tables' owner) instead of printing them.")
    ] = False,
) -> None:
    """The PostgreSQL grants for the app's own role: it can append to the audit log, never rewrite it."""
    statements = migrate.app_role_statements(role)
    if not apply:
        typer.echo(";\n".join(statements) + ";")
        return
    engine = make_engine(get_settings().database_url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()
    typer.echo("ok")


@db_app.command("record-facts")
def db_record_facts() -> None:
    """Write into minutes stored without them the names, statuses and units of today, once."""
    from minutes.meetings import backfill

    with transaction() as session, language("vi"):
        count = backfill.record_missing(session)
        typer.echo(translate(N_("Facts were recorded in {count} versions of minutes."), count=count))


@org_app.command("create-root")
def create_root(name: str, kind: Annotated[str, typer.Option()] = "committee") -> None:
    """Create a unit at the top of the tree; prints its id alone on the last line."""
    with transaction() as session:
        unit = orgs_service.create_root(session, name=name, kind=kind)
    typer.echo(f"{unit.name}")
    typer.echo(str(unit.id))


@user_app.command("create-admin")
def create_admin(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
    org_unit_id: Annotated[int | None, typer.Option("--org-unit-id")] = None,
) -> None:
    """Create an administrator of a unit (or of the whole tree)."""
    with transaction() as session:
        user = auth_service.create_admin(
            session, username=username, password=password, org_unit_id=org_unit_id
        )
    typer.echo(f"{user.username} ({user.id})")


@user_app.command("sign-out-all")
def sign_out_all() -> None:
    """End every browser session and API token of every account (after a suspected breach)."""
    with transaction() as session:
        sessions, tokens = auth_service.sign_out_all(session, actor=CONSOLE)
    with language("vi"):
        typer.echo(
            translate(
                N_("Signed out: {sessions} browsers, {tokens} API tokens."), sessions=sessions, tokens=tokens
            )
        )


@import_app.command("members")
def import_members(file: Path, branch: Annotated[int, typer.Option("--branch")]) -> None:
    """Import a member list (CSV or XLSX) into a branch: every row, or none if any is bad."""
    preview = importer.parse_member_file(file.read_bytes(), file.name)
    if not preview.ok:
        for problem in preview.problems:
            typer.echo(problem.text, err=True)
        raise typer.Exit(code=1)
    with transaction() as session:
        members = orgs_members.import_members(
            session, actor=CONSOLE, unit_id=branch, rows=importer.as_fields(preview)
        )
    typer.echo(f"{len(members)}")


@audit_app.command("verify")
def audit_verify(
    head: Annotated[str | None, typer.Option(help="SEQ:HASH printed by an earlier check.")] = None,
) -> None:
    """Check the audit log's whole hash chain; exit 1 naming the first event that does not match."""
    from minutes.audit import report

    settings = get_settings()
    with language("vi"):
        code, lines = report.verify_database(
            settings.database_url, head=head, anchor_file=settings.audit_anchor_file
        )
    typer.echo("\n".join(lines), err=code != 0)
    raise typer.Exit(code=code)


@audit_app.command("anchor")
def audit_anchor() -> None:
    """Write the log's head to the anchor file (MINUTES_AUDIT_ANCHOR_FILE) and to MINUTES_AUDIT_ANCHOR_URL."""
    from minutes.audit import anchors
    from minutes.audit import service as audit_service

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(reading(engine))() as session:
            anchor = anchors.current(session)
    finally:
        engine.dispose()
    key = audit_service.chain_key()
    anchors.append(settings.audit_anchor_file, anchor, key)
    typer.echo(f"{anchor.seq}:{anchor.hash} → {settings.audit_anchor_file}")
    if settings.audit_anchor_url:
        try:
            status = anchors.send(settings.audit_anchor_url, anchor, key)
        except OSError as failed:
            with language("vi"):
                message = translate(
                    N_(
                        "Could not send the anchor to {url}: {error}. It is in the file; send it again later."
                    ),
                    url=settings.audit_anchor_url,
                    error=str(failed),
                )
            typer.echo(message, err=True)
            raise typer.Exit(code=1) from failed
        typer.echo(f"{anchor.seq}:{anchor.hash} → {settings.audit_anchor_url} ({status})")


@search_app.command("reindex")
def search_reindex() -> None:
    """Rebuild the search index from the current text of every minutes."""
    from minutes.search import service as search

    with transaction() as session, language("vi"):
        count = search.reindex(session)
        typer.echo(translate(N_("The search index was rebuilt: {count} minutes."), count=count))


@reports_app.command("retally")
def reports_retally() -> None:
    """Count every member's yearly attendance again from the roll-calls of all minutes."""
    from minutes.reports import attendance

    with transaction() as session, language("vi"):
        count = attendance.retally(session)
        typer.echo(translate(N_("Attendance was counted again: {count} member-years."), count=count))


@app.command()
def reminders() -> None:
    """Print what is due or late for every active account, one line each, for a scheduler to send on."""
    from sqlalchemy import select

    from minutes.auth.models import User
    from minutes.review import reminders as due

    with transaction() as session, language("vi"):
        for user in session.scalars(select(User).where(User.is_active).order_by(User.username)):
            actor = auth_service.load_actor(session, user=user)
            for item in due.reminders_for(session, actor=actor, settings=get_settings()):
                state = "TRỄ HẠN" if item.late else "đến hạn"
                typer.echo(f"{user.username}\t{state} {item.due_on:%d/%m/%Y}\t{item.text}\t{item.link}")


@app.command("backup")
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database while it serves; the copy's audit chain must verify."""
    from minutes import backup

    with language("vi"):
        try:
            copy = backup.backup(get_settings().database_url, path)
        except backup.BackupError as failed:
            typer.echo(str(failed), err=True)
            raise typer.Exit(code=1) from failed
        typer.echo(translate(N_("Backup written: {path} ({size} bytes)."), path=copy.path, size=copy.size))
        typer.echo("\n".join(copy.lines))


@app.command("restore")
def restore_command(path: Path) -> None:
    """Load a backup into the empty database of MINUTES_DATABASE_URL; its audit chain must verify."""
    from minutes import backup

    with language("vi"):
        try:
            copy = backup.restore(path, get_settings().database_url)
        except backup.BackupError as failed:
            typer.echo(str(failed), err=True)
            raise typer.Exit(code=1) from failed
        typer.echo(translate(N_("Restored from {path}."), path=copy.path))
        typer.echo("\n".join(copy.lines))


@app.command()
def demo(
    database: Annotated[Path, typer.Option(help="The demo's own SQLite file.")] = Path("minutes-demo.db"),
    host: str = "127.0.0.1",
    port: int = 8000,
    serve_it: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Build the demo anew even if its file exists.")
    ] = False,
) -> None:
    """Seed a realistic district into its own SQLite file (kept between starts), print its accounts,
    and serve it on the demo's own clock (the last day of its year)."""
    import os

    from minutes import demo as demo_data

    if serve_it and not _port_is_free(host, port):
        # In both languages: whoever starts the demo may not read Vietnamese yet.
        said = []
        for code in ("vi", "en"):
            with language(code):
                said.append(translate(PORT_TAKEN, port=port))
        typer.echo("\n".join(said), err=True)
        raise typer.Exit(code=1)
    url = f"sqlite:///{database.resolve()}"
    subscribe_domains()
    if fresh or not database.exists():
        accounts, summary = demo_data.build(url)
        typer.echo(summary)
    else:
        migrate.upgrade(url)
        accounts = demo_data.account_lines(demo_data.plan(2019))
        with language("vi"):
            typer.echo(translate(DEMO_KEPT, file=str(database)))
    for account in accounts:
        typer.echo(account)
    if serve_it:
        # Its accounts are printed for anyone trying it: a phone app per account would be in the way.
        if os.environ.setdefault("MINUTES_TOTP_REQUIRED_ROLES", "") == "":
            with language("vi"):
                typer.echo(translate(DEMO_FACTOR))
        os.environ["MINUTES_DATABASE_URL"] = url
        # Its reminders and reports read as they would have at the end of its own year.
        os.environ.setdefault("MINUTES_TODAY", demo_data.AS_OF.isoformat())
        get_settings.cache_clear()
        serve(host=host, port=port)


PORT_TAKEN = N_("Port {port} is taken: run `make demo PORT=8001` (or another free port).")
DEMO_FACTOR = N_(
    "In the demo the second factor is optional; a real installation requires it of administrators "
    "and reviewers (MINUTES_TOTP_REQUIRED_ROLES)."
)
DEMO_KEPT = N_("{file}: the demo data is kept as it is (add --fresh to build it anew).")


def _port_is_free(host: str, port: int) -> bool:
    """Whether the server could listen on the port (checked before seeding, not after)."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True
