"""Folding Sámi text for search: what a reader types without a Sámi keyboard finds the word.

A Skolt Sámi reader on a Finnish phone types `saamkioll` for *sääʹmǩiõll*: no softness sign
ʹ (U+02B9), no apostrophe ʼ (U+02BC), and the plain letter for the Sámi ones. This module folds
both sides, the stored text and the typed query, the same way:

- case and accents off (á â ä å č ǧ ǩ õ š ž ǯ → a a a a c g k o s z ʒ), as for Finnish;
- the Sámi letters without a decomposition to their plain letter: đ → d, ŋ → n, ŧ → t,
  ʒ → z (so ǯ → z too), ǥ → g;
- ʹ and ʼ, and the look-alikes typed for them (' ´ ′ ’), dropped.

It knows nothing of inflection: Finnish search with Voikko is the services guide's own
concern; a caller folds with `fold_sami` after (or instead of) its own folding. A page's
search-as-you-type script must fold typed text by the same rule (`webapp/static/guide.js`).
"""

from __future__ import annotations

import unicodedata

#: Marks dropped and letters replaced, on the case-folded text.
_SAMI = str.maketrans({
    "\u02b9": None,  # ʹ MODIFIER LETTER PRIME, Skolt Sámi softness sign
    "\u02bc": None,  # ʼ MODIFIER LETTER APOSTROPHE
    "'": None, "\u00b4": None, "\u2032": None, "\u2019": None,  # look-alikes typed for them
    "đ": "d", "ŋ": "n", "ŧ": "t", "ʒ": "z", "ǥ": "g",
})

def fold_sami(text: str) -> str:
    """`text` lower case, without accents, Sámi letters as their plain letters, ʹ and ʼ gone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SAMI))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_SAMI)
