"""Forms of the services guide: an entry, a family's correction, the import file."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, Regexp, ValidationError

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
from webapp.guide.models import ACCESS_LABELS, AUDIENCE_LABELS, SECTOR_LABELS
from webapp.staff.forms import MultiCheckboxField

SLUG_RULE = Regexp(r"^[a-z0-9][a-z0-9-]{1,58}$", message=_l("Use 2–60 lower-case letters a–z, digits and hyphens."))
WEB_RULE = Regexp(r"^https?://[^\s<>\"]+$", message=_l("Write the whole address, starting with https://"))
PHONE_RULE = Regexp(r"^\+?[\d\s()-]{3,30}$", message=_l("Write a phone number with digits, e.g. 040 123 4567."))


class ServiceForm(BaseForm):
    slug = StringField(_l("Address name"), [required(), SLUG_RULE],
                       description=_l("Shown in the entry's address, e.g. lastenneuvola."))
    name = TranslatedTextField(_l("Name"), max_length=200)
    description = TranslatedTextField(_l("Description"), multiline=True, max_length=3000, required_in=())
    provider = StringField(_l("Provider"), [Optional(), max_length(200)],
                           description=_l("Who provides it, e.g. Lapin hyvinvointialue or MLL Kittilä."))
    sector = SelectField(_l("Sector"), choices=[SelectChoice(s.value, label) for s, label in SECTOR_LABELS.items()])
    service_area_ids = MultiCheckboxField(_l("Service areas"), coerce=int, choices=[])
    audiences = MultiCheckboxField(_l("Who it is for"),
                                   choices=[SelectChoice(a.value, label) for a, label in AUDIENCE_LABELS.items()])
    phone = StringField(_l("Phone"), [Optional(), PHONE_RULE])
    email = EmailTextField(_l("Email"), [Optional(), email_address(), max_length(254)])
    web_url = StringField(_l("Web address"), [Optional(), max_length(500), WEB_RULE])
    address = StringField(_l("Street address"), [Optional(), max_length(300)],
                          description=_l("With postcode and town, e.g. Jäämerentie 1, 99600 Sodankylä."))
    opening_hours = TranslatedTextField(_l("Opening hours"), multiline=True, max_length=1000, required_in=())
    access = MultiCheckboxField(_l("How to reach it"),
                                choices=[SelectChoice(a.value, label) for a, label in ACCESS_LABELS.items()])
    languages = MultiCheckboxField(_l("Languages the service can be had in"),
                                   choices=[language_choice(code) for code in LOCALES])
    is_free = BooleanField(_l("Free of charge"), default=True)
    owner_id = SelectField(_l("Kept up to date by"), coerce=int, choices=[],
                           description=_l("Gets the reminder when the entry has not been checked for 12 months."))
    public_note = TranslatedTextField(_l("What changed, for families (optional)"), multiline=True, max_length=1000,
                                      required_in=(), description=_l(
                                          "Shown on the entry's page and on the progress page."))


class CorrectionForm(BaseForm):
    body = TextAreaField(_l("What should be corrected?"), [required(), max_length(2000)],
                         description=_l("For example a changed phone number or opening hours. "
                                        "Do not write names or other personal data."))
    website = StringField(_l("Leave this field empty"))

    def validate_body(self, field):
        if not field.data:  # only spaces: nothing to correct
            raise ValidationError(_l("This field is required."))


class ImportApplyForm(BaseForm):
    """Apply the import just previewed: the token names the file kept for it."""

    token = HiddenField()


class ImportForm(BaseForm):
    file = FileField(_l("CSV or Excel file"))

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choose a file."))


def _lines_with_colon(form, field) -> None:
    for number, line in enumerate(field.data.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#") and ":" not in line:
            raise ValidationError(_l("Line %(num)d has no colon: write the word, a colon, then the others.",
                                     num=number))


class SearchSettingsForm(BaseForm):
    synonyms = TextAreaField(_l("Synonyms"), [Optional(), max_length(20_000), _lines_with_colon],
                             description=_l("One line a word: the word a family types, a colon, then words that "
                                            "the search should also look for, e.g. nuoret: nuoriso, nuorisotila."))
    family_centre_phone = StringField(_l("Family centre's phone"), [Optional(), PHONE_RULE],
                                      description=_l("A call button when a search finds nothing."))
    help_numbers = TextAreaField(_l("Help numbers"), [Optional(), max_length(5_000), _lines_with_colon],
                                 description=_l("Shown when a search finds nothing. One line a number: the name, "
                                                "a colon, the number. Empty: the national crisis numbers."))
