"""`toolkit tick` for cron, and `toolkit worker` for installs with Redis."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


def add_routine_commands(app: Flask) -> None:
    app.cli.add_command(tick)
    app.cli.add_command(worker)
    app.cli.add_command(email_retry)


@click.command()
@with_appcontext
def tick() -> None:
    """Close rounds whose closing day has passed, send reminders and emails that are due.

    Run it every few minutes from cron; running it twice at once does nothing twice.
    """
    from toolkit.services.routine import tick as run_tick

    click.echo(str(run_tick()))


@click.command()
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Send emails, draw PDF reports and run the routine's scheduled work (needs REDIS_URL)."""
    from redis import Redis
    from rq import Worker

    from toolkit.reports.jobs import QUEUE as REPORT_QUEUE
    from toolkit.reports.jobs import load_renderer
    from toolkit.services.outbox import QUEUE as EMAIL_QUEUE
    from toolkit.services.routine import schedule_ticks

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set; run `toolkit tick` from cron instead (see the README)."
        )
    schedule_ticks(url, timedelta(0))
    load_renderer()
    Worker([EMAIL_QUEUE, REPORT_QUEUE], connection=Redis.from_url(url)).work(
        burst=burst, with_scheduler=True
    )


@click.command("email-retry")
@with_appcontext
def email_retry() -> None:
    """Try again every email that could not be sent, e.g. once the mail server is fixed."""
    from toolkit.services.outbox import send_waiting, try_failed_again

    moved = try_failed_again()
    send_waiting()
    click.echo(f"{moved} email(s) will be tried again.")
