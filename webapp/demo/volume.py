"""`flask demo-data --volume`: the demo organisations at the volume of a real year, so that the
staff pages can be tried and measured as they will be used (made-up content, `.example` emails).

Everything is added through the features' own services and models, as the app itself would
store it: ideas with comments, supports and reports on the demo board, survey responses with
their tallies, developer-clients with consents, interests and groups, and backlog items with
sources and status history. Running it again tops each organisation up to the same counts.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from webapp.backlog import services as backlog
from webapp.backlog.models import BacklogItem, BacklogStatus, SourceKind
from webapp.core.clock import today, utcnow
from webapp.core.database import db
from webapp.ideas import demo as idea_demo
from webapp.ideas import services as ideas
from webapp.ideas.models import Idea, IdeaStatus, ReportReason
from webapp.moderation import services as moderation
from webapp.orgs.models import Organisation
from webapp.surveys import answering
from webapp.surveys import demo as survey_demo
from webapp.surveys import services as surveys
from webapp.surveys.models import Channel, QuestionKind, Response
from webapp.volunteers.models import (
    AgeRange,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Volunteer,
    VolunteerGroup,
    VolunteerStatus,
)


@dataclass(frozen=True)
class Volume:
    """How many of each thing one organisation holds."""

    ideas: int = 150
    responses: int = 2_000
    volunteers: int = 300
    backlog_items: int = 60


#: What `--volume` loads into each demo organisation.
REAL_YEAR = Volume()

IDEA_TITLES = ["Iltavastaanotto", "Vertaisryhmä isille", "Perhekahvila kirjastoon", "Chat-neuvonta",
               "Saamenkielinen satutunti", "Kerhotila nuorille", "Vauvauinti", "Etävastaanotto"]
FIRST_NAMES = ["Aino", "Máret", "Jouni", "Niina", "Eeli", "Sámmol", "Inka", "Ánte", "Liisa", "Piera"]
GROUPS = ["Vauvaperheet", "Nuorten raati", "Isät", "Saamenkieliset perheet"]


def load_volume(organisation: Organisation, volume: Volume = REAL_YEAR) -> dict[str, int]:
    """Top the organisation up to `volume` (after `load_demo_data`); returns what was added."""
    rng = random.Random(f"{organisation.slug}-{asdict(volume)}")
    added = {
        "ideas": _ideas(organisation, volume.ideas, rng),
        "responses": _responses(organisation, volume.responses, rng),
        "volunteers": _volunteers(organisation, volume.volunteers, rng),
        "backlog_items": _backlog_items(organisation, volume.backlog_items, rng),
    }
    db.session.flush()
    return added


def _count(model, organisation: Organisation) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)).where(model.organisation_id == organisation.id))


def _ideas(organisation: Organisation, wanted: int, rng: random.Random) -> int:
    board = ideas.find_board(organisation, idea_demo.SLUG)
    missing = wanted - _count(Idea, organisation)
    areas = [area.id for area in organisation.service_areas]
    for n in range(missing):
        idea = ideas.post_idea(board, title=f"{rng.choice(IDEA_TITLES)} {n + 1}", locale="fi",
                               body="Töissä käyville vanhemmille tämä helpottaisi paljon. " * rng.randint(1, 4),
                               nickname=rng.choice(FIRST_NAMES), service_area_id=rng.choice([None, *areas]))
        if n % 10 != 3:  # most are published; every tenth waits for moderation
            moderation.publish(idea)
            for supporter in range(rng.randint(0, 6)):
                ideas.support(idea, f"demo-{idea.id}-{supporter}")
            for _comment in range(n % 3):
                ideas.add_comment(idea, body="Hyvä ajatus, kannatan!", locale="fi", nickname=rng.choice(FIRST_NAMES))
            if n % 25 == 0:
                ideas.report(idea, None, ReportReason.SPAM, f"demo-report-{idea.id}")
    return max(missing, 0)


def _responses(organisation: Organisation, wanted: int, rng: random.Random) -> int:
    survey = surveys.find_survey(organisation, survey_demo.SLUG)
    if survey is None:
        return 0
    # The demo survey's own responses: the demo's other rounds have theirs already.
    missing = wanted - db.session.scalar(sa.select(sa.func.count(Response.id)).where(Response.survey_id == survey.id))
    if missing <= 0:
        return 0
    surveys.load_questions(survey)
    for n in range(missing):
        form: dict[str, list[str]] = {}
        for question in survey.active_questions:
            name = f"q{question.id}"
            if question.kind is QuestionKind.SINGLE:
                form[name] = [str(rng.choice(question.active_options).id)]
            elif question.kind is QuestionKind.MULTIPLE:
                form[name] = [str(option.id) for option in question.active_options if rng.random() < 0.4]
            elif question.kind is QuestionKind.SCALE:
                form[name] = [str(rng.randint(1, 5))]
            elif question.kind is QuestionKind.YES_NO:
                form[name] = [rng.choice(["0", "1"])]
            elif rng.random() < 0.3:
                form[name] = ["Iltavastaanotto olisi hyvä."]
        submission = answering.parse_submission(survey, MultiDict(
            [(name, value) for name, values in form.items() for value in values]))
        answering.store_response(survey, submission, nonce=f"demo-{secrets.token_hex(12)}",
                                 locale=rng.choice(["fi", "fi", "fi", "se"]),
                                 channel=Channel.PAPER if n % 20 == 0 else Channel.WEB,
                                 submitted_on=today() - timedelta(days=rng.randint(0, 300)))
    return missing


def _volunteers(organisation: Organisation, wanted: int, rng: random.Random) -> int:
    missing = wanted - _count(Volunteer, organisation)
    if missing <= 0:
        return 0
    areas = list(organisation.service_areas)
    groups = {group.name: group for group in db.session.scalars(
        sa.select(VolunteerGroup).where(VolunteerGroup.organisation_id == organisation.id))}
    for name in GROUPS:
        if name not in groups:
            groups[name] = VolunteerGroup(organisation_id=organisation.id, name=name)
            db.session.add(groups[name])
    start = _count(Volunteer, organisation)
    for n in range(start, start + missing):
        languages = rng.choice([["fi"], ["se", "fi"], ["fi", "sv"], ["fi", "en"]])
        volunteer = Volunteer(
            organisation_id=organisation.id, name=f"{rng.choice(FIRST_NAMES)} {n}",
            email=f"asiakaskehittaja{n}@{organisation.slug}.example", age_range=rng.choice(list(AgeRange)),
            children=rng.sample(["expecting", "0-2", "3-6", "7-12", "13-17"], rng.randint(0, 2)),
            ways=rng.sample(["surveys", "workshops", "interviews", "trying"], rng.randint(1, 3)),
            languages=languages, locale=languages[0], status=VolunteerStatus.ACTIVE, confirmed_at=utcnow(),
            link_key=secrets.token_hex(16), interests=rng.sample(areas, min(len(areas), rng.randint(0, 3))))
        volunteer.consents.append(Consent(purpose=ConsentPurpose.CONTACT, method=ConsentMethod.WEB,
                                          notice_version=organisation.privacy_notice_version))
        volunteer.groups = rng.sample(list(groups.values()), rng.randint(0, 2))
        db.session.add(volunteer)
    return missing


def _backlog_items(organisation: Organisation, wanted: int, rng: random.Random) -> int:
    missing = wanted - _count(BacklogItem, organisation)
    if missing <= 0:
        return 0
    areas = [area.id for area in organisation.service_areas]
    published = list(db.session.scalars(sa.select(Idea).where(
        Idea.organisation_id == organisation.id, Idea.status == IdeaStatus.PUBLISHED).order_by(Idea.id)))
    for n in range(missing):
        if n % 2 == 0 and published:  # half come from ideas, the rest from surveys and workshops
            item = backlog.promote_idea(published.pop(rng.randrange(len(published))))
        else:
            item = backlog.create_item(organisation, title=f"{rng.choice(IDEA_TITLES)}: kokeilu {n + 1}",
                                       description="Kokeillaan puoli vuotta ja kysytään perheiltä.",
                                       service_area_ids=rng.sample(areas, min(len(areas), rng.randint(1, 2))))
            backlog.add_source(item, rng.choice([SourceKind.SURVEY, SourceKind.WORKSHOP]),
                               count=rng.randint(2, 40), note="Kyselyn ja työpajan palautteet")
        for status in (BacklogStatus.CONSIDERING, BacklogStatus.PLANNED, BacklogStatus.IN_PROGRESS)[:rng.randint(0, 3)]:
            backlog.change_status(item, status)
    return missing
