"""The web interface: one blueprint per area."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every area of the web interface to the app."""
    from toolkit.services.audit import SIGNED_IN
    from toolkit.services.labels import register_template_helpers
    from toolkit.web import (
        access,
        account,
        actions,
        adapting,
        admin,
        agreeing,
        api,
        auth,
        exports,
        groups,
        home,
        inputs,
        invitations,
        joining,
        managing,
        questionnaires,
        reports,
        respond,
        results,
        room,
        rounds,
        routine,
        safety,
        sign_in_with,
        static,
    )

    app.extensions[SIGNED_IN] = access.current_account
    # Before any blueprint: the id converter must be in place when their routes are added.
    inputs.init_app(app)
    app.before_request(access.load_account)
    app.jinja_env.globals["current_account"] = access.current_account
    register_template_helpers(app)
    safety.init_app(app)
    static.init_app(app)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(sign_in_with.blueprint)
    app.register_blueprint(account.blueprint)
    app.register_blueprint(joining.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(exports.blueprint)
    app.register_blueprint(respond.blueprint)
    app.register_blueprint(results.blueprint)
    app.register_blueprint(reports.blueprint)
    for area in (
        groups,
        rounds,
        invitations,
        questionnaires,
        managing,
        adapting,
        room,
        agreeing,
        actions,
        routine,
    ):
        app.register_blueprint(area.blueprint)
    safety.limit_requests(app)
