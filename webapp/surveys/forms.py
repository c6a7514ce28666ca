"""Survey builder forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from webapp.core.forms import BaseForm, TranslatedTextField, language_choice, max_length, required
from webapp.core.i18n import LOCALES
from webapp.staff.forms import MultiCheckboxField
from webapp.surveys.models import AUDIENCE_LABELS, CHANNEL_LABELS, KIND_LABELS, Channel


class SurveySettingsForm(BaseForm):
    title = TranslatedTextField(_l("Title"), max_length=200)
    slug = StringField(_l("Address name"), [required(), Regexp(
        r"^[a-z0-9][a-z0-9-]{1,58}$", message=_l("Use 2–60 lower-case letters a–z, digits and hyphens."))],
        description=_l("The survey's address: /<organisation>/surveys/<address name>."))
    introduction = TranslatedTextField(_l("Introduction"), multiline=True, max_length=3000, required_in=())
    thank_you = TranslatedTextField(_l("Thank-you text"), multiline=True, max_length=2000, required_in=())
    locales = MultiCheckboxField(_l("Languages of the survey"),
                                 choices=[language_choice(code) for code in LOCALES])
    audience = SelectField(_l("Who can answer"), choices=[SelectChoice(a.value, label)
                                                            for a, label in AUDIENCE_LABELS.items()])
    opens_at = DateTimeLocalField(_l("Opens (optional)"), [Optional()], format="%Y-%m-%dT%H:%M")
    closes_at = DateTimeLocalField(_l("Closes (optional)"), [Optional()], format="%Y-%m-%dT%H:%M")
    is_kiosk = BooleanField(_l("Kiosk mode for a shared tablet"), description=_l(
        "The form starts empty after each send and after a few idle minutes, and nothing typed is kept on the "
        "device."))
    is_paged = BooleanField(_l("Show each section on a page of its own"), description=_l(
        "A question with a section heading starts a new page, and families see “Page 2 of 3”. It works without "
        "JavaScript too."))

    def validate_locales(self, field):
        if "fi" not in (field.data or []):
            raise ValidationError(_l("Finnish is always one of the survey's languages."))

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The closing time must be after the opening time."))


class QuestionForm(BaseForm):
    kind = SelectField(_l("Question type"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()])
    text = TranslatedTextField(_l("Question"), max_length=500)
    help = TranslatedTextField(_l("Help text (optional)"), max_length=500, required_in=())
    section = TranslatedTextField(_l("Section heading before this question (optional)"), max_length=200,
                                  required_in=())
    is_required = BooleanField(_l("An answer is required"))
    has_other = BooleanField(_l("Offer “other, what?” (choice questions)"))
    scale_min_label = TranslatedTextField(_l("Label of 1 (scale questions)"), max_length=100, required_in=())
    scale_max_label = TranslatedTextField(_l("Label of 5 (scale questions)"), max_length=100, required_in=())
    new_options = TranslatedTextField(
        _l("Options to add, one per line (choice questions)"), multiline=True, max_length=20000, required_in=(),
        description=_l("Paste a list: each line is one option. Line 1 of every language is the same option."))
    confirm_reword = BooleanField(_l("Yes, change the wording. The answers already given stay with this question."))


class OptionForm(BaseForm):
    label = TranslatedTextField(_l("Option"), max_length=300)


class NewOptionsForm(BaseForm):
    labels = TranslatedTextField(
        _l("Options to add, one per line"), multiline=True, max_length=20000,
        description=_l("Paste a list: each line is one option. Line 1 of every language is the same option."))


class InvitationForm(BaseForm):
    label = StringField(_l("For whom (shown only to staff)"), [Optional(), max_length(200)])


class PaperResponseMeta(BaseForm):
    channel = SelectField(_l("Channel"), choices=[SelectChoice(c.value, CHANNEL_LABELS[c])
                                                  for c in (Channel.PAPER, Channel.EVENT)])
    locale = SelectField(_l("Language of the answers"),
                         choices=[language_choice(code) for code in LOCALES])
    submitted_on = DateField(_l("Date of the answers"), [required()])


class SummaryForm(BaseForm):
    """The "what we heard" page for families: which questions it charts and the note."""

    questions = MultiCheckboxField(_l("Questions shown as charts"), coerce=int, description=_l(
        "Written answers are never shown. A question fewer than five people answered shows no numbers."))
    note = TranslatedTextField(_l("What we will do next"), multiline=True, max_length=2000, required_in=(),
                               description=_l("A short note to families in each language of the survey."))
