"""The form that opens an event."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import SelectChoice, SelectField, StringField

from webapp.core.forms import BaseForm, max_length, required

HOUR_CHOICES = [SelectChoice(n, lazy_ngettext("%(num)d hour", "%(num)d hours", n))
                for n in (1, 2, 3, 4, 6, 8, 12, 24, 48, 72)]


class EventForm(BaseForm):
    name = StringField(_l("Name of the event"), [required(), max_length(200)],
                       description=_l("For example “Family fair 12.3.”. Shown to staff only."))
    #: "board:<id>", "survey:<id>" or "join"; the choices are set by the view.
    target = SelectField(_l("Where people post"), choices=[], validators=[required()])
    hours = SelectField(_l("How long it runs from now"), coerce=int, choices=HOUR_CHOICES, default=3)
