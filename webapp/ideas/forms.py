"""Forms of the idea boards: posting (public), boards and moderation (staff)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from webapp.core.forms import BaseForm, EmailTextField, TranslatedTextField, email_address, max_length
from webapp.core.http.requests import MAX_ID
from webapp.ideas.models import REPORT_LABELS, ModerationMode
from webapp.ideas.text import MAX_LINKS, link_count
from webapp.staff.forms import MultiCheckboxField


class _Text:
    """Validators shared by everything families write."""

    @staticmethod
    def not_blank(form, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Write something here."))

    @staticmethod
    def few_links(form, field):
        if link_count(field.data or "") > MAX_LINKS:
            raise ValidationError(_l("Use at most %(max)d links.", max=MAX_LINKS))


class IdeaForm(BaseForm):
    title = StringField(_l("Title"), [_Text.not_blank, max_length(120)])
    body = TextAreaField(_l("Your idea"), [_Text.not_blank, max_length(3000), _Text.few_links],
                         description=_l("Do not write names, phone numbers or other details that identify "
                                        "a person."))
    service_area = SelectField(_l("Which service does it concern? (optional)"), coerce=int, choices=[],
                               validators=[Optional()])
    nickname = StringField(_l("Nickname (optional)"), [Optional(), max_length(60)])
    email = EmailTextField(_l("Email, if you want to hear what happens (optional)"),
                           [Optional(), email_address(), max_length(254)],
                           description=_l("Kept apart from the idea and never shown. Erased when the idea "
                                          "is closed, or after 12 months at the latest."))
    #: Honeypot: hidden from people, filled in by bots.
    website = StringField(_l("Leave this field empty"))


class CommentForm(BaseForm):
    body = TextAreaField(_l("Comment"), [_Text.not_blank, max_length(1500), _Text.few_links])
    nickname = StringField(_l("Nickname (optional)"), [Optional(), max_length(60)])
    website = StringField(_l("Leave this field empty"))


class ReportForm(BaseForm):
    reason = SelectField(_l("Why are you reporting this?"),
                         choices=[SelectChoice(r.value, label) for r, label in REPORT_LABELS.items()])
    comment_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)])


class BoardForm(BaseForm):
    title = TranslatedTextField(_l("Title"), max_length=200)
    slug = StringField(_l("Address name"), [Regexp(r"^[a-z0-9][a-z0-9-]{1,58}$",
                                                   message=_l("Use 2–60 lower-case letters a–z, digits and hyphens."))])
    prompt = TranslatedTextField(_l("Question to families"), multiline=True, max_length=1000, required_in=())
    service_area_ids = MultiCheckboxField(_l("Service areas (none chosen: all)"), coerce=int, choices=[])
    is_open = BooleanField(_l("Open for new ideas"), default=True)
    moderation = SelectField(_l("Moderation"), choices=[
        SelectChoice(ModerationMode.PRE.value, _l("Before publishing (recommended)")),
        SelectChoice(ModerationMode.POST.value, _l("After publishing"))])
    has_supports = BooleanField(_l("Families can support ideas"), default=True)
    has_comments = BooleanField(_l("Families can comment"), default=True)
    report_threshold = IntegerField(_l("Reports before an item is hidden for review"), default=3,
                                    validators=[NumberRange(min=1, max=50, message=_l("Use a number from 1 to 50."))])


class EditPublishForm(BaseForm):
    title = StringField(_l("Title"), [Optional(), max_length(120)])
    body = TextAreaField(_l("Text"), [_Text.not_blank, max_length(3000)])
    # Asked only while the text still looks like personal data; the confirmation is audited.
    despite_personal_data = BooleanField(_l("I have checked it: what is highlighted is not a family's personal "
                                            "data (for example, a service's public phone number)."))


