"""Forms of activities: the activity itself and a cancelled day."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import Optional

from webapp.activities.models import REPEAT_LABELS
from webapp.core.forms import BaseForm, EmailTextField, TranslatedTextField, email_address, max_length, required
from webapp.core.i18n import LANGUAGE_NAMES, LOCALES
from webapp.guide.forms import PHONE_RULE, SLUG_RULE
from webapp.guide.models import AUDIENCE_LABELS
from webapp.staff.forms import MultiCheckboxField

#: WTForms' message for a time it cannot read, here so that it reaches our catalogs.
TIME_MESSAGE = _l("Not a valid time value.")
WEEKDAY_LABELS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
                  _l("Sunday"))


class ActivityForm(BaseForm):
    title = TranslatedTextField(_l("Name"), max_length=200)
    slug = StringField(_l("Address name"), [required(), SLUG_RULE],
                       description=_l("Shown in the activity's address, e.g. perhekahvila."))
    description = TranslatedTextField(_l("Description"), multiline=True, max_length=3000, required_in=())
    place = StringField(_l("Place"), [Optional(), max_length(200)],
                        description=_l("E.g. the parish hall, downstairs."))
    address = StringField(_l("Street address"), [Optional(), max_length(300)],
                          description=_l("With postcode and town, e.g. Jäämerentie 1, 99600 Sodankylä."))
    organiser = StringField(_l("Organiser"), [Optional(), max_length(200)],
                            description=_l("Who runs it, e.g. MLL Kittilä or the parish."))
    first_date = DateField(_l("First day"), [required()])
    start_time = TimeField(_l("Starts at"), [required()])
    end_time = TimeField(_l("Ends at"), [required()])
    repeat = SelectField(_l("Repeats"), choices=[SelectChoice(r.value, label) for r, label in REPEAT_LABELS.items()])
    weekdays = MultiCheckboxField(_l("On these weekdays (weekly activities)"), coerce=int,
                                  choices=[SelectChoice(i, label) for i, label in enumerate(WEEKDAY_LABELS)],
                                  description=_l("The first day's weekday is always included."))
    last_date = DateField(_l("Last day (optional)"), [Optional()])
    audiences = MultiCheckboxField(_l("Who it is for"),
                                   choices=[SelectChoice(a.value, label) for a, label in AUDIENCE_LABELS.items()])
    languages = MultiCheckboxField(_l("Languages it is held in"),
                                   choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LOCALES])
    cost = TranslatedTextField(_l("Cost"), max_length=300, required_in=(),
                               description=_l("Leave empty when it is free of charge."))
    accessibility = TranslatedTextField(_l("Accessibility"), multiline=True, max_length=1000, required_in=(),
                                        description=_l("Steps, lift, accessible toilet, hearing loop, quiet room."))
    needs_registration = BooleanField(_l("Registration needed"))
    contact_phone = StringField(_l("Contact phone"), [Optional(), PHONE_RULE])
    contact_email = EmailTextField(_l("Contact email"), [Optional(), email_address(), max_length(254)])
    owner_id = SelectField(_l("Kept up to date by"), coerce=int, choices=[])
    feedback_survey_id = SelectField(_l("Feedback survey"), coerce=int, choices=[], description=_l(
        "A short survey for the event: answers given through the event's link count as the channel event."))


class CancelForm(BaseForm):
    day = DateField(_l("Day"), [required()])
