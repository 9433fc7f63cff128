"""Reports from the command line: draw one now, or serve the queue of waiting ones."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from toolkit.core.questionnaire.schema import LANGUAGES
from toolkit.storage.db import db
from toolkit.storage.models import Group, Round


def add_report_commands(app: Flask) -> None:
    app.cli.add_command(report)
    app.cli.add_command(report_worker)


@click.command()
@click.option("--group", "group_id", type=int, help="Report on this group's checks over time.")
@click.option("--round", "round_id", type=int, help="Report on this one check.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def report(group_id: int | None, round_id: int | None, lang: str, output: Path) -> None:
    """Draw a PDF report of a group over time (--group) or of one check (--round)."""
    from toolkit.reports.jobs import render_report
    from toolkit.reports.subjects import NoResults
    from toolkit.services.readers import Reader, ReaderKind

    if (group_id is None) == (round_id is None):
        raise click.UsageError("Give either --group ID or --round ID, not both.")
    round_ = db.session.get(Round, round_id) if round_id is not None else None
    group = round_.group if round_ is not None else db.session.get(Group, group_id)
    if group is None:
        what = f"round {round_id}" if round_id is not None else f"group {group_id}"
        raise click.ClickException(f"There is no {what}; check the number on its page.")
    try:
        # Whoever runs the server's commands sees what the organisation's admins see.
        pdf = render_report(group, round_, lang, Reader(ReaderKind.ADMIN))
        db.session.commit()
    except NoResults:
        raise click.ClickException(
            f"{group.name} has no closed check to report on yet; close one first."
        ) from None
    output.write_bytes(pdf)
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KB).")


@click.command("report-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def report_worker(burst: bool) -> None:
    """Draw queued PDF reports (needs REDIS_URL)."""
    from redis import Redis
    from rq import Worker

    from toolkit.reports.jobs import QUEUE, load_renderer

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set; reports are drawn in the web process.")
    load_renderer()
    Worker([QUEUE], connection=Redis.from_url(url)).work(burst=burst)
