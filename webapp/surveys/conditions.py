"""Conditional questions and pages: which questions a family is shown, decided from its earlier answers.

A question can be shown only when the answer to an *earlier* question is one of chosen values
(an option, "Yes", a point of the scale). A condition on a question that starts a section (has a
section heading) is the whole section's. Conditions point backwards only, so walking the questions
in order decides each one from answers already decided: no loops, and the same answers give the
same path whatever order the form's fields arrive in.

A survey whose sections are pages is shown one page at a time. The server pages through (it works
without JavaScript): the answers of the other pages travel in hidden fields and are checked again,
all of them, when the form is finally sent. A condition on a question of the same page is applied
live by `static/survey.js`; without JavaScript the question says in words when to answer it, and
the server drops the answer if the condition was not met. A hidden question is never required and
nothing is stored for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from webapp.core.i18n import localize
from webapp.surveys.models import Question, QuestionKind, Survey

#: Kinds whose answer a condition can look at.
DECIDING_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO, QuestionKind.SCALE)


class ConditionError(Exception):
    """A condition the builder refuses; the message is translated."""


@dataclass(frozen=True)
class Rule:
    """Shown only when question `question_id` (input `q<id>`) is answered with one of `values`."""

    question_id: int
    values: frozenset[str]

    @property
    def data(self) -> str:
        """The rule for `survey.js`: `q12:34,35`."""
        return f"q{self.question_id}:{','.join(sorted(self.values))}"


def rule_of(question: Question) -> Rule | None:
    if question.condition_question_id is None or not question.condition_values:
        return None
    return Rule(question.condition_question_id, frozenset(question.condition_values))


def answer_values(question: Question) -> list[str]:
    """The answers a condition on `question` can name, as the form sends them: option ids, "1"/"0"
    for yes/no, "1"–"5" for a scale."""
    if question.kind.has_options:
        return [str(option.id) for option in question.active_options]
    if question.kind is QuestionKind.YES_NO:
        return ["1", "0"]
    if question.kind is QuestionKind.SCALE:
        return [str(value) for value in range(1, 6)]
    return []


def choices_of(question: Question) -> list[tuple[str, str]]:
    """`answer_values` with their words in the reader's language."""
    if question.kind.has_options:
        words = {str(option.id): localize(option.label) for option in question.active_options}
    else:
        words = {"1": _("Yes"), "0": _("No")} if question.kind is QuestionKind.YES_NO else {}
    return [(value, words.get(value, value)) for value in answer_values(question)]


def values_of(question: Question, raw: list[str]) -> set[str]:
    """The answers in `raw` (a form's values for the question) that a condition can look at."""
    return set(raw) & set(answer_values(question))


@dataclass
class Group:
    """A run of questions under one section heading (or none) on a page."""

    heading: Question | None = None
    #: The section's rule when it is applied live on this page, and its note in words.
    rule: Rule | None = None
    note: str = ""
    #: (question, live rule or None, note in words).
    questions: list[tuple[Question, Rule | None, str]] = field(default_factory=list)


@dataclass
class PageView:
    """What one page of the form shows."""

    number: int  # the page in the survey's pages, 1-based (the form's `page` field)
    shown_number: int  # "Page 2 of 3": among the pages this family may see
    shown_total: int
    is_paged: bool
    is_last: bool
    groups: list[Group]
    #: Hidden fields carrying the answers of the other pages.
    carried: list[tuple[str, str]]
    question_ids: set[int]


