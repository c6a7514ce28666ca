"""The demo's whole loop, in Finnish and Northern Sámi: ideas and survey answers into backlog
items, a core-group workshop that decides on them, public answers on "you said, we did", and a
services-guide change note that tells families what changed (made-up content)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from webapp.backlog import services
from webapp.backlog.models import AttendeeRow, BacklogItem, BacklogStatus, Priority, Sector, SourceKind
from webapp.core.clock import today
from webapp.core.database import db
from webapp.guide import services as guide
from webapp.guide.demo import load_demo_guide
from webapp.ideas import services as ideas
from webapp.ideas.demo import SLUG as BOARD
from webapp.ideas.models import Idea, IdeaStatus
from webapp.orgs.models import Organisation
from webapp.surveys import services as surveys
from webapp.surveys.demo_rounds import LAST_YEAR


def _area_ids(organisation: Organisation, *keys: str) -> list[int]:
    return [area.id for area in organisation.service_areas if area.key in keys]


def _entry_ids(organisation: Organisation, *slugs: str) -> list[int]:
    return [entry.id for slug in slugs if (entry := guide.find(organisation, slug)) is not None]


def load_demo_backlog(organisation: Organisation) -> None:
    """Once per organisation: three public items, a workshop with decisions, a guide change note."""
    if db.session.scalar(sa.select(BacklogItem.id).where(BacklogItem.organisation_id == organisation.id).limit(1)):
        return
    load_demo_guide(organisation)  # the items point to guide entries (no-op when they exist)
    board = ideas.find_board(organisation, BOARD)
    idea = db.session.scalars(sa.select(Idea).where(Idea.board_id == board.id, Idea.status == IdeaStatus.PUBLISHED)
                              .order_by(Idea.id).limit(1)).first() if board else None

    evening = services.promote_idea(idea) if idea else services.create_item(
        organisation, title="Iltavastaanotto kerran viikossa")
    services.update_item(
        evening, service_area_ids=_area_ids(organisation, "neuvola"),
        service_ids=_entry_ids(organisation, "lastenneuvola"),
        priority=Priority.HIGH, responsible="Neuvolan osastonhoitaja", target_quarter=f"{today().year + 1}-Q1",
        is_public=True,
        public_title={"fi": "Neuvolaan iltavastaanotto", "se": "Rávvehahkii eahketvuostáiváldin"},
        public_answer={
            "fi": "Moni työssä käyvä vanhempi toivoi iltavastaanottoa. Kokeilemme sitä tiistai-iltaisin "
                  "ensi keväänä ja kysymme kokeilun jälkeen, miten se palveli teitä.",
            "se": "Máŋga bargguid barggi váhnen sávai eahketvuostáiváldima. Geahččalit dan disdaga "
                  "eahkediid boahtte giđa ja jearrat geahččaleami maŋŋá, mo dat bálvalii din."})
    last_year = surveys.find_survey(organisation, LAST_YEAR)
    services.add_source(evening, SourceKind.SURVEY, count=23, note="Neuvolakysely: toive ilta-ajoista",
                        survey_id=last_year.id if last_year else None)

    sami_club = services.create_item(
        organisation, title="Saamenkielinen perhekerho", service_area_ids=_area_ids(organisation, "jarjestot"),
        service_ids=_entry_ids(organisation, "perhekahvila"), responsible="MLL:n paikallisyhdistys", is_public=True,
        public_title={"fi": "Perhekahvilaan saamenkielinen aamupäivä", "se": "Bearašgáfedahkii sámegielat iđitbeaivi"},
        public_answer={
            "fi": "Toivoitte, että perhekahvilassa voisi puhua saamea. Nyt joka kuun ensimmäinen tiistai on "
                  "saamenkielinen, ja mukana on saamea puhuva ohjaaja.",
            "se": "Dii sávaidettet ahte bearašgáfedagas sáhtášii hállat sámegiela. Dál juohke mánu vuosttaš "
                  "disdat lea sámegielat, ja mielde lea sámegiela hálli bagadalli."})
    services.add_source(sami_club, SourceKind.EVENT, count=9, note="Perhetapahtuma, toiveseinä")

    chat = services.create_item(
        organisation, title="Neuvolan chat iltaisin", service_area_ids=_area_ids(organisation, "neuvola"),
        is_public=True,
        public_title={"fi": "Neuvolan chat", "se": "Rávvehaga chat"},
        public_answer={
            "fi": "Selvitämme, voisiko neuvolan terveydenhoitajalta kysyä chatissa. Kerromme tässä, mitä päätämme.",
            "se": "Čielggadit, sáhtášii go rávvehaga dearvvašvuođadikšus jearrat chattas. Mii muitalit dáppe, "
                  "maid mearridit."})
    services.add_source(chat, SourceKind.SURVEY, count=11, note="Neuvolakysely",
                        survey_id=last_year.id if last_year else None)
    services.change_status(chat, BacklogStatus.CONSIDERING)

    workshop = services.save_workshop(
        organisation, None, title="Ydinryhmän työpaja: neuvola ja perhekahvila", held_on=today() - timedelta(days=21),
        place="Perhekeskus", developer_client_count=2, attendees=[
            AttendeeRow("Perhekeskuskoordinaattori", Sector.SOCIAL_SERVICES.value),
            AttendeeRow("Neuvolan osastonhoitaja", Sector.HEALTH_CARE.value),
            AttendeeRow("MLL:n paikallisyhdistys", Sector.NGO.value)])
    for item in (evening, sami_club):
        services.add_to_agenda(workshop, item)
    decisions = {
        evening.id: ("Kokeillaan iltavastaanottoa tiistaisin keväällä; arvioidaan kyselyllä.", BacklogStatus.PLANNED),
        sami_club.id: ("Saamenkielinen aamupäivä kerran kuussa; MLL järjestää ohjaajan.", BacklogStatus.PLANNED),
    }
    for entry in workshop.agenda:
        decision, status = decisions[entry.item_id]
        services.record_decision(entry, decision=decision, status=status)
    services.change_status(sami_club, BacklogStatus.IN_PROGRESS)
    services.change_status(sami_club, BacklogStatus.DONE, note="Ensimmäinen saamenkielinen aamupäivä pidetty.")

    cafe = guide.find(organisation, "perhekahvila")
    if cafe is not None:
        guide.save_service(organisation, cafe, public_note={
            "fi": "Joka kuun ensimmäinen tiistai on saamenkielinen (perhekerhon toive).",
            "se": "Juohke mánu vuosttaš disdat lea sámegielat (bearašgáfedaga sávaldat)."})
