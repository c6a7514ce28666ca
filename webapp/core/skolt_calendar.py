"""Skolt Sámi (sääʹmǩiõll) month and weekday names, which CLDR does not provide.

Babel prints "2026 M11 24, Tue" for `sms`; these names fill the gap. Every name is the
lemma in GiellaLT lang-sms (`src/fst/morphology/stems/N_sms2x.lexc`, with Finnish glosses;
checked against the August 2026 snapshot): March is written with a hyphen,
"pâʹzzlâšttam-mään" (as "skamm-mään"), and Thursday with one l, "neljdpeiʹvv" (the
fin→sms dictionary also gives "nelljdpeiʹvv"). Where a month has two names (tammikuu:
ođđeeʹjjmään / vuõssmään) the one of MediaWiki's 2022 Skolt Sámi messages and the .NET
`sms-FI` culture data is used. Open question for native review (# tarkista): whether a date such as
"25. skamm-mään 2026" takes the nominative (as .NET's long date does, used here) or the
genitive (ođđeeʹjjmannu …).
"""

#: January … December, nominative.
SKOLT_MONTHS = (
    "ođđeeʹjjmään",
    "täʹlvvmään",
    "pâʹzzlâšttam-mään",
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
    "neljdpeiʹvv",
    "piâtnâc",
    "sueʹvet",
    "pâʹsspeiʹvv",
)
