"""Forms of the staff area."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.auth.models import ROLE_LABELS, Role
from webapp.core.forms import (
    BaseForm,
    EmailTextField,
    TranslatedTextField,
    email_address,
    language_choice,
    max_length,
    required,
)
from webapp.core.i18n import LANGUAGE_NAMES, LOCALES
from webapp.outbox.webhooks import WebhookRefused, check_destination

#: Why a webhook address is refused (the reasons of `WebhookRefused`), in the reader's language.
DESTINATION_PROBLEMS = {
    "scheme": _l("Write an address that starts with https://."),
    "https": _l("Write an address that starts with https://."),
    "unresolved": _l("No server was found at this address. Check the part after https://."),
    "private": _l("This address points into a closed network (such as localhost or 10.x.x.x). Webhooks are "
                  "sent only to public internet addresses."),
}
#: Why a test event got no answer.
DELIVERY_PROBLEMS = {**DESTINATION_PROBLEMS,
                     "connection": _l("The receiver did not answer: the connection was refused or timed out.")}


def role_label(role) -> str:
    """A role in the reader's language (for templates)."""
    return str(ROLE_LABELS[role])

SLUG_RULE = Regexp(r"^[a-z0-9][a-z0-9-]{1,38}$",
                   message=_l("Use 2–40 lower-case letters a–z, digits and hyphens."))
# Taken by public routes, and by staff routes that share `/staff/<org>/`'s level.
RESERVED_SLUGS = {"staff", "static", "healthz", "api", "s", "login", "logout", "password-reset",
                  "organisations"}


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a list of choices; a value not offered gets our translated message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        values = {str(value) for value, *_rest in self.iter_choices()}
        if any(str(value) not in values for value in self.data or ()):
            raise ValidationError(_l("Not a valid choice."))


def role_choices():
    return [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class OrganisationCreateForm(BaseForm):
    slug = StringField(_l("Address name"), [required(), SLUG_RULE],
                       description=_l("Shown in addresses and on posters, e.g. kittila."))
    name = TranslatedTextField(_l("Name"), max_length=200)
    contact_email = EmailTextField(_l("Contact email"), [required(), email_address(), max_length(254)])

    def validate_slug(self, field):
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This address name is reserved. Choose another."))


class OrganisationSettingsForm(BaseForm):
    name = TranslatedTextField(_l("Name"), max_length=200)
    description = TranslatedTextField(
        _l("Front page introduction"), multiline=True, max_length=2000, required_in=()
    )
    contact_email = EmailTextField(_l("Contact email"), [required(), email_address(), max_length(254)])
    dpo_contact = StringField(_l("Data protection officer's contact details"),
                              [Optional(), max_length(500)])
    content_locales = MultiCheckboxField(
        _l("Content languages"),
        choices=[language_choice(code) for code in LOCALES],
        description=_l("Surveys, boards and other texts get one field for each chosen language."),
    )

    required_locales = MultiCheckboxField(
        _l("Languages required before publishing"),
        choices=[language_choice(code) for code in LOCALES],
        description=_l("A survey, an idea board or a public answer is published only when its texts are "
                       "written in each of these languages."))

    sami_fallback = SelectField(
        _l("Inari and Skolt Sámi readers see a missing text in"),
        choices=[language_choice("fi"),
                 SelectChoice("se", _l("%(language)s, then Finnish", language=LANGUAGE_NAMES["se"]))],
        description=_l("Practically every Inari and Skolt Sámi speaker in Finland reads Finnish; Northern Sámi "
                       "is a different language. Ask your Sámi-language committee."))

    webhook_url = StringField(_l("Webhook address (optional)"), [Optional(), max_length(500), Regexp(
        r"^https?://", message=_l("Write an address that starts with https://."))],
        description=_l("Backlog events (item created, status changed) are sent here, signed with the secret below."))
    new_webhook_secret = BooleanField(_l("Make a new webhook secret"))

    def validate_webhook_url(self, field):
        """The worker's own rule, applied when the address is saved, so that the admin learns why."""
        if not field.data:
            return
        try:
            check_destination(field.data)
        except WebhookRefused as refused:
            raise ValidationError(str(DESTINATION_PROBLEMS.get(refused.reason, DESTINATION_PROBLEMS["scheme"]))) \
                from None

    has_moderation_digest = BooleanField(
        _l("Coordinators get a daily email of what waits for moderation"))
    join_text = TranslatedTextField(
        _l("What developer-clients do (sign-up page)"), multiline=True, max_length=3000, required_in=(),
        description=_l("Leave empty to use the standard text."))
    volunteer_retention_months = IntegerField(
        _l("Erase developer-clients inactive for this many months"), default=24,
        validators=[NumberRange(min=6, max=60, message=_l("Use a number from 6 to 60."))],
        description=_l("They get a reminder email 30 days before."))

    def validate_required_locales(self, field):
        if set(field.data or []) - set(self.content_locales.data or []):
            raise ValidationError(_l("A required language must also be a content language."))

    def validate_content_locales(self, field):
        if "fi" not in (field.data or []):
            raise ValidationError(_l("Finnish is always a content language."))


class ContentImportForm(BaseForm):
    """A translator's sheet of the organisation's texts, for one language."""

    locale = SelectField(_l("Language of the translations"), choices=[language_choice(code) for code in LOCALES])
    file = FileField(_l("Excel file (.xlsx)"))

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choose a file."))


class LegalTextsForm(BaseForm):
    privacy_text = TranslatedTextField(_l("Privacy notice"), multiline=True, max_length=20000,
                                       required_in=())
    accessibility_text = TranslatedTextField(_l("Accessibility statement"), multiline=True,
                                             max_length=20000, required_in=())
    wording_only = BooleanField(_l("This change only corrects the wording (a typo, a link): the other languages "
                                   "need no change"))


class AddMemberForm(BaseForm):
    email = EmailTextField(_l("Email address"), [required(), email_address(), max_length(254)])
    display_name = StringField(_l("Name"), [Optional(), max_length(200)])
    # From the least-privileged role up, and starting from it: more is given on purpose.
    role = SelectField(_l("Role"), choices=lambda: list(reversed(role_choices())), default=Role.PARTNER.value)


class MemberRolesForm(BaseForm):
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices)


class ServiceAreaForm(BaseForm):
    key = StringField(_l("Short name"), [required(), Regexp(
        r"^[a-z0-9][a-z0-9_-]{0,39}$",
        message=_l("Use lower-case letters a–z, digits, hyphens and underscores."))],
        description=_l("Used in filters and imports, e.g. neuvola."))
    name = TranslatedTextField(_l("Name"), max_length=200)
    is_active = BooleanField(_l("In use"), default=True)


class ApiTokenForm(BaseForm):
    name = StringField(_l("What the token is for"), [required(), max_length(100)])
    can_write = BooleanField(_l("May create items and change their status"))
