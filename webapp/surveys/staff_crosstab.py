"""Cross-tabulations and results over time of one survey (every staff role: anonymous aggregates)."""

from __future__ import annotations

from flask import render_template, request

from webapp.core.http.requests import bounded_int
from webapp.staff.access import owned_or_404
from webapp.surveys import crosstab, templates_library
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.models import Survey
from webapp.surveys.services import load_questions


def _chosen(questions, name: str):
    wanted = request.args.get(name, type=bounded_int)
    return next((q for q in questions if q.id == wanted), None)


@bp.route("/<int:survey_id>/crosstab", endpoint="crosstab")
def crosstab_page(survey_id: int):
    survey = load_questions(owned_or_404(Survey, survey_id))
    questions = crosstab.groupable(survey)
    rows = _chosen(questions, "rows") or (questions[0] if questions else None)
    columns = _chosen(questions, "columns")
    if columns is rows:
        columns = None
    answer_filter = crosstab.parse_filter(survey, request.args.get("only"))
    table = crosstab.crosstab(survey, rows, columns, answer_filter) if rows is not None else None
    return render_template("surveys/manage/crosstab.html", survey=survey, questions=questions, rows=rows,
                           columns=columns, answer_filter=answer_filter, table=table,
                           filters=[(q, crosstab.categories(q)) for q in questions], minimum=crosstab.MIN,
                           row_categories=crosstab.categories(rows) if rows is not None else [])


@bp.route("/<int:survey_id>/over-time", endpoint="over_time")
def over_time_page(survey_id: int):
    survey = load_questions(owned_or_404(Survey, survey_id))
    rounds = templates_library.rounds_of(survey)
    if survey not in rounds:
        rounds.append(survey)
    for other in rounds:
        load_questions(other)
    return render_template("surveys/manage/over_time.html", survey=survey, rounds=rounds,
                           compared=crosstab.over_time(survey, rounds), minimum=crosstab.MIN,
                           categories=crosstab.categories)
