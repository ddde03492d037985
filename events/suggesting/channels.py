"""Tell how a statement was made from the words that attribute it.

"in a phone interview" (a phone call), "told reporters", « en conférence de
presse », "op een persconferentie" (a press conference), "in a statement",
« dans un communiqué », "in een verklaring" (a press statement), "on X",
« sur Facebook », "op sociale media" (social media), "in an interview",
« dans un entretien à », "in een gesprek met" (an interview), "in a speech",
"told parliament", « devant les députés » (a speech). The values are those
of ``Statement.Channel``; "" when the words do not say.
"""

from __future__ import annotations

import re

PHONE_CALL, SOCIAL_MEDIA = "phone_call", "social_media"
PRESS_STATEMENT, PRESS_CONFERENCE = "press_statement", "press_conference"
INTERVIEW, SPEECH = "interview", "speech"

_PLATFORMS = (
    r"(?:X|Twitter|Facebook|Instagram|TikTok|LinkedIn|Telegram|WhatsApp|YouTube)"
)
# The first that matches decides: "a phone interview" is a phone call.
_CHANNELS = [
    (
        PHONE_CALL,
        r"\b(?:(?:tele)?phone (?:interview|call|conversation)|by (?:tele)?phone|"
        r"(?:on|over) the (?:tele)?phone|reached by (?:tele)?phone|"
        r"par téléphone|au téléphone|entretien téléphonique|"
        r"telefonisch|telefoongesprek|aan de telefoon|per telefoon)\b",
    ),
    (
        SOCIAL_MEDIA,
        rf"\b(?:(?:on|sur|op)\s+(?:(?:his|her|its|their|son|sa|ses|zijn|haar)\s+)?"
        rf"(?:(?:account|compte|account)\s+(?:on\s+|sur\s+|op\s+)?)?{_PLATFORMS}"
        r"(?![\w\-])|social media|réseaux sociaux|sociale media|tweeted|tweeté|"
        r"tweette|twitterde|in a post\b|dans un message publié|in een bericht op)",
    ),
    (
        PRESS_STATEMENT,
        r"\b(?:statement|press release|communiqué|communique|déclaration écrite|"
        r"verklaring|persbericht|mededeling)\b",
    ),
    (
        PRESS_CONFERENCE,
        r"\b(?:press conference|news conference|press briefing|briefing|"
        r"told reporters|told journalists|told the press|"
        r"conférence de presse|point de presse|devant la presse|"
        r"devant les journalistes|à la presse|persconferentie|tegen journalisten|"
        r"tegen de pers|tegen verslaggevers)\b",
    ),
    (
        INTERVIEW,
        r"\b(?:interview|told (?:the\s+)?(?:[A-Z][\w\-]*\s*){1,3}"
        r"(?=[,.;]|\s+(?:on|in|at|that|by|last|this|earlier|yesterday|today)\b)|"
        # « … à Radio Okapi », "aan onze correspondent": to a broadcaster or
        # to the paper's own reporter.
        r"à\s+(?:la\s+)?(?:[Rr]adio|[Tt]élévision|RFI|TV5)\b|"
        r"(?:à|aan|tegen)\s+(?:notre|nos|onze)\s+(?:correspondante?s?|envoyée?|"
        r"journaliste|reporter|rédaction|verslaggever|verslaggeefster|redactie)|"
        r"told (?:our|this) (?:reporter|correspondent|newspaper)|"
        r"entretien|interview|a confié à|[Ii]nterrogée? par|interviewed by|"
        r"a (?:déclaré|indiqué|dit|affirmé|expliqué)\s+(?:\w+\s+)?à\s+"
        r"(?:l['’]|la |le )?[A-Z]|in een gesprek met|tegen (?:de|het) "
        r"(?:krant|redactie|persbureau|omroep)|[Ii]nterview|[Ee]ntretien|"
        r"(?:we|We|I) (?:talked|spoke) (?:to|with) (?:him|her)|"
        r"(?:[Ww]e|[Ii]k) spraken? (?:hem|haar)|"
        r"(?:krant|redactie|persbureau|omroep)|vertelde (?:aan|tegen))",
    ),
    (
        SPEECH,
        r"\b(?:speech|addressing|addressed|told (?:the\s+|an?\s+)?(?:crowd|parliament|"
        r"lawmakers|assembly|senators|supporters|rally|delegates|general assembly)|"
        r"at a rally|discours|devant (?:le parlement|les députés|l['’]assemblée|"
        r"la foule|les sénateurs|la population|les fidèles|les troupes|les soldats|"
        r"ses partisans|les militants)|toespraak|speech|told (?:the )?troops|"
        r"sermon|homily|homélie|preek|in (?:het )?parlement|"
        r"in parliament|au parlement|à l['’]Assemblée|"
        r"told (?:the\s+)?(?:worshippers|congregation|"
        r"mourners|faithful))\b",
    ),
]
_COMPILED = [(channel, re.compile(pattern)) for channel, pattern in _CHANNELS]


def channel_of(words: str) -> str:
    """The channel the attributing ``words`` name, or ""."""
    for channel, pattern in _COMPILED:
        if pattern.search(words):
            return channel
    return ""
