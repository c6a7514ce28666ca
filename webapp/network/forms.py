"""Forms of the network register, the practices, the handbook and the info letter."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import NumberRange, Optional, Regexp

from webapp.core.forms import BaseForm, EmailTextField, TranslatedTextField, email_address, max_length, required
from webapp.guide.models import SECTOR_LABELS as ORGANISER_LABELS
from webapp.network.models import PRACTICE_STATUS_LABELS
from webapp.staff.forms import MultiCheckboxField

PHONE_RULE = Regexp(r"^\+?[\d\s()-]{3,30}$", message=_l("Write a phone number with digits, e.g. 040 123 4567."))


class SectorForm(BaseForm):
    name = TranslatedTextField(_l("Name"), max_length=200)
    is_required = BooleanField(_l("The core group should have a representative of this sector"), default=True)


class UnitForm(BaseForm):
    name = TranslatedTextField(_l("Name"), max_length=200)
    sector_id = SelectField(_l("Network sector"), coerce=int, choices=[])
    organiser = SelectField(_l("Organiser"), choices=[SelectChoice(o.value, label)
                                                      for o, label in ORGANISER_LABELS.items()],
                            description=_l("Who runs the unit: the municipality, the wellbeing services county, "
                                           "an NGO or a parish."))
    service_ids = MultiCheckboxField(_l("Its services in the guide"), coerce=int, choices=[])


class ContactForm(BaseForm):
    name = StringField(_l("Name"), [required(), max_length(200)])
    unit_id = SelectField(_l("Member unit"), coerce=int, choices=[])
    title = StringField(_l("Title"), [Optional(), max_length(200)],
                        description=_l("For example public health nurse or head teacher."))
    email = EmailTextField(_l("Email"), [Optional(), email_address(), max_length(254)])
    phone = StringField(_l("Phone"), [Optional(), PHONE_RULE])
    locale = SelectField(_l("Language of the info letter"), choices=[])
    gets_letter = BooleanField(_l("Gets the network's info letter"), default=True)
    in_core_group = BooleanField(_l("Member of the core group"))
    in_steering_group = BooleanField(_l("Member of the steering group"))


class PracticeForm(BaseForm):
    name = TranslatedTextField(_l("Name"), max_length=200)
    purpose = TranslatedTextField(_l("Purpose"), multiline=True, max_length=2000, required_in=())
    target_group = TranslatedTextField(_l("Target group"), max_length=500, required_in=())
    unit_ids = MultiCheckboxField(_l("Units involved"), coerce=int, choices=[])
    schedule = TranslatedTextField(_l("When and how often"), max_length=500, required_in=())
    access = TranslatedTextField(_l("How a family gets in"), multiline=True, max_length=1000, required_in=())
    contact = TranslatedTextField(_l("Contact"), max_length=500, required_in=(),
                                  description=_l("A unit's phone number or desk, not a person's name: "
                                                 "the handbook keeps it for years."))
    status = SelectField(_l("Status"), choices=[SelectChoice(s.value, label)
                                                for s, label in PRACTICE_STATUS_LABELS.items()])
    is_public = BooleanField(_l("Shown in the public handbook"))
    service_ids = MultiCheckboxField(_l("Services"), coerce=int, choices=[])
    backlog_item_ids = MultiCheckboxField(_l("Backlog items"), coerce=int, choices=[])


class EditionForm(BaseForm):
    year = IntegerField(_l("Year"), [required(), NumberRange(min=2000, max=2100,
                                                             message=_l("Give a year between 2000 and 2100."))])
    foreword = TranslatedTextField(_l("Foreword"), multiline=True, max_length=5000, required_in=())


class LetterForm(BaseForm):
    subject = TranslatedTextField(_l("Subject"), max_length=200)
    body = TranslatedTextField(_l("Letter"), multiline=True, max_length=20000)
