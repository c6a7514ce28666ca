"""Skolt Sámi (sääʹmǩiõll) month and weekday names, which CLDR does not provide.

Babel prints "2026 M11 24, Tue" for `sms`; these names fill the gap. Every name is a
lemma in GiellaLT lang-sms (`src/fst/stems/N_sms2x.lexc`, with Finnish glosses), and the
same forms appear in MediaWiki's 2022 Skolt Sámi messages and in the .NET `sms-FI`
culture data. Open question for native review (# tarkista): whether a date such as
"25. skamm-mään 2026" takes the nominative (as .NET's long date does, used here) or the
genitive (ođđeeʹjjmannu …).
"""

#: January … December, nominative.
SKOLT_MONTHS = (
    "ođđeeʹjjmään",
    "täʹlvvmään",
    "pâʹzzlâšttammään",
    "njuhččmään",
    "vueʹssmään",
    "ǩieʹssmään",
    "sueiʹnnmään",
    "påʹrǧǧmään",
    "čõhččmään",
    "kålggmään",
    "skamm-mään",
    "rosttovmään",
)

#: Monday … Sunday.
SKOLT_WEEKDAYS = (
    "vuõssargg",
    "mââibargg",
    "seärad",
    "nelljdpeiʹvv",
    "piâtnâc",
    "sueʹvet",
    "pâʹsspeiʹvv",
)
