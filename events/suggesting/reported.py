"""Find official statements reported without quotation marks.

"The Government of X today notified …", "In a statement, the ministry said
that …", « Selon le ministère de la Santé, … », "Het Rijksarchief liet in
een verklaring weten dat …": what an institution said, in the reporter's
words. Only bodies are read this way (a ministry, a government, a mission,
an agency, an acronym): what a person is reported to have said is left to
the editor. Each is proposed as an indirect statement (a paraphrase) whose
speaker is the body, anchored on its sentence.
"""

from __future__ import annotations

import re

from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.names import ORG_WORDS, ROLE_WORDS
from events.suggesting.quotes import Quote
from sources.folding import fold

_STATEMENT = (
    r"(?:statement|press release|communiqué|communique|verklaring|persbericht|"
    r"mededeling)"
)
_SAID = (
    r"(?:said|stated|announced|added|confirmed|noted|warned|indicated|"
    r"a (?:indiqué|déclaré|affirmé|annoncé|précisé|souligné|fait savoir)|"
    r"indique|affirme|annonce|précise|zei|meldde|verklaarde|stelde|liet\s+"
    r"(?:in\s+een\s+\w+\s+)?weten)"
)
_THAT = r"(?:that|que|qu['’]|dat)"
_WHO = (
    r"(?P<who>(?:[Tt]he|[Ll]e|[Ll]a|[Ll]['’]|[Hh]et|[Dd]e|[Ii]ts|[Hh]is|[Hh]er|"
    r"[Tt]heir)?\s*[^,;:\"“”«»„]{2,100}?"
    # "The United Nations mission, MONUSCO, said …": its acronym in apposition.
    r"(?:,\s*[A-Z][A-Za-z]{1,9}\s*,)?)"
)
_APPOSED_ACRONYM = re.compile(r",\s*([A-Z][A-Za-z]{1,9})\s*,$")
# « La Banque africaine de développement, qui finançait le forum, a indiqué
# … »: a relative clause about the body, between it and its verb.
_RELATIVE = r"(?:,\s*(?:qui|who|which|die|dat)\s[^,;:\"“”«»„]{1,100},)?"
# When the body spoke, between its name and its verb or after the verb:
# "announced today", « a annoncé mercredi », "maakte woensdag bekend".
_WHEN = (
    r"(?:\s+(?:on\s+|op\s+|le\s+)?(?:today|yesterday|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|ce jour|hier|aujourd['’]hui|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche|vandaag|gisteren|eergisteren|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|last week|"
    r"this week|vorige week|la semaine dernière)"
    r"(?:\s+(?:soir|matin|dernier|evening|morning|afternoon|avond|ochtend|"
    r"middag))?)?"
)
# "In a statement (issued later in Kinshasa), the ministry said that …".
_IN_A_STATEMENT = re.compile(
    rf"^(?:In|Dans|In)\s+(?:a|an|its|a written|un|une|son|een)\s+(?:\w+\s+)?"
    rf"{_STATEMENT}\b[^,;\"“”«»„]{{0,80}},\s*{_WHO}\s+{_SAID}\s+{_THAT}",
)
# "The agency said in a statement that …", "Het Rijksarchief liet in een
# verklaring weten dat …".
_SAID_IN_A_STATEMENT = re.compile(
    rf"^{_WHO}{_RELATIVE}\s+(?:{_SAID}\s+(?:\w+\s+)?(?:in|dans|op)\s+(?:a|an|un|une|een)\s+"
    rf"(?:\w+\s+)?{_STATEMENT}\b[^,;\"“”«»„]{{0,40}}\s*,?\s*|"
    rf"liet\s+in\s+een\s+{_STATEMENT}\s+weten\s+){_THAT}",
)
# "The Ugandan foreign ministry announced today that …", « Le SPF Affaires
# étrangères a annoncé mercredi que … », "Het ministerie maakte woensdag
# bekend dat …": a body's words, reported in the reporter's.
_BODY_SAID = re.compile(
    rf"^{_WHO}{_RELATIVE}{_WHEN}\s+(?:{_SAID}|announces|says|states|confirms|"
    rf"reports|a fait savoir|fait savoir|(?:maakte|maakt|kondigde|kondigt|liet|laat)"
    rf"{_WHEN}\s+(?:bekend|aan|weten)){_WHEN}\s+{_THAT}",
)
# « Selon le ministère de la Santé, … », "According to the agency, …".
_ACCORDING = re.compile(
    r"^(?:According to|Selon|D['’]après|Volgens)\s+(?P<who>[^,;:\"“”«»„]{2,100}?),\s+"
    r"(?=\S)",
)
# "Volgens de bank moet die maatregel …": Dutch puts the verb right after
# whom the words are from, with no comma.
_VOLGENS = re.compile(
    r"^Volgens\s+(?P<who>[^,;:\"“”«»„]{2,100}?)\s+(?:is|zijn|was|waren|heeft|"
    r"hebben|had|hadden|moet|moeten|moest|zal|zullen|zou|zouden|kan|kunnen|kon|"
    r"konden|gaat|gaan|ging|wordt|worden|werd|werden|blijft|blijven|ligt|liggen|"
    r"staat|staan|kwam|kwamen|komt|komen|daalde|steeg|stierven|vielen|zitten|"
    r"zaten)\b"
)
# A communiqué's own sentences: "The Government … today notified …",
# "MONUSCO strongly condemns …", « Le gouvernement fédéral a décidé … ».
_COMMUNIQUE = re.compile(
    r"^(?P<who>(?:[Tt]he|[Ll]e|[Ll]a|[Ll]['’]|[Hh]et|[Dd]e)?\s*"
    r"[A-ZÀ-Ýa-zà-ÿ][^,;:\"“”«»„]{1,160}?)\s+(?:today\s+|ce jour\s+|vandaag\s+)?"
    r"(?:strongly\s+|firmly\s+|fermement\s+|vivement\s+)?"
    # What only a communiqué says of its own body; not "calls on", "welcomes",
    # which news sentences say of bodies too.
    r"(?P<verb>notified|notifies|condemns|condemned|a décidé|décide|condamne|"
    r"notifie|a notifié|veroordeelt|decided|besliste|heeft besloten)\b"
)
# A decision is the body's own notice when it is dated "today" (« ce jour »).
_DECIDED = {"a décidé", "décide", "decided", "besliste", "heeft besloten"}
_TODAY = re.compile(r"\b(?:today|ce jour|aujourd['’]hui|vandaag)\b", re.I)
_BODY_WORDS = {fold(word) for word in ORG_WORDS} | {
    "mission", "organisation", "organization", "agency", "programme", "rijksarchief",
    "archief", "federatie", "federation", "unhcr", "spf", "fod", "ministere",
    "division", "directorate", "direction", "authority", "autorite", "secretariat",
    "coordination", "comite", "cross", "croix", "kruis", "agentschap", "dienst",
    "service", "services", "societe", "bureau", "secretariaat", "directie",
    "banque", "bank", "fonds", "croix-rouge",
}  # fmt: skip
# Dutch writes a body's kind into one word: "ontwikkelingsagentschap".
_BODY_ENDINGS = tuple(word for word in _BODY_WORDS if len(word) >= 6)
# "Fedasil, het federaal agentschap voor …": a name the text describes as a
# body, once.
_DESCRIBED_AS = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][\w\-]{1,40}),[ \t\u00a0]{1,10}"
    r"(?:the|het|de|le|la|l['’]|an?|een|une?)[ \t\u00a0]{0,10}"
    r"(?P<what>[^,.;:\"“”«»„\n]{1,80})"
)
_PERSON_HEADS = {fold(word) for word in ROLE_WORDS} | {
    "porte-parole", "recteur", "rector", "rectrice", "doyen", "dean",
}  # fmt: skip
# "KINSHASA, 3 octobre 2025 – ", "GOMA, Nov 15 (Lakes Wire) — ".
_DATELINE = re.compile(
    r"[A-ZÀ-Ý][A-ZÀ-Ý .'’\-]{1,40},[^–—\n]{1,40}?\s[–—-]\s{1,10}(?=[A-ZÀ-Ý])"
)
# Where a body's name ends and what it is of begins: "recteur | de
# l'Université …", "provincial division | of public health".
_OF = {"of", "for", "de", "du", "des", "d", "van", "voor", "pour"}
_MEDIA_WORDS = {
    "times", "news", "press", "journal", "radio", "tv", "television", "newspaper",
    "quotidien", "krant", "omroep", "magazine", "post", "herald", "tribune",
}  # fmt: skip
_ACRONYM = re.compile(r"\b[A-Z]{3,10}\b")


