"""Staff: events (/staff/<org>/events): open one, print its poster, follow its counts, close it."""

from __future__ import annotations

import segno
from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.http.urls import external_url
from webapp.core.i18n import localize
from webapp.events import services
from webapp.events.blueprints import event_admin as bp
from webapp.events.forms import EventForm
from webapp.events.models import TARGET_LABELS, CrowdEvent, EventTarget
from webapp.ideas.services import boards_of
from webapp.staff.access import MANAGERS, guard, owned_or_404
from webapp.surveys.models import SurveyStatus
from webapp.surveys.services import surveys_of

guard(bp, *MANAGERS)  # events: coordinators and admins


def _targets(open_only: bool = True) -> dict[str, tuple[EventTarget, object | None]]:
    """What an event can be opened for, by the form's value: open boards, open surveys, join."""
    found: dict[str, tuple[EventTarget, object | None]] = {}
    for board in boards_of(g.organisation, open_only=open_only):
        found[f"board:{board.id}"] = (EventTarget.BOARD, board)
    for survey in surveys_of(g.organisation):
        if survey.status is SurveyStatus.OPEN or not open_only:
            found[f"survey:{survey.id}"] = (EventTarget.SURVEY, survey)
    found["join"] = (EventTarget.JOIN, None)
    return found


def _label(target: EventTarget, thing) -> str:
    return f"{TARGET_LABELS[target]}: {localize(thing.title)}" if thing is not None else str(TARGET_LABELS[target])


def public_link(event: CrowdEvent) -> str:
    """The poster's link: the form itself, with the event's code."""
    slug = g.organisation.slug
    if event.target is EventTarget.BOARD:
        board = next((b for b in boards_of(g.organisation) if b.id == event.target_id), None)
        return external_url("ideas.new", org=slug, board=board.slug, event=event.code) if board else ""
    if event.target is EventTarget.SURVEY:
        survey = next((s for s in surveys_of(g.organisation) if s.id == event.target_id), None)
        return external_url("surveys.answer", org=slug, slug=survey.slug, event=event.code) if survey else ""
    return external_url("volunteers.join", org=slug, event=event.code)


def _target_name(event: CrowdEvent) -> str:
    things = {value: thing for value, (_kind, thing) in _targets(open_only=False).items()}
    key = "join" if event.target is EventTarget.JOIN else f"{event.target.value}:{event.target_id}"
    return _label(event.target, things.get(key))


@bp.route("", methods=["GET", "POST"])
def events():
    targets = _targets()
    form = EventForm()
    form.target.choices = [SelectChoice(value, _label(kind, thing)) for value, (kind, thing) in targets.items()]
    if form.validate_on_submit():
        kind, thing = targets[form.target.data]
        event = services.open_event(g.organisation, name=form.name.data, target=kind,
                                    target_id=thing.id if thing is not None else None, hours=form.hours.data,
                                    created_by_id=current_user.id)
        db.session.commit()
        flash(_("The event is open. Print its poster or share its link."), "success")
        return redirect(url_for("event_admin.event", event_id=event.id))
    return render_template("events/events.html", form=form, events=services.events_of(g.organisation),
                           now=utcnow(), target_name=_target_name), 422 if form.errors else 200


@bp.route("/<int:event_id>")
def event(event_id: int):
    event = owned_or_404(CrowdEvent, event_id)
    link = public_link(event)
    qr_svg = segno.make(link, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff",
                                                    omitsize=True) if link else ""
    return render_template("events/event.html", event=event, link=link, qr_svg=qr_svg,
                           display_link=link.split("://", 1)[-1], running=event.is_running(utcnow()),
                           target_name=_target_name(event))


@bp.route("/<int:event_id>/close", methods=["POST"])
def close(event_id: int):
    event = owned_or_404(CrowdEvent, event_id)
    services.close_event(event)
    db.session.commit()
    flash(_("The event is closed: its code no longer raises the limit."), "success")
    return redirect(url_for("event_admin.event", event_id=event.id))