class Layout:
    """A survey's active questions in order, with their numbers, sections, pages and rules."""

    def __init__(self, survey: Survey, paged: bool | None = None):
        """`paged` False shows every question on one page (staff: preview, paper entry)."""
        self.survey = survey
        paged = survey.is_paged if paged is None else paged
        self.questions = survey.active_questions
        self.by_id = {question.id: question for question in self.questions}
        self.number = {question.id: n for n, question in enumerate(self.questions, 1)}
        self.section_of: dict[int, Question | None] = {}
        self.pages: list[list[Question]] = [[]]
        start = None
        for question in self.questions:
            if question.section:
                start = question
                if paged and self.pages[-1]:
                    self.pages.append([])
            self.section_of[question.id] = start
            self.pages[-1].append(question)
        self.page_of = {question.id: n for n, page in enumerate(self.pages, 1) for question in page}
        self.rules: dict[int, list[Rule]] = {}
        for question in self.questions:
            start = self.section_of[question.id]
            rules = [rule_of(start)] if start is not None and start is not question else []
            rules.append(rule_of(question))
            self.rules[question.id] = [rule for rule in rules if rule is not None and rule.question_id in self.by_id]

    def is_paged_start(self, question: Question) -> bool:
        """Whether `question` begins a page of a form with several pages."""
        page = self.pages[self.page_of[question.id] - 1] if question.id in self.page_of else []
        return len(self.pages) > 1 and bool(page) and page[0] is question

    def states(self, form, known_pages: int) -> dict[int, bool | None]:
        """Whether each question is shown (True), hidden (False) or not decided yet (None, it
        depends on an answer of page `known_pages + 1` or later), from the answers in `form` (a
        MultiDict) of the first `known_pages` pages."""
        states: dict[int, bool | None] = {}
        given: dict[int, set[str]] = {}
        for question in self.questions:
            state: bool | None = True
            for rule in self.rules[question.id]:
                target = states.get(rule.question_id)
                if target is False:
                    state = False
                    break
                if self.page_of[rule.question_id] > known_pages or target is None:
                    state = None
                elif not rule.values & given.get(rule.question_id, set()):
                    state = False
                    break
            states[question.id] = state
            if state and self.page_of[question.id] <= known_pages:
                given[question.id] = values_of(question, form.getlist(f"q{question.id}"))
        return states

    def is_shown(self, question: Question, given: dict[int, set[str]]) -> bool:
        """Whether `question` is shown, from the answers `given` of the questions shown before it."""
        return all(rule.values & given.get(rule.question_id, set()) for rule in self.rules[question.id])

    def possible_pages(self, states: dict[int, bool | None]) -> list[int]:
        """The pages that show at least one question, or may (1-based)."""
        return [n for n, page in enumerate(self.pages, 1) if any(states[q.id] is not False for q in page)]

    def next_page(self, form, after: int) -> int | None:
        """The next page with something to show once the answers up to page `after` are known."""
        states = self.states(form, after)
        return next((n for n in self.possible_pages(states) if n > after), None)

    def previous_page(self, form, before: int) -> int:
        for number in range(before - 1, 0, -1):
            if number in self.possible_pages(self.states(form, number - 1)):
                return number
        return 1

    def view(self, form, number: int = 1) -> PageView:
        """Page `number` for a family whose answers so far are in `form`."""
        number = min(max(number, 1), len(self.pages))
        states = self.states(form, number - 1)
        possible = self.possible_pages(states)
        groups: list[Group] = []
        shown: set[int] = set()
        for question in self.pages[number - 1]:
            if states[question.id] is False:
                continue
            start = self.section_of[question.id]
            if not groups or question is start:
                # A shown question's section start is shown too (its rule is the section's), and on
                # this page: pages begin at section headings.
                group = Group(heading=start)
                if start is question:
                    group.rule = self._live(question, number)
                    group.note = self.describe_for_family(group.rule, section=True) if group.rule else ""
                groups.append(group)
            own = rule_of(question) if question is not start else None
            live = own if own is not None and self.page_of.get(own.question_id) == number else None
            groups[-1].questions.append((question, live, self.describe_for_family(live) if live else ""))
            shown.add(question.id)
        carried = [(name, value) for name in form.keys() if name.startswith("q") and _question_of(name) not in shown
                   for value in form.getlist(name)]
        return PageView(number=number, shown_number=sum(1 for n in possible if n <= number) or 1,
                        shown_total=max(len(possible), 1), is_paged=len(self.pages) > 1,
                        is_last=not any(n > number for n in possible), groups=groups, carried=carried,
                        question_ids=shown)

    def _live(self, question: Question, number: int) -> Rule | None:
        rule = rule_of(question)
        return rule if rule is not None and self.page_of.get(rule.question_id) == number else None

    def describe_for_family(self, rule: Rule, section: bool = False) -> str:
        """"Answer this only if you answered “Yes” to question 3.", for a form without JavaScript."""
        target = self.by_id[rule.question_id]
        answers = _or_list(label for value, label in choices_of(target) if value in rule.values)
        if section:
            return _("Answer this section only if your answer to question %(number)d was %(answers)s.",
                     number=self.number[target.id], answers=answers)
        return _("Answer this question only if your answer to question %(number)d was %(answers)s.",
                 number=self.number[target.id], answers=answers)

    def describe_for_builder(self, question: Question) -> str:
        """The condition of `question` in plain words for the builder, or ""."""
        rule = rule_of(question)
        if rule is None or rule.question_id not in self.by_id:
            return ""
        target = self.by_id[rule.question_id]
        answers = _or_list(label for value, label in choices_of(target) if value in rule.values)
        words = {"number": self.number[target.id], "question": localize(target.text), "answers": answers}
        if question.section:
            return _("This section is shown only when question %(number)d “%(question)s” is answered %(answers)s.",
                     **words)
        return _("Shown only when question %(number)d “%(question)s” is answered %(answers)s.", **words)


