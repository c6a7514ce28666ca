"""Large text and small screens (WCAG 1.4.4, 1.4.10): no public page scrolls sideways at
320 px, or at 390 px with text at 200 %, in any of the six languages (REVIEW.md F7)."""

import pytest

from webapp.core.i18n import LOCALES

PAGES = ["/", "/kittila/", "/kittila/privacy", "/kittila/accessibility", "/kittila/join", "/kittila/join/manage",
         "/kittila/join/thanks", "/kittila/join/thanks?by=known", "/kittila/surveys/neuvola-2026",
         "/kittila/ideas/neuvola", "/kittila/ideas/neuvola/new", "/kittila/progress", "/kittila/services",
         "/kittila/services?q=hammaslääkäri", "/kittila/services/lastenneuvola", "/sodankyla/",
         "/sodankyla/services/perheneuvola",
         "/kittila/surveys/neuvola-2025/summary"]

#: The reader's text size at 200 %: what a phone's "large text" setting does to rem and em.
LARGE_TEXT = "html { font-size: 200% !important; }"


@pytest.fixture
def demo(app):
    from webapp.core.database import db
    from webapp.demo import load_demo_data

    with app.test_request_context():
        load_demo_data()
        db.session.commit()


def sideways(page) -> list[str]:
    """What sticks out of the viewport, when the page scrolls sideways."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        return Array.from(document.querySelectorAll("body *"))
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .slice(0, 5).map((el) => el.tagName + "." + el.className + ": " + (el.textContent || "").slice(0, 40));
    }""")


@pytest.mark.parametrize("width, large_text", [(320, False), (390, True)])
def test_no_public_page_scrolls_sideways(browser, live_server, demo, width, large_text):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800},
                                  is_mobile=True, has_touch=True, bypass_csp=True)  # for the large-text style
    page = context.new_page()
    problems = {}
    for locale in LOCALES:
        for path in PAGES:
            page.goto(path + ("&" if "?" in path else "?") + f"lang={locale}")
            if large_text:
                page.add_style_tag(content=LARGE_TEXT)
            found = sideways(page)
            if found:
                problems[f"{locale} {path}"] = found
    context.close()
    assert problems == {}, "\n".join(f"{key}: {value}" for key, value in problems.items())
