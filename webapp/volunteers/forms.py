"""Forms of the developer-client sign-up, self-service and register."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from webapp.core.forms import (
    BaseForm,
    EmailTextField,
    TranslatedTextField,
    email_address,
    language_choice,
    max_length,
    required,
)
from webapp.core.i18n import LOCALES
from webapp.staff.forms import MultiCheckboxField
from webapp.volunteers.models import (
    AGE_RANGE_LABELS,
    CHILD_AGE_GROUPS,
    CHILD_LABELS,
    METHOD_LABELS,
    STATUS_LABELS,
    WAY_LABELS,
    WAYS,
    AgeRange,
    ConsentMethod,
)
from webapp.volunteers.services import (
    InvalidPhone,
    Profile,
    normalise_phone,
)

UNDER_13 = "under13"


class PhoneField(StringField):
    """A phone number; `normalised` holds the stored form once validated."""

    normalised: str | None = None

    def pre_validate(self, form):
        self.normalised = None
        if self.data:
            try:
                self.normalised = normalise_phone(self.data)
            except InvalidPhone:
                raise ValidationError(_l("Enter a phone number such as 040 123 4567 or +358 40 123 4567.")) from None


class ProfileForm(BaseForm):
    """What the person tells about themselves: the sign-up, the self-service page and staff edits share it."""

    name = StringField(_l("Name or nickname"), [required(), max_length(100)])
    email = EmailTextField(_l("Email"), [Optional(), email_address(), max_length(254)])
    phone = PhoneField(_l("Phone"), [Optional(), max_length(30)],
                       description=_l("Give an email address, a phone number or both."))
    age_range = RadioField(_l("Your age"), choices=[SelectChoice(UNDER_13, _l("Under 13 years"))] + [
        SelectChoice(age.value, label) for age, label in AGE_RANGE_LABELS.items()],
        validators=[required(_l("Choose your age group."))])
    children = MultiCheckboxField(_l("Ages of your children (optional)"),
                                  choices=[SelectChoice(key, CHILD_LABELS[key]) for key in CHILD_AGE_GROUPS])
    service_area_ids = MultiCheckboxField(_l("Services that interest you"), coerce=int, choices=[])
    ways = MultiCheckboxField(_l("How would you like to take part?"),
                              choices=[SelectChoice(key, WAY_LABELS[key]) for key in WAYS])
    languages = MultiCheckboxField(_l("Languages you can take part in"),
                                   choices=[language_choice(code) for code in LOCALES])
    availability = TextAreaField(_l("When could you take part? (optional)"), [Optional(), max_length(500)],
                                 description=_l("For example: weekday evenings, not in July."))

    def validate_age_range(self, field):
        if field.data == UNDER_13:
            raise ValidationError(_l("If you are under 13, please ask your parent or guardian to sign up with "
                                     "you: they fill in this form and tell us in it that you would like to "
                                     "take part."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data:  # the fields' own chains stop at Optional()
            self.phone.errors = [*self.phone.errors, _l("Give an email address, a phone number or both.")]
            return False
        return valid

    def profile(self) -> Profile:
        return Profile(name=self.name.data, email=self.email.data or None, phone=self.phone.normalised,
                       age_range=AgeRange(self.age_range.data), children=self.children.data or [],
                       ways=self.ways.data or [], languages=self.languages.data or [],
                       availability=self.availability.data or "",
                       service_area_ids=self.service_area_ids.data or [])

    def fill(self, volunteer) -> None:
        """Show a stored person in the form."""
        self.name.data = volunteer.name
        self.email.data = volunteer.email or ""
        self.phone.data = volunteer.phone or ""
        self.age_range.data = volunteer.age_range.value
        self.children.data = list(volunteer.children or [])
        self.ways.data = list(volunteer.ways or [])
        self.languages.data = list(volunteer.languages or [])
        self.availability.data = volunteer.availability
        self.service_area_ids.data = [area.id for area in volunteer.interests]


class SignupForm(ProfileForm):
    contact_consent = BooleanField(
        _l("I agree that the family centre may contact me to invite me to take part (required)"))
    quote_consent = BooleanField(_l("My words may be quoted in reports without my name (optional)"))
    #: Honeypot: hidden from people, filled in by bots.
    website = StringField(_l("Leave this field empty"))

    def validate_contact_consent(self, field):
        if not field.data:
            raise ValidationError(_l("We can only invite you if you agree to be contacted."))


class ManageRequestForm(BaseForm):
    email = EmailTextField(_l("Email"), [required(), email_address(), max_length(254)])
    website = StringField(_l("Leave this field empty"))


class ConsentForm(BaseForm):
    quote_consent = BooleanField(_l("My words may be quoted in reports without my name"))


class WithdrawForm(BaseForm):
    sure = BooleanField(_l("Yes, erase my data"))

    def validate_sure(self, field):
        if not field.data:
            raise ValidationError(_l("Tick the box to confirm."))


# --- staff ---------------------------------------------------------------------------------

class StaffConfirmForm(BaseForm):
    method = SelectField(_l("How the person gave their consent"), choices=[
        SelectChoice(method.value, METHOD_LABELS[method])
        for method in ConsentMethod if method is not ConsentMethod.WEB])


class StaffSignupForm(ProfileForm):
    """A sign-up a coordinator types in from a paper form, an event or a call."""

    age_range = RadioField(_l("Age group"), choices=[SelectChoice(UNDER_13, _l("Under 13 years"))] + [
        SelectChoice(age.value, label) for age, label in AGE_RANGE_LABELS.items()],
        validators=[required(_l("Choose the age group."))])
    locale = SelectField(_l("Language of emails and invitations"),
                         choices=[language_choice(code) for code in LOCALES])
    method = SelectField(_l("How the person gave their consent"), choices=[SelectChoice("", _l("Choose"))] + [
        SelectChoice(method.value, METHOD_LABELS[method])
        for method in ConsentMethod if method is not ConsentMethod.WEB],
        validators=[required(_l("Choose how the person gave their consent."))])
    contact_consent = BooleanField(_l("The person agreed that the family centre may contact them to invite "
                                      "them to take part (required)"))
    quote_consent = BooleanField(_l("The person agreed that their words may be quoted in reports without "
                                    "their name"))

    def validate_age_range(self, field):
        if field.data == UNDER_13:
            raise ValidationError(_l("A child under 13 takes part together with a guardian: add the guardian "
                                     "and write about the child in the coordinators' notes."))

    def validate_contact_consent(self, field):
        if not field.data:
            raise ValidationError(_l("A developer-client can be added only with their consent to be contacted."))


class NotesForm(BaseForm):
    staff_notes = TextAreaField(_l("Coordinators' notes"), [Optional(), max_length(5000)],
                                description=_l("The person sees these notes if they download their data."))


class GroupForm(BaseForm):
    name = StringField(_l("Name"), [required(), max_length(100)])
    description = TextAreaField(_l("Description (optional)"), [Optional(), max_length(1000)])


class GroupMembersForm(BaseForm):
    """Adding or taking out members: the ids come as `add` and `remove`, checked against the register."""


class InviteForm(BaseForm):
    volunteer_ids = HiddenField()
    group_id = SelectField(_l("Whom to invite"), coerce=int, choices=[], validators=[Optional()])
    kind = RadioField(_l("Invite to"), choices=[SelectChoice("survey", _l("A survey")),
                                                 SelectChoice("workshop", _l("A workshop"))],
                      default="survey")
    survey_id = SelectField(_l("Survey"), coerce=int, choices=[], validators=[Optional()])
    workshop_id = SelectField(_l("Workshop"), coerce=int, choices=[], validators=[Optional()])
    message = TranslatedTextField(_l("A few words to add to the invitation (optional)"), multiline=True,
                                  max_length=1000, required_in=(),
                                  description=_l("Each person gets the words in their own language; a language "
                                                 "left empty gets the Finnish words."))


class ExportForm(BaseForm):
    reason = StringField(_l("Why do you need the contact list?"), [required(), max_length(300)],
                         description=_l("The reason is written in the audit log."))


STATUS_FILTERS = [("", _l("Any status"))] + [(status.value, label) for status, label in STATUS_LABELS.items()]
