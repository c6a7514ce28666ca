"""Staff: the moderation queue under /staff/<org>/moderation: what families wrote on the idea
boards waits here, with personal data highlighted, to be published (with edits), rejected,
merged, hidden or restored; corrections to the services guide are listed beside it."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.backlog import services as backlog
from webapp.core import personal_data
from webapp.core.database import db
from webapp.core.http.requests import bounded_int
from webapp.guide import services as guide
from webapp.ideas.forms import EditPublishForm
from webapp.ideas.models import REJECT_LABELS, Comment, Idea, RejectReason
from webapp.moderation import services as moderation
from webapp.moderation.blueprints import moderation as bp
from webapp.orgs.services import service_areas
from webapp.staff.access import MANAGERS, guard, owned_or_404

guard(bp, *MANAGERS)  # coordinators and admins


def _item(kind: str, item_id: int):
    return owned_or_404({"idea": Idea, "comment": Comment}[kind], item_id)


@bp.route("")
def queue():
    waiting = moderation.queue(g.organisation)
    return render_template(
        "moderation/queue.html", ideas=waiting["ideas"], comments=waiting["comments"],
        reports=moderation.open_reports(g.organisation), highlights=moderation.highlights,
        reject_labels=REJECT_LABELS, areas=service_areas(g.organisation),
        corrections=guide.pending_corrections(g.organisation))


@bp.route("/<any(idea,comment):kind>/<int:item_id>", methods=["GET", "POST"])
def item(kind: str, item_id: int):
    """One item: publish with edits (redaction), the other actions, with the matches highlighted."""
    item = _item(kind, item_id)
    form = EditPublishForm(obj=item)
    if request.method == "POST" and "redact" in request.form:
        # One click: each match in the text being edited becomes the marker, in the language of the text.
        # Nothing is stored yet; the moderator sees the result and publishes it.
        form.title.data = personal_data.mask(form.title.data, item.locale) if kind == "idea" else form.title.data
        form.body.data = personal_data.mask(form.body.data, item.locale)
    elif form.validate_on_submit():
        try:
            moderation.publish(item, title=form.title.data if kind == "idea" and form.title.data else None,
                               body=form.body.data, despite_personal_data=form.despite_personal_data.data)
        except moderation.ModerationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Published."), "success")
            return redirect(url_for("moderation.queue"))
    title, body = (form.title.data or "") if kind == "idea" else "", form.body.data or ""
    left = {"title": personal_data.find(title), "body": personal_data.find(body)}
    merge_search = request.args.get("merge_q", "")[:100]
    return render_template("moderation/item.html", item=item, kind=kind, form=form, left=left,
                           merge_search=merge_search, history=moderation.history(item),
                           merge_candidates=moderation.merge_candidates(item, merge_search) if kind == "idea" else [],
                           fed_items=backlog.items_fed_by(item) if kind == "idea" else [],
                           highlights=moderation.highlights(item), reject_labels=REJECT_LABELS,
                           personal_marker=personal_data.marker(item.locale),
                           areas=service_areas(g.organisation),
                           reports=moderation.open_reports(g.organisation).get(f"{kind}:{item.id}", []),
                           guide_entries=guide.services_of(g.organisation) if kind == "idea" else [])


ACTIONS = ("publish", "reject", "hide", "restore", "dismiss", "merge", "area", "service")


def _apply(item, action: str) -> None:
    form = request.form
    if action == "publish":
        if personal_data.looks_personal(getattr(item, "title", None), item.body, item.nickname):
            raise moderation.PersonalDataLeft(_("It may contain personal data: open “Edit and publish” to check it."))
        moderation.publish(item)
    elif action == "reject":
        try:
            reason = RejectReason(form.get("reason", ""))
        except ValueError:
            raise moderation.ModerationError(_("Choose a reason for rejecting.")) from None
        moderation.reject(item, reason)
    elif action == "hide":
        moderation.hide(item)
    elif action == "restore":
        moderation.restore(item)
    elif action == "dismiss":
        moderation.dismiss_reports(item)
    elif action == "merge" and isinstance(item, Idea):
        target = db.session.get(Idea, form.get("into", type=bounded_int) or 0)
        if target is None or target.organisation_id != item.organisation_id:  # a form value: a message, not 404
            raise moderation.ModerationError(_("Choose another published idea on the same board."))
        moderation.merge(item, target)
    elif action == "area" and isinstance(item, Idea):
        area_id = form.get("area", type=bounded_int) or None
        if area_id and area_id not in {area.id for area in service_areas(g.organisation)}:
            abort(400)
        moderation.set_service_area(item, area_id)
    elif action == "service" and isinstance(item, Idea):
        service_id = form.get("service", type=bounded_int) or None
        if service_id and not guide.by_ids(g.organisation, [service_id]):
            abort(400)
        moderation.set_service(item, service_id)
    else:
        abort(400)


@bp.route("/<any(idea,comment):kind>/<int:item_id>/<action>", methods=["POST"])
def act(kind: str, item_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    item = _item(kind, item_id)
    try:
        _apply(item, action)
    except moderation.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Done."), "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/bulk", methods=["POST"])
def bulk():
    """The same action on every checked item (publish, reject, hide)."""
    action = request.form.get("action")
    if action not in ("publish", "reject", "hide"):
        abort(400)
    chosen = request.form.getlist("items")
    if not chosen:
        flash(_("Choose at least one item."), "error")
        return redirect(url_for("moderation.queue"))
    if action == "reject" and request.form.get("reason") not in {reason.value for reason in RejectReason}:
        flash(_("Choose a reason for rejecting."), "error")
        return redirect(url_for("moderation.queue"))
    done = skipped = personal = 0
    for value in chosen:
        kind, _sep, ident = value.partition(":")
        try:
            number = bounded_int(ident)
        except ValueError:
            abort(400)
        if kind not in ("idea", "comment"):
            abort(400)
        try:
            _apply(_item(kind, number), action)
            done += 1
        except moderation.PersonalDataLeft:  # never published in bulk: each is checked on its own page
            personal += 1
        except moderation.ModerationError:
            skipped += 1
    db.session.commit()
    flash(_("Done for %(done)d items; %(skipped)d could not be changed.", done=done, skipped=skipped)
          if skipped else _("Done for %(done)d items.", done=done), "success")
    if personal:
        flash(ngettext("%(num)d item was skipped because it may contain personal data. Check it on its own page.",
                       "%(num)d items were skipped because they may contain personal data. Check each on its own "
                       "page.", personal), "error")
    return redirect(url_for("moderation.queue"))