def form_context(survey: Survey, submission, page: int = 1, paged: bool | None = None) -> dict:
    """What the form template (`surveys/answer.html`, `_questions.html`) needs: the survey, the
    answers so far (`answering.Submission`) and page `page` of the form. `paged` False puts every
    question on one page (a form posted somewhere that does not page through)."""
    layout = Layout(survey, paged=paged)
    view = layout.view(MultiDict(submission.values), page)
    return {"survey": survey, "submission": submission, "view": view, "numbers": layout.number}


def _question_of(name: str) -> int | None:
    ident = name[1:].removesuffix("-other")
    return int(ident) if ident.isdigit() else None


def _or_list(labels) -> str:
    quoted = [_("“%(answer)s”", answer=label) for label in labels]
    if len(quoted) <= 1:
        return "".join(quoted)
    return _("%(first)s or %(last)s", first=", ".join(quoted[:-1]), last=quoted[-1])


FORWARD_MESSAGE = _l("A question can depend only on a question before it.")


def check_condition(question: Question | None, survey: Survey, target_id: int | None, values: list[str]) -> None:
    """Refuse a condition that points forward, into a loop, at a question whose answer cannot decide,
    or at answers the question does not have. `question` None: a new question, added last."""
    if target_id is None:
        if values:
            raise ConditionError(_l("Choose the question whose answer decides."))
        return
    layout = Layout(survey)
    target = layout.by_id.get(target_id)
    if target is None:
        raise ConditionError(FORWARD_MESSAGE)
    if question is not None and (target.id == question.id or question.id in layout.number
                                 and layout.number[target.id] >= layout.number[question.id]):
        raise ConditionError(FORWARD_MESSAGE)
    if target.kind not in DECIDING_KINDS:
        raise ConditionError(_l("Only a choice, scale or yes/no question can decide whether a question is shown."))
    allowed = set(answer_values(target))
    if not values:
        raise ConditionError(_l("Choose at least one answer that shows the question."))
    if not set(values) <= allowed:
        raise ConditionError(_l("Choose from the answers of that question."))


def dependants(survey: Survey, question: Question) -> list[int]:
    """The numbers of the questions whose condition looks at `question`."""
    layout = Layout(survey)
    return [layout.number[q.id] for q in layout.questions if q.condition_question_id == question.id]


def order_keeps_conditions(questions: list[Question]) -> bool:
    """Whether every condition still points backwards in this order (of active questions)."""
    seen: set[int] = set()
    for question in questions:
        if question.condition_question_id is not None and question.condition_values \
                and question.condition_question_id not in seen \
                and any(q.id == question.condition_question_id for q in questions):
            return False
        seen.add(question.id)
    return True
