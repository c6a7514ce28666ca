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
from webapp.core.pagination import page_number, paginate
from webapp.guide import services as guide
from webapp.ideas.forms import EditPublishForm
from webapp.ideas.models import REJECT_LABELS, Comment, Idea, RejectReason
from webapp.ideas.services import boards_of
from webapp.moderation import services as moderation
from webapp.moderation.blueprints import moderation as bp
from webapp.orgs.services import service_areas
from webapp.staff.access import MANAGERS, guard, owned_or_404

guard(bp, *MANAGERS)  # coordinators and admins


def _reject_labels() -> dict:
    """The reasons, translated once per page (each item's reject form lists them all)."""
    return {reason: str(label) for reason, label in REJECT_LABELS.items()}


def _item(kind: str, item_id: int):
    return owned_or_404({"idea": Idea, "comment": Comment}[kind], item_id)


#: Items per page of the queue (each kind paged on its own).
PER_PAGE = 25


def _queue_filters() -> dict:
    args = request.args
    return dict(board_id=args.get("board", type=bounded_int), flagged=args.get("flagged") == "1",
                reported=args.get("reported") == "1")


@bp.route("")
def queue():
    """The queue, paged: ideas and comments each 25 to a page, filtered by board, possible personal
    data and reports. `?all=1` checks every box on the page (the no-JavaScript "select all")."""
    filters = _queue_filters()
    kind = request.args.get("kind") if request.args.get("kind") in ("idea", "comment") else ""
    pages = {name: paginate(moderation.waiting_query(g.organisation, name, **filters),
                            page=page_number("page" if name == "idea" else "cpage"), per_page=PER_PAGE)
             for name in ("idea", "comment") if kind in ("", name)}
    shown = {name: pagination.items for name, pagination in pages.items()}
    args = {key: value for key, value in request.args.items() if key != "all"}
    return render_template(
        "moderation/queue.html", pages=pages, shown=shown, filters=filters, kind=kind, args=args,
        select_all=request.args.get("all") == "1", boards=boards_of(g.organisation),
        reports=moderation.open_reports(g.organisation), highlights=moderation.highlights,
        reject_labels=_reject_labels(), areas=service_areas(g.organisation),
        corrections=guide.pending_corrections(g.organisation))


def _back_to_queue():
    """Back to the queue page the form was sent from (its filters and page), or to its start."""
    back = request.form.get("back", "")
    start = url_for("moderation.queue")
    return redirect(back if back == start or back.startswith(start + "?") else start)


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
                           highlights=moderation.highlights(item), reject_labels=_reject_labels(),
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
        flash(_done_message(kind, action), "success")
    return _back_to_queue()


def _done_message(kind: str, action: str) -> str:
    """What one action did, in words ("The idea was hidden.")."""
    idea = kind == "idea"
    messages = {
        "publish": _("The idea was published.") if idea else _("The comment was published."),
        "reject": _("The idea was rejected.") if idea else _("The comment was rejected."),
        "hide": _("The idea was hidden.") if idea else _("The comment was hidden."),
        "restore": _("The idea is shown again; its reports were closed.") if idea
        else _("The comment is shown again; its reports were closed."),
        "dismiss": _("The reports were closed as unfounded."),
        "merge": _("The idea was merged; its supports moved over."),
        "area": _("The service area was set."),
        "service": _("The service was linked."),
    }
    return messages[action]


def _bulk_message(action: str, done: int, skipped: int, personal: int) -> str:
    """What a bulk action did, as "3 items published. 1 skipped: it may contain personal data."."""
    if action == "publish":
        message = ngettext("%(num)d item published.", "%(num)d items published.", done)
    elif action == "hide":
        message = ngettext("%(num)d item hidden.", "%(num)d items hidden.", done)
    else:
        message = ngettext("%(num)d item rejected.", "%(num)d items rejected.", done)
    if personal:
        message += " " + ngettext("%(num)d skipped: it may contain personal data. Check it on its own page.",
                                  "%(num)d skipped: they may contain personal data. Check each on its own page.",
                                  personal)
    if skipped:
        message += " " + ngettext("%(num)d skipped: it cannot be changed in its state.",
                                  "%(num)d skipped: they cannot be changed in their state.", skipped)
    return message


@bp.route("/bulk", methods=["POST"])
def bulk():
    """The same action on every checked item (publish, reject, hide)."""
    action = request.form.get("action")
    if action not in ("publish", "reject", "hide"):
        flash(_("Choose what to do with the checked items."), "error")
        return _back_to_queue()
    chosen = request.form.getlist("items")
    if not chosen:
        flash(_("Choose at least one item."), "error")
        return _back_to_queue()
    if action == "reject" and request.form.get("reason") not in {reason.value for reason in RejectReason}:
        flash(_("Choose a reason for rejecting."), "error")
        return _back_to_queue()
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
    flash(_bulk_message(action, done, skipped, personal), "error" if personal or skipped else "success")
    return _back_to_queue()
