"""The web interface: one blueprint per area."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every area of the web interface to the app."""
    from toolkit.web import home
    from toolkit.web import respond
    from toolkit.web import actions, groups, invitations, questionnaires, room, rounds
    from toolkit.web.labels import register_template_helpers

    register_template_helpers(app)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(respond.blueprint)
    for area in (groups, rounds, invitations, questionnaires, room, actions):
        app.register_blueprint(area.blueprint)
