"""Backlog and workshop forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from webapp.backlog.models import PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS, Priority, SourceKind
from webapp.core.forms import BaseForm, TranslatedTextField, max_length, required
from webapp.staff.forms import MultiCheckboxField


class ItemForm(BaseForm):
    title = StringField(_l("Title"), [required(), max_length(200)])
    description = TextAreaField(_l("Description"), [Optional(), max_length(5000)])
    service_area_ids = MultiCheckboxField(_l("Service areas"), coerce=int, choices=[])
    service_ids = MultiCheckboxField(_l("Services in the services guide"), coerce=int, choices=[])
    priority = SelectField(_l("Priority"),
                           choices=[SelectChoice(p.value, label) for p, label in PRIORITY_LABELS.items()],
                           default=Priority.NORMAL.value)
    responsible = StringField(_l("Responsible sector or person"), [Optional(), max_length(200)])
    target_quarter = StringField(_l("Target quarter"), [Optional(), Regexp(
        r"^\d{4}-Q[1-4]$", message=_l("Write the quarter as 2027-Q1."))], description=_l("For example 2027-Q1."))
    is_public = BooleanField(_l("Show on the public progress page"))
    public_title = TranslatedTextField(_l("Public title"), max_length=200, required_in=())
    public_answer = TranslatedTextField(_l("Public answer: what was decided and done"), multiline=True,
                                        max_length=3000, required_in=())


    def validate_is_public(self, field):
        if field.data and not self.public_title.data.get("fi"):
            raise ValidationError(_l("A public item needs a public title, at least in Finnish."))


class StatusForm(BaseForm):
    status = SelectField(_l("New status"), choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()])
    note = TextAreaField(_l("Note"), [Optional(), max_length(2000)])


class SourceForm(BaseForm):
    kind = SelectField(_l("Where it came from"), choices=[
        SelectChoice(k.value, label) for k, label in SOURCE_LABELS.items() if k is not SourceKind.IDEA])
    count = IntegerField(_l("How many voices"), default=1, validators=[NumberRange(
        min=1, max=100000, message=_l("Use a number from 1 to 100000."))])
    note = TextAreaField(_l("What was heard"), [Optional(), max_length(2000)],
                         description=_l("Do not write names or other personal data."))


class WorkshopForm(BaseForm):
    title = StringField(_l("Title"), [required(), max_length(200)])
    held_on = DateField(_l("Date"), [required()])
    place = StringField(_l("Place"), [Optional(), max_length(200)])
    participants = TextAreaField(_l("Participants"), [Optional(), max_length(3000)])


DECISION_CHOICES = [("", _l("No status change"))] + [(s.value, label) for s, label in STATUS_LABELS.items()]
