"""Words into search terms, one function per language.

An analyser turns one word into the terms it is indexed and looked up by: its folded form and,
where the language has a morphological analyser, its base forms and compound parts. Finnish goes
through Voikko (Debian's `libvoikko1` and `voikko-fi`): `lastenneuvolasta` gives
`lastenneuvolasta`, `lastenneuvola`, `lapsi` and `neuvola`. The Sámi languages fold the way phones
type them (`webapp.core.sami_text`). A language's own analyser is plugged in with `register`.

Every term is folded (`fold_sami`: lower case, accents and Sámi letters to plain letters, ʹ gone),
so a term from one language meets the same word typed in another keyboard's way.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import libvoikko

from webapp.core.sami_text import fold_sami

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Terms:
    """What one word means for search: `bases` are the whole word's forms (surface and base
    forms), `parts` the base forms of its compound parts (empty for a simple word)."""

    bases: frozenset[str]
    parts: tuple[str, ...] = ()

    @property
    def all(self) -> frozenset[str]:
        return self.bases | frozenset(self.parts)


Analyser = Callable[[str], Terms]

_WORD = re.compile(r"[\w\u02b9\u02bc'’]+", re.UNICODE)


def split_words(text: str) -> list[str]:
    """The words of a text: letters, digits and the Sámi marks; hyphens and spaces split."""
    return [word.strip("'’") for word in _WORD.findall(text or "") if word.strip("'’_")]


def plain_terms(word: str) -> Terms:
    """A language without an analyser here: the folded word."""
    return Terms(frozenset({fold_sami(word)}))


# --- Finnish through Voikko ----------------------------------------------------------------

_voikko_lock = threading.Lock()
_voikko: list = []  # the one Voikko handle, made on first use; [None] when it cannot be had


def _finnish_analyser():
    if not _voikko:
        try:
            _voikko.append(libvoikko.Voikko("fi"))
        except (OSError, libvoikko.VoikkoException) as error:  # no libvoikko1 or voikko-fi on this machine
            log.warning("Finnish search works without Voikko (install libvoikko1 and voikko-fi): %s", error)
            _voikko.append(None)
    return _voikko[0]


_SEGMENT = re.compile(r"\+([^(+]*)\(([^)]*)\)")


@lru_cache(maxsize=20_000)
def finnish_terms(word: str) -> Terms:
    """The folded word, its base forms and, for a compound, its parts' base forms. Of several
    readings, those with the fewest parts are kept (`lastenneuvolasta`: lasten+neuvola, not
    lasten+neuvo+lapsi)."""
    surface = fold_sami(word)
    voikko = _finnish_analyser()
    if voikko is None or not word:
        return Terms(frozenset({surface}))
    with _voikko_lock:  # one handle, used by one thread at a time
        readings = voikko.analyze(word)
    if not readings:
        return Terms(frozenset({surface}))

    def size(reading) -> int:
        return reading.get("STRUCTURE", "").count("=") or 1

    fewest = min(size(reading) for reading in readings)
    bases = {surface}
    parts: list[str] = []
    for reading in readings:
        if size(reading) != fewest:
            continue
        if reading.get("BASEFORM"):
            bases.add(fold_sami(reading["BASEFORM"]))
        if fewest > 1:  # a compound: each part by its base form; derivational endings (+us) are not parts
            for _surface, base in _SEGMENT.findall(reading.get("WORDBASES", "")):
                if base and not base.startswith("+") and fold_sami(base) not in parts:
                    parts.append(fold_sami(base))
    return Terms(frozenset(bases), tuple(parts))


def sami_terms(word: str) -> Terms:
    """Sámi as phones type it: the folded word (prefixes match in the search)."""
    return Terms(frozenset({fold_sami(word)}))


#: The analyser of each content language; a language not here is folded only.
ANALYSERS: dict[str, Analyser] = {
    "fi": finnish_terms, "se": sami_terms, "smn": sami_terms, "sms": sami_terms,
    "sv": plain_terms, "en": plain_terms,
}


def register(language: str, analyser: Analyser) -> None:
    """Use `analyser` for the words of `language` from now on."""
    ANALYSERS[language] = analyser


def terms(word: str, language: str) -> Terms:
    return ANALYSERS.get(language, plain_terms)(word)


def text_terms(text: str, language: str) -> set[str]:
    """Every term of a text in `language`: for indexing."""
    found: set[str] = set()
    for word in split_words(text):
        found |= terms(word, language).all
    return found


def query_terms(word: str) -> Terms:
    """A typed word in an unknown language: the readings of every analyser together. Compound
    parts come from the first analyser that finds any (Finnish)."""
    bases: set[str] = set()
    parts: tuple[str, ...] = ()
    for analyser in dict.fromkeys(ANALYSERS.values()):
        found = analyser(word)
        bases |= found.bases
        parts = parts or found.parts
    return Terms(frozenset(bases), parts)
