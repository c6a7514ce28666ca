"""Public developer-client pages: /<org>/join (sign-up), confirmation, and self-service by emailed link."""

from __future__ import annotations

import functools
import json

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.forms import content_choice
from webapp.core.i18n import current_locale
from webapp.core.limits import LIMIT_MESSAGE, PostLimit
from webapp.events.models import EventTarget
from webapp.events.services import PostGate, event_from_request
from webapp.volunteers import models, services
from webapp.volunteers.blueprints import volunteers as bp
from webapp.volunteers.forms import ConsentForm, ManageRequestForm, ProfileForm, SignupForm, WithdrawForm
from webapp.volunteers.models import ConsentPurpose, Volunteer
from webapp.volunteers.services import LinkProblem, LinkPurpose

#: Sign-ups and link requests accepted per address; an event's code lifts the sign-up limit for a crowd.
JOIN_LIMIT = PostLimit("join", "10 per 10 minutes; 60 per day")
LINK_REQUEST_LIMIT = PostLimit("manage-link", "10 per 10 minutes; 60 per day")

@bp.after_request
def no_store(response):
    # Sign-up and self-service pages show a person's name, email, phone and consents: no browser
    # or proxy cache keeps them (a shared family phone, the back button after leaving).
    response.headers["Cache-Control"] = "no-store"
    return response


def _area_choices() -> list[SelectChoice]:
    areas = [area for area in g.organisation.service_areas if area.is_active]
    return [content_choice(area.id, area.name) for area in areas]


def _profile_form(form_class, **kwargs):
    form = form_class(**kwargs)
    form.service_area_ids.choices = _area_choices()
    return form


@bp.route("", methods=["GET", "POST"])
# Attempts, for floods only: what counts for people is JOIN_LIMIT, on sign-ups accepted.
@limiter.limit("120 per 10 minutes", methods=["POST"])
def join():
    form = _profile_form(SignupForm)
    if request.method == "GET":
        form.languages.data = [current_locale()]
    gate = PostGate(JOIN_LIMIT, event_from_request(g.organisation, EventTarget.JOIN))
    if form.validate_on_submit():
        if gate.is_closed():  # the form comes back with everything typed
            db.session.commit()  # the event's count of refused posts
            return render_template("volunteers/join.html", form=form, limit_message=LIMIT_MESSAGE), 429
        # A bot that filled the hidden field gets the same answer, and nothing is stored.
        outcome = services.SignUpOutcome.EMAIL_SENT if form.email.data else services.SignUpOutcome.AWAITING_CALL
        if not form.website.data:
            _volunteer, outcome = services.sign_up(g.organisation, form.profile(), locale=current_locale(),
                                                   quote_consent=form.quote_consent.data)
            gate.passed()
            db.session.commit()
        return redirect(url_for("volunteers.thanks", by=outcome.value))
    return render_template("volunteers/join.html", form=form), 422 if form.errors else 200


@bp.route("/thanks")
def thanks():
    by = request.args.get("by", "")
    outcome = next((o for o in services.SignUpOutcome if o.value == by), services.SignUpOutcome.EMAIL_SENT)
    return render_template("volunteers/thanks.html", outcome=outcome.name)


