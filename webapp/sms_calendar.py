"""Skolt Sámi (sääʹmǩiõll) month and weekday names, which CLDR does not provide.

Babel prints "2026 M11 24, Tue" for `sms`; these names fill the gap. They were compiled
from dictionary sources and await native review like any catalog entry (# tarkista).
"""

#: January … December, as used in dates ("25. skammmään 2026").  # tarkista
SKOLT_MONTHS = (
    "ođđeeʹjjmannu",
    "täʹlvvmannu",
    "pâʹzzlâšttammannu",
    "njuhččmannu",
    "vueʹssmannu",
    "ǩieʹssmannu",
    "sueiʹnnmannu",
    "påʹrǧǧmannu",
    "čõhččmannu",
    "kålggmannu",
    "skammmannu",
    "rosttovmannu",
)

#: Monday … Sunday.  # tarkista
SKOLT_WEEKDAYS = (
    "vuõssargg",
    "mââibargg",
    "kuåskõõvvâd",
    "tuâllõõvvâd",
    "piâtnâc",
    "sueʹvet",
    "pâʹsslâšttampeeiʹvv",
)
