"""Backlog and workshop forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from webapp.backlog.models import (
    PRIORITY_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    AttendeeRow,
    Priority,
    Sector,
    SourceKind,
)
from webapp.core.forms import BaseForm, TranslatedTextField, max_length, required
from webapp.core.text import clean_text
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


class AttendeesField(Field):
    """Workshop attendees as rows of name, sector and consent (`attendees-0-name`, `attendees-0-sector`,
    `attendees-0-consent` …). Works without JavaScript: the page shows the saved rows and a few empty
    ones; a row without a name is left out."""

    MAX_ROWS = 80
    widget = None

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        if formdata is not None and any(key.startswith(f"{self.name}-") for key in formdata):
            rows = []
            for n in range(self.MAX_ROWS):
                prefix = f"{self.name}-{n}-"
                if f"{prefix}name" not in formdata:
                    continue
                rows.append(AttendeeRow(clean_text(formdata.get(f"{prefix}name", "")).strip(),
                                        formdata.get(f"{prefix}sector", ""),
                                        bool(formdata.get(f"{prefix}consent"))))
            self.data = [row for row in rows if row.name]
        elif formdata is not None:
            self.data = []
        else:
            self.data = [AttendeeRow(a.name, a.sector.value, a.is_named_by_consent) for a in (data or [])]

    def pre_validate(self, form):
        sectors = {sector.value for sector in Sector}
        for row in self.data:
            if len(row.name) > 200:
                self.errors.append(_l("%(name)s: write the name in at most 200 characters.", name=row.name[:40]))
            if row.sector not in sectors:
                self.errors.append(_l("%(name)s: choose the sector.", name=row.name[:40]))
            elif row.sector == Sector.DEVELOPER_CLIENT.value and not row.is_named_by_consent:
                self.errors.append(_l("%(name)s: a developer-client is named only with their consent. Without it, "
                                      "add them to the number of developer-clients instead.", name=row.name[:40]))

    def _value(self):
        return ""


class WorkshopForm(BaseForm):
    title = StringField(_l("Title"), [required(), max_length(200)])
    held_on = DateField(_l("Date"), [required()])
    place = StringField(_l("Place"), [Optional(), max_length(200)])
    attendees = AttendeesField(_l("Attendees"))
    developer_client_count = IntegerField(
        _l("Developer-clients who took part without being named"), [Optional(), NumberRange(
            min=0, max=1000, message=_l("Use a number from 0 to 1000."))], default=0)
    participants = TextAreaField(_l("Other participants or notes"), [Optional(), max_length(3000)])


DECISION_CHOICES = [("", _l("No status change"))] + [(s.value, label) for s, label in STATUS_LABELS.items()]
