"""The demo idea board: one published idea, one held because it contains a phone number."""

from __future__ import annotations

from webapp.ideas import services
from webapp.ideas.models import ModerationMode
from webapp.moderation import services as moderation

SLUG = "neuvola"


def load_demo_board(organisation) -> None:
    if services.find_board(organisation, SLUG):
        return
    board = services.save_board(
        organisation, None, slug=SLUG, moderation=ModerationMode.PRE, is_open=True, has_supports=True,
        has_comments=True, report_threshold=3, service_area_ids=[],
        title={"fi": "Ideoita neuvolaan", "se": "Jurdagat rávvehahkii"},
        prompt={"fi": "Miten neuvola voisi palvella perhettäsi paremmin?",
                "se": "Mo rávvehat sáhtášii bálvalit du bearraša buorebut?"})
    published = services.post_idea(board, title="Iltavastaanotto kerran viikossa",
                                   body="Töissä käyville vanhemmille iltavastaanotto helpottaisi paljon.",
                                   locale="fi", nickname="Isä Kittilästä")
    moderation.publish(published)
    services.post_idea(board, title="Soittakaa minulle", locale="fi",
                       body="Haluaisin kertoa lisää, soita 040 123 4567.")