def _by_link(purpose: LinkPurpose):
    """The view gets the person its link was sent to; a tampered, expired or voided link gets
    a page that says which, and offers a new link."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(token: str):
            volunteer = services.volunteer_from_token(g.organisation, token, purpose)
            if isinstance(volunteer, LinkProblem):
                return render_template("volunteers/link_problem.html", problem=volunteer.value), 400
            return view(token, volunteer)
        return wrapper
    return decorate


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"])
@_by_link(LinkPurpose.CONFIRM)
def confirm(token: str, volunteer: Volunteer):
    # A GET only shows a button: mail scanners that open links must not confirm for the person.
    if request.method == "POST":  # CSRFProtect has checked the form's token
        services.confirm(volunteer)
        db.session.commit()
        return redirect(url_for("volunteers.confirmed"))
    return render_template("volunteers/confirm.html", volunteer=volunteer)


@bp.route("/confirmed")
def confirmed():
    return render_template("volunteers/confirmed.html")


@bp.route("/manage", methods=["GET", "POST"])
@limiter.limit("120 per 10 minutes", methods=["POST"])  # attempts, for floods only
def request_link():
    form = ManageRequestForm()
    gate = PostGate(LINK_REQUEST_LIMIT, None)
    if form.validate_on_submit():
        if gate.is_closed():
            return render_template("volunteers/request_link.html", form=form, limit_message=LIMIT_MESSAGE), 429
        if not form.website.data:
            services.request_manage_link(g.organisation, form.email.data, current_locale())
            gate.passed()
            db.session.commit()
        return render_template("volunteers/link_sent.html")
    return render_template("volunteers/request_link.html", form=form), 422 if form.errors else 200


@bp.route("/manage/<token>", methods=["GET", "POST"])
@limiter.limit("30 per 10 minutes", methods=["POST"])
@_by_link(LinkPurpose.MANAGE)
def manage(token: str, volunteer: Volunteer):
    form = _profile_form(ProfileForm)
    if request.method == "GET":
        form.fill(volunteer)
        services.touch(volunteer)
        db.session.commit()
    elif form.validate_on_submit():
        try:
            waiting = services.update_own_profile(volunteer, form.profile())
        except services.ProfileTaken:
            form.email.errors.append(_("This email address or phone number is in another registration."))
        except services.NoContactLeft:
            form.phone.errors.append(_("Keep your phone number until you have confirmed the new email address."))
        else:
            db.session.commit()
            flash(_("Your details are saved."), "success")
            if waiting:
                flash(_("We sent a link to %(email)s. Your email address changes when you open it.", email=waiting),
                      "success")
            return redirect(url_for("volunteers.manage", token=token))
    consent_form = ConsentForm(quote_consent=volunteer.consent(ConsentPurpose.QUOTE) is not None)
    return render_template("volunteers/manage.html", volunteer=volunteer, form=form, token=token,
                           consent_form=consent_form, labels=models), 422 if form.errors else 200


@bp.route("/email/<token>", methods=["GET", "POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"])
def change_email(token: str):
    """A new email address confirmed from that address (a GET only shows the button, as a mail
    scanner opening the link must not confirm it)."""
    found = services.email_change_from_token(g.organisation, token)
    if isinstance(found, LinkProblem):
        return render_template("volunteers/link_problem.html", problem=found.value), 400
    volunteer, new_email = found
    done = volunteer.email == new_email
    taken = False
    if request.method == "POST" and not done:
        try:
            services.change_email(volunteer, new_email)
        except services.ProfileTaken:
            db.session.rollback()
            taken = True
        else:
            db.session.commit()
            done = True
    return render_template("volunteers/change_email.html", new_email=new_email, done=done, taken=taken)


@bp.route("/manage/<token>/consent", methods=["POST"])
@_by_link(LinkPurpose.MANAGE)
def consent(token: str, volunteer: Volunteer):
    form = ConsentForm()
    if form.validate_on_submit():
        services.set_quote_consent(volunteer, form.quote_consent.data)
        db.session.commit()
        flash(_("Your consent is saved."), "success")
    return redirect(url_for("volunteers.manage", token=token) + "#consents")


@bp.route("/manage/<token>/pause", methods=["POST"])
@_by_link(LinkPurpose.MANAGE)
def pause(token: str, volunteer: Volunteer):
    paused = request.form.get("paused") == "1"  # CSRFProtect has checked the form's token
    services.set_paused(volunteer, paused)
    db.session.commit()
    flash(_("You are on a break: we will not invite you until you come back.") if paused
          else _("Welcome back! We can invite you again."), "success")
    return redirect(url_for("volunteers.manage", token=token))


@bp.route("/manage/<token>/data.json")
@_by_link(LinkPurpose.MANAGE)
def download(token: str, volunteer: Volunteer):
    body = json.dumps(services.own_data(volunteer), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=my-data.json", "Cache-Control": "no-store"})


@bp.route("/manage/<token>/withdraw", methods=["GET", "POST"])
@_by_link(LinkPurpose.MANAGE)
def withdraw(token: str, volunteer: Volunteer):
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw(volunteer)
        db.session.commit()
        return redirect(url_for("volunteers.withdrawn"))
    return render_template("volunteers/withdraw.html", form=form, token=token), 422 if form.errors else 200


@bp.route("/withdrawn")
def withdrawn():
    return render_template("volunteers/withdrawn.html")
