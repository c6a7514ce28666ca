"""Default privacy notice (GDPR Art. 13) and accessibility statement (Act 306/2019).

An organisation's admin can replace either per language; a language left empty shows
these defaults, filled in with the organisation's name and contact details. The text uses
the small format of `render_rich_text`: `## ` headings, `- ` lists, blank-line paragraphs.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core.i18n import localize
from webapp.orgs.models import Organisation


def _facts(organisation: Organisation) -> dict[str, str]:
    return {
        "org": localize(organisation.name),
        "email": organisation.contact_email or "-",
        "dpo": organisation.dpo_contact or organisation.contact_email or "-",
    }


def default_privacy_notice(organisation: Organisation) -> str:
    facts = _facts(organisation)
    return "\n\n".join([
        "## " + _("Controller"),
        _("The controller is the family centre network %(org)s. Contact: %(email)s.", **facts),
        "## " + _("Data protection officer"),
        _("You can reach the data protection officer at: %(dpo)s.", **facts),
        "## " + _("Why we process data and on what basis"),
        _("We use this service to hear families and develop family services together with "
          "them. The legal basis is the performance of a task carried out in the public "
          "interest (GDPR Article 6(1)(e)) and, for developer-clients, consent (Article 6(1)(a))."),
        "## " + _("What data we process"),
        "\n".join([
            "- " + _("Survey answers are anonymous: no name, IP address or device information "
                     "is stored with them, and their time is kept only to the day."),
            "- " + _("Ideas and comments are published only after moderation. An email address "
                     "you give to hear what happens is kept apart from the idea."),
            "- " + _("Developer-clients give their name or nickname, contact details and the "
                     "topics that interest them."),
            "- " + _("A correction you suggest to the services guide is read only by the family centre's "
                     "staff, and it is deleted 90 days after it has been handled."),
            "- " + _("Staff accounts: name, email address and the actions recorded in the "
                     "audit log."),
        ]),
        "## " + _("Cookies"),
        _("We use only necessary cookies: one remembers your language, one keeps a form "
          "secure, and one remembers which ideas you have supported. We use no analytics "
          "or advertising cookies."),
        "## " + _("What is kept on your device"),
        _("While you answer a survey, the answers you have not yet sent are kept only in that browser tab, so "
          "that a reload or a dropped connection loses nothing. They are deleted when the answers are sent, when "
          "you choose “Clear my answers”, and when the tab is closed. On a shared tablet at an event nothing you "
          "type is kept, and the form empties itself after a few idle minutes."),
        "## " + _("Who receives the data"),
        _("The data are not disclosed to third parties or transferred outside the EU or the "
          "EEA. Summaries without personal data are shared with the family centre's core "
          "group and steering group."),
        "## " + _("How long we keep the data"),
        _("A developer-client's data are erased when they withdraw consent. An unconfirmed "
          "sign-up is erased after 7 days. An email address given with an idea is erased "
          "when the idea is closed or after 12 months at the latest."),
        ngettext("The data of a developer-client who has not taken part for %(num)d month are erased, after "
                 "a reminder email a month before.",
                 "The data of a developer-client who has not taken part for %(num)d months are erased, after "
                 "a reminder email a month before.", organisation.volunteer_retention_months),
        "## " + _("Your rights"),
        _("You have the right to access, rectify and erase your data, to restrict or object "
          "to their processing, and to withdraw your consent at any time. Send your request "
          "to %(email)s. No automated decisions are made about you.", **facts),
        _("You have the right to lodge a complaint with the supervisory authority, the Data "
          "Protection Ombudsman (tietosuoja.fi)."),
    ])


def default_accessibility_statement(organisation: Organisation) -> str:
    facts = _facts(organisation)
    return "\n\n".join([
        _("%(org)s aims to make this service accessible in accordance with the Act on the "
          "Provision of Digital Services (306/2019). This statement covers the public pages "
          "of the service.", **facts),
        "## " + _("Compliance status"),
        _("The service is designed to meet the WCAG 2.1 level AA requirements. Every public "
          "page is tested automatically in all six languages, and no known accessibility "
          "issues remain."),
        "## " + _("Languages"),
        _("The service is available in Finnish, Northern Sámi, Inari Sámi, Skolt Sámi, "
          "Swedish and English. Texts written by staff may be missing in some languages; "
          "they are then shown in another language, marked with its language code."),
        "## " + _("Feedback and contact information"),
        _("Did you notice an accessibility problem? Tell us at %(email)s. We answer within "
          "14 days.", **facts),
        "## " + _("Enforcement"),
        _("If you are not satisfied with our answer, or do not get an answer within two weeks, "
          "you can report it to the Finnish Transport and Communications Agency Traficom, "
          "which supervises accessibility requirements."),
        "- " + _("Website: www.saavutettavuusvaatimukset.fi") + "\n- "
        + _("Email: saavutettavuus@traficom.fi") + "\n- "
        + _("Phone: 029 534 5000"),
    ])
