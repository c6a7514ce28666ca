"""Login and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from webapp.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from webapp.core.forms import BaseForm, EmailTextField, email_address, max_length, required


class LoginForm(BaseForm):
    email = EmailTextField(_l("Email address"), [required(), max_length(254)])
    password = PasswordField(_l("Password"), [required(), max_length(200)])
    next = HiddenField()


class PasswordResetRequestForm(BaseForm):
    email = EmailTextField(_l("Email address"), [required(), email_address(), max_length(254)])


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        [
            required(),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)),
            Length(max=MAX_PASSWORD_LENGTH, message=_l(
                "The password is too long: use at most %(max)d characters.", max=MAX_PASSWORD_LENGTH)),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        [required(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class SecondFactorForm(BaseForm):
    code = StringField(_l("Code"), [required(), max_length(40)],
                       description=_l("The six digits your authenticator app shows, or one of your recovery codes."),
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"})


class EnrolForm(BaseForm):
    code = StringField(_l("Code from the app"), [required(), max_length(12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