def described_bodies(text: str) -> set[str]:
    """Single-word names ``text`` describes as bodies: "Fedasil, het … agentschap"."""
    found = set()
    for match in _DESCRIBED_AS.finditer(text):
        words = fold(match["what"]).split()[:4]
        if any(word.endswith(_BODY_ENDINGS) or word in _BODY_WORDS for word in words):
            found.add(match["name"])
    return found


def is_body(who: str, described: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether ``who`` names an institution, not a person or "a report by …"."""
    if re.match(r"(?:an?|un|une|een|des|some|several)\s", who.strip(), re.I):
        return False
    if who.strip() in described:
        return True
    folded = fold(who).replace("'", " ").replace("’", " ").split()
    head = next(
        (w for w in folded if w not in {"the", "le", "la", "l", "het", "de"}), ""
    )
    if head in _PERSON_HEADS or set(folded) & _MEDIA_WORDS:
        return False  # "le porte-parole de la Mission …": a person; a newspaper
    # The body is said first: "the provincial government of …", "Het
    # Rijksarchief"; not "economists at the University of …".
    content = [w for w in folded if w not in {"the", "le", "la", "l", "het", "de"}]
    articles = {"the", "le", "la", "l", "het", "de"}
    first = next(
        (w for w in re.split(r"[\s'’]+", who) if w and fold(w) not in articles), ""
    )
    named: list[str] = []  # the words before what the body is of
    for word in folded:
        if named and word in _OF:
            break
        if named or word not in articles:
            named.append(word)
    if set(named[:2]) & _BODY_WORDS:
        return True
    if (
        first[:1].isupper()
        and len(content) >= 2
        and re.match(r"(?:[Tt]he|[Ll]e|[Ll]a|[Ll]['’]|[Hh]et|[Dd]e)\s*[A-ZÀ-Ý]", who)
        and all(word[:1].isupper() or fold(word) in _JOINING for word in who.split())
    ):
        # "The Burundi Red Cross", "Le SPF Affaires étrangères": a proper name
        # with an article is a body's; a person's takes none.
        return True
    return first[:1].isupper() and (
        bool(set(folded) & _BODY_WORDS) or bool(_ACRONYM.search(who))
    )


_JOINING = {"the", "le", "la", "het", "de", "of", "for", "and", "du", "des", "van"}


def find_reported(
    text: str, sentences: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> list[tuple[Quote, str, bool, int, bool]]:
    """Each sentence reporting what a body said without marks, who, whether
    it is the body's own notice ("The Government … today notified …"), where
    the words attributing it end (a date after that, "that a team would
    leave on Thursday", is what was said, not when), and whether those words
    say the body stated it ("announced", "in a statement"), not only that it
    is the body's view ("according to the agency")."""
    found = []
    described = described_bodies(text)
    spans = iter(sorted(quoted))
    current = next(spans, None)
    for start, end in sentences:
        if end - start > MAX_SENTENCE_CHARS:
            continue
        while current is not None and current[1] <= start:
            current = next(spans, None)
        if current is not None and current[0] <= start and end <= current[1]:
            continue  # a sentence inside a quote
        sentence = text[start:end]
        if dateline := _DATELINE.match(sentence):
            # "BRUXELLES, 3 octobre 2025 – Le SPF … a annoncé …": the
            # sentence opens after the dateline.
            start, sentence = start + dateline.end(), sentence[dateline.end() :]
        who, own, said_end, stated = "", False, start, True
        for pattern in (
            _IN_A_STATEMENT,
            _SAID_IN_A_STATEMENT,
            _BODY_SAID,
            _ACCORDING,
            _VOLGENS,
            _COMMUNIQUE,
        ):
            match = pattern.match(sentence)
            if (
                match
                and pattern is _COMMUNIQUE
                and match["verb"] in _DECIDED
                and not _TODAY.search(sentence)
            ):
                continue  # "the government decided on Wednesday": news, not a notice
            if match and is_body(match["who"], described):
                who, own = match["who"].strip(), pattern is _COMMUNIQUE
                stated = pattern not in (_ACCORDING, _VOLGENS)
                said_end = start + match.end()
                if acronym := _APPOSED_ACRONYM.search(who):
                    who = acronym[1]
                break
        if not who:
            continue
        found.append(
            (
                Quote(
                    start=start,
                    end=end,
                    text=sentence,
                    open_at=start,
                    close_at=end,
                    paragraph=(start, end),
                    marks=False,
                ),
                who,
                own,
                said_end,
                stated,
            )
        )
    return found
