"""A municipality's copy of a county's survey is written in one place, the county: the
municipality's staff cannot change its questions, options or state (403), but use everything
else of it as their own survey (results, poster, paper answers, invitations)."""

from __future__ import annotations

from flask import abort, request

from webapp.regions.services import is_region_copy

#: Staff survey routes that change what is asked, or when.
EDITS = frozenset({"survey_admin.edit", "survey_admin.change_status", "survey_admin.edit_question",
                   "survey_admin.create_question", "survey_admin.move_question", "survey_admin.remove_question",
                   "survey_admin.restore_question", "survey_admin.save_option", "survey_admin.add_option",
                   "survey_admin.change_option"})


def refuse_edits_of_copies() -> None:
    """Before each request of the survey builder, after its staff guard (which sends signed-out
    visitors to log in): a change to a county survey's copy is refused."""
    if request.endpoint not in EDITS or request.method != "POST":
        return
    survey_id = (request.view_args or {}).get("survey_id")
    if survey_id is not None and is_region_copy(survey_id):
        abort(403)
