"""The clause that attributes a quote, after it or before it.

After: "…," X said / said X / X told … / according to X; « … », a déclaré X /
a-t-il ajouté / selon X; „…", zei X / zei hij / aldus X / liet X weten.
Before: according to X, "…" / X said: "…" / « Pour X, … » / "Volgens X is
de wijk „…"" / a clause naming a person and ending on a colon.
"""

from __future__ import annotations

import re

from events.suggesting.nameindex import fold
from events.suggesting.names import _NOT_NAMES as _NOT_NAMES
from events.suggesting.names import (
    NAME,
    TITLES,
)
from events.suggesting.naming import CAPITAL_WORD
from events.suggesting.quotes import Quote
from events.suggesting.resolving import (
    BEFORE_VERB,
    last_subject_chunk,
    pronoun_speaker,
    resolve,
)
from events.suggesting.speakers import (
    Context,
    Speaker,
    sentence_start,
)
from events.suggesting.speechwords import (
    PARTICIPLES,
    PRONOUNS,
    VERBS,
)

INVERTED = re.compile(
    r"^(?:(?:leur|lui|nous|vous|me|m['’])\s+)?(?:a|avait|ont)-t-"
    r"(?P<pro>il|elle|ils|elles)\s+\w+"
    r"|^s['’](?:est|était)-(?P<pro3>il|elle)\s+\w+"
    r"|^(?:ajoute|poursuit|explique|précise|insiste|déclare|affirme|estime|souligne|"
    r"dit|assure|lance|martèle|conclut|note|rappelle|raconte|confie|sourit|soupire|"
    r"témoigne|reconnaît|regrette|résume|tranche|avertit|prévient|répond|"
    r"interroge|s['’]indigne|s['’]inquiète|s['’]emporte|"
    # After a quote, any verb inverted with its pronoun attributes it:
    # « …, renchérit-il », « …, déplore-t-elle ».
    r"(?:s['’])?[a-zà-ÿ]{3,20}(?=-t-|-il\b|-elle\b|-ils\b|-elles\b))"
    r"-t?-?(?P<pro2>il|elle|ils|elles)\b"
    # Dutch: "zei hij", "zegt ze", "voegde zij eraan toe".
    r"|^(?:zei|zegt|voegde|vertelde|vertelt|verklaarde|verklaart|benadrukte|"
    r"benadrukt|stelde|stelt|schreef|schrijft|waarschuwde|waarschuwt|antwoordde|"
    r"antwoordt|reageerde|reageert|liet|lacht|lachte|zucht|zuchtte|vervolgt|"
    r"vervolgde|legt|legde|geeft|gaf|meent|meende|vindt|vond|klaagt|klaagde|"
    r"herhaalt|herhaalde|erkent|erkende|bevestigt|bevestigde|beweert|beweerde|"
    r"hoopt|hoopte|vreest|vreesde|vult|vulde)\s+(?P<pro4>hij|zij|ze)\b",
    re.I,
)
_AFTER_ACCORDING = re.compile(
    r"^(?:according to|selon|d['’]après|volgens|aldus|zo zei)\s+"
    r"(?P<who>[^,.;:!?\"“”«»„]{2,120}?)"
    # "aldus Close op maandag in de gemeenteraad": who, then when and where.
    r"(?=\s*(?:[,.;:!?\"“”«»„]|$)|\s+(?:on|at|during|in|op|tijdens|bij|in|lors|"
    r"dans|devant|pendant|today|yesterday|hier|gisteren|vandaag|eergisteren|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|"
    r"donderdag|vrijdag|zaterdag|zondag)\b)",
    re.I,
)
_ABBREVIATION = r"\b(?:Mr|Mrs|Ms|Dr|Lt|Col|Gen|Sgt|Capt|Maj|Gov|Sen|Rev)\."
AFTER_SUBJECT_VERB = re.compile(
    # "U.N. spokesman X said": the stops of an abbreviation are not an end.
    rf"^(?P<who>(?:(?:[A-Z]\.){{2,4}}\s|{_ABBREVIATION}\s|[^,.;:!?\"“”«»]){{1,120}}?)"
    rf"(?:,\s*(?P<appos>[^\"“”«»]{{2,300}}?),)?\s+"
    rf"(?:(?:also|later|further|then|again|had|has|have|has also|had also)\s+)*"
    rf"(?P<verb>{VERBS})\b(?P<tail>[^\"“”«»]*)",
    re.I,
)
# A day said between a speech verb and its subject.
DAY_WORDS = (
    r"(?:(?:avant-hier|hier|aujourd['’]hui|ce matin|ce soir|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|gisteren|gisteravond|vandaag|eergisteren|vanochtend|vanmorgen|"
    r"vanavond|vannacht|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|today|yesterday)"
    r"(?:\s+(?:soir|matin|après-midi|avond|ochtend|middag|dernier)"
    # "maandagavond", "zondagochtend": a Dutch day and its part, one word.
    r"|(?<=dag)(?:avond|ochtend|middag|morgen|nacht))?"
    # « a indiqué il y a deux jours le porte-parole ».
    r"|il y a \w{1,8} jours)"
)
AFTER_VERB_SUBJECT = re.compile(
    # « nous a dit une commerçante »: the pronoun of whom it was said to.
    # « y écrit X »: where it was said, as a pronoun.
    rf"^(?:(?:nous|me|m['’]|lui|leur|vous|y)\s+)?(?P<verb>{VERBS})\s+"
    # A day, then whom it was said to or where, come first in French:
    # « a déclaré hier à l'AFP X », « a écrit mercredi sur Facebook X »,
    # "zei gisteren burgemeester X".
    rf"(?:{DAY_WORDS}\s+)?"
    # « …, estime pour sa part X », « …, ajoute de son côté X ».
    r"(?:(?:pour sa part|de son côté|quant à lui|quant à elle|lui aussi|elle aussi|"
    r"encore|aussi|également|toutefois|cependant|ook|nog)\s+)?"
    # « a déclaré à la radio nationale le porte-parole »: where, then who.
    r"(?:(?:à|au|aux|sur|dans|op)\s+(?:l['’]|la\s+|le\s+|les\s+)?"
    r"(?:[a-zà-ÿ][\w\-]*(?:\s+[a-zà-ÿ][\w\-]*)?(?=\s+(?:le|la|les|l['’]|un|une)\s)"
    r"|[A-Z][\w\-]*)\s+)?"
    rf"(?:{DAY_WORDS}\s+)?"
    rf"(?P<who>[^,.;:!?\"“”«»()]{{2,160}}?)"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:in|on|at|to|during|after|before|lors|dans|à|au|devant|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|who|qui|en|pendant|"
    r"avant|après|tout|sans|sur|"
    # Dutch: "liet X weten", "voegde X eraan toe", "zei X tegen", "zei X op".
    r"weten|toe|eraan|er|tegen|aan|op|tijdens|bij|na|maandag|dinsdag|woensdag|"
    r"donderdag|vrijdag|zaterdag|zondag|die|"
    # A day said after the subject: "zei X gisteren", "said X yesterday",
    # « a déclaré X hier ».
    r"today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"hier|avant-hier|aujourd['’]hui|gisteren|gisteravond|eergisteren|vandaag|"
    r"vanochtend|vanmorgen|vanavond|vannacht|vorige|afgelopen|last|il y a|"
    r"la semaine|le mois)\b))",
    re.I,
)
_BEFORE_ACCORDING = re.compile(
    r"(?:according to|selon|d['’]après|volgens)\s+"
    r"(?P<who>[^.;:!?\"“”«»„]{2,200}?)\s*[,:]?\s*$",
    re.I,
)
# « Pour le ministre, “…” »: "pour" opening the sentence names who thinks so.
_BEFORE_POUR = re.compile(
    r"^(?:pour)\s+(?P<who>[^.;:!?\"“”«»„,]{2,120}?)\s*,(?:\s*$|[^\"“”«»„]{0,300}:\s*$"
    # « Pour Marie Dupont, coordinatrice de l'ONG X, « … » ».
    r"|[^.;:!?\"“”«»„,]{2,120},\s*$)",
    re.I,
)
# "Volgens burgemeester Chantal Ilunga is de wijk „…"": a name, then the
# clause the quote finishes.
_BEFORE_ACCORDING_CLAUSE = re.compile(
    r"(?:^|[\s,(])(?:[Aa]ccording to|[Ss]elon|[Dd]['’]après|[Vv]olgens)\s+"
    rf"(?P<who>(?:[a-zà-ÿ][\w\-]{{1,30}}\s+)?{NAME})"
    # Not "according to the Ministry of Health figures …": the name goes on.
    r"\s+(?!(?:of|for|de|du|des|van|voor|pour|d['’])\s)"
    # The verb follows the name: "Volgens X is …", « Selon X est … ».
    r"(?P<rest>(?:ging|kwam|lag|stond|bleef|kon|mocht|mag|wil|wilde|leek|lijkt|"
    r"s['’]agit|s['’]agissait|fallait|devait|pourrait|allait|restait|"
    r"is|zijn|was|waren|heeft|hebben|had|gaat|gaan|moet|moeten|wordt|"
    r"worden|werd|werden|zal|zullen|zou|zouden|kan|kunnen|blijft|blijven|ligt|"
    r"staat|komt|est|sont|était|étaient|sera|serait|reste|faut|va|doit|a|ont)"
    r"\b[^.;:!?\"“”«»„,]{0,200})$"
)


BEFORE_PARTICIPLE = re.compile(
    rf"\b(?:{PARTICIPLES})\b\s*[,:]?\s*(?:that\s+|que\s+)?$", re.I
)


def speech_subject(sentence: str, quote: Quote, context: Context) -> Speaker | None:
    """The subject of the first speech verb of a sentence: "X said the …"."""
    if match := _BEFORE_ACCORDING.search(sentence.rstrip(" .")):
        return resolve(match["who"], "", quote, context, match[0].strip())
    verb = BEFORE_VERB.search(sentence)
    if verb is None or verb["verb"].lower() in {"called", "described", "went on"}:
        return None
    who = last_subject_chunk(sentence[: verb.start()].strip())
    if not who:
        return None
    return resolve(who, "", quote, context, f"{who} {verb['verb']} …")


def from_after(after: str, quote: Quote, context: Context) -> Speaker | None:
    if not after:
        return None
    if match := INVERTED.match(after):
        pronoun = (
            match["pro"] or match["pro2"] or match["pro3"] or match["pro4"]
        ).lower()
        return pronoun_speaker(pronoun, quote, context, f"« …, {match[0]} »")
    if match := _AFTER_ACCORDING.match(after):
        return resolve(match["who"], "", quote, context, f"“…,” {match[0]}")
    if match := AFTER_VERB_SUBJECT.match(after):
        who = match["who"]
        # "…," said a spokesman for the army, John Doe. / a déclaré un
        # responsable de la société civile, Espoir Bulambo.
        named = _NAMED_AFTER.match(after, match.end())
        if named and _DESCRIPTION_START.match(who):
            who = who + named["more"]
            title = who if not named["rank"] else f"{who}, {named['rank'].strip()}"
            return resolve(
                named["name"],
                title,
                quote,
                context,
                f"“…,” {match['verb']} {who}, {named['name']}",
            )
        if not re.match(r"^(?:that|que|qu'|it|to|in|on)\b", who, re.I):
            return resolve(who, "", quote, context, f"“…,” {match['verb']} {who}")
    if match := AFTER_SUBJECT_VERB.match(after):
        appos = (match["appos"] or "").strip()
        if (
            appos
            and _DESCRIPTION_START.match(match["who"])
            and re.fullmatch(NAME, appos)
        ):
            # "…," a local chief, Jean Bahati, told Reuters: the name.
            return resolve(
                appos,
                match["who"],
                quote,
                context,
                f"“…,” {match['who']}, {appos}, {match['verb']}",
            )
        return resolve(
            match["who"],
            match["appos"] or "",
            quote,
            context,
            f"“…,” {match['who']} {match['verb']}",
        )
    return None


_DESCRIPTION_START = re.compile(
    # "said its spokesman, John Doe", « y écrit son secrétaire général, X ».
    r"(?:an?|the|un|une|le|la|een|de|het|its|his|her|their|son|sa|leur|zijn|haar|"
    r"hun)\s|l['’]",
    re.IGNORECASE,
)
# "…," said a spokesman for the army, John Doe. / a déclaré le directeur de
# l'hôpital, le docteur Jean Lokana. / vertelde een bewoonster, Mireille Tshala,
_NAMED_AFTER = re.compile(
    rf"(?P<more>[^,.;:!?\"“”«»„]{{0,80}}?)\s*,\s*"
    rf"(?:(?:le|la|l['’]|the|de|het)\s*)?(?P<rank>(?:{TITLES})\s+)?"
    rf"(?P<name>{NAME})\s*(?:[.;,]|$)"
)


_RELATIVE = re.compile(r"(?:qui|who|die|dat|which)\s", re.I)
# A time that opens a sentence before its verb (Dutch puts the subject after).
_TIME_FIRST = re.compile(
    rf"{DAY_WORDS}|(?:vorige|afgelopen|deze)\s{{1,3}}(?:week|maand|\w{{1,12}}dag)|"
    r"(?:last|this)\s{1,3}(?:week|month|\w{1,12}day)|"
    # "Op 10 oktober schreef X", "On 3 March, X said": a day and month.
    r"(?:op|on)\s{1,3}\d{1,2}\s{1,3}[^\W\d_]{3,10}",
    re.I,
)


def from_before(before: str, quote: Quote, context: Context) -> Speaker | None:
    stripped = before.rstrip()
    if not stripped:
        return None
    if match := _BEFORE_POUR.match(stripped):
        return resolve(match["who"], "", quote, context, f"{match[0].strip()} « … »")
    if (match := _BEFORE_ACCORDING_CLAUSE.search(stripped)) and not re.match(
        NAME, match["rest"]
    ):
        who = match["who"]
        return resolve(who, "", quote, context, f"{match[0].strip()} “…”")
    if match := _BEFORE_ACCORDING.search(stripped):
        who, title = match["who"], ""
        parts = [part.strip() for part in who.split(",") if part.strip()]
        # « D'après X, qui dirige un dispensaire, « … » », "According to X,
        # who runs …": the relative clause describes, the name says who.
        while len(parts) > 1 and _RELATIVE.match(parts[-1]):
            parts.pop()
        who = ", ".join(parts)
        if len(parts) > 1 and re.fullmatch(NAME, parts[-1]):
            who, title = parts[-1], parts[0]
        elif len(parts) > 1 and re.fullmatch(NAME, parts[0]) and parts[1][:1].islower():
            # « Selon X, économiste à l'Université d'Uvira, « … » »: the name,
            # then what the person is.
            who, title = parts[0], parts[1]
        return resolve(who, title, quote, context, f"{match[0].strip()} “…”")
    if BEFORE_PARTICIPLE.search(stripped):
        subject = leading_subject(stripped)
        if subject:
            return resolve(
                subject, "", quote, context, f"{subject} …, {stripped.split()[-1]} “…”"
            )
        return None
    verbs = list(BEFORE_VERB.finditer(stripped))
    if not verbs:
        if stripped.endswith(":"):
            return _colon_subject(stripped[:-1], quote, context)
        return None
    verb = verbs[-1]
    subject_text = stripped[: verb.start()].strip()
    who = last_subject_chunk(subject_text)
    if who and _TIME_FIRST.fullmatch(who):
        # "Gisteravond zei gouverneur X op de radio: „…"": a time opens the
        # sentence, and the subject follows the verb.
        after_verb = AFTER_VERB_SUBJECT.match(stripped[verb.start() :])
        if after_verb is None:
            return None
        return resolve(
            after_verb["who"], "", quote, context, f"{who} {verb['verb']} … “…”"
        )
    found = None
    if who:
        found = resolve(who, "", quote, context, f"{who} {verb['verb']} … “…”")
    if found is None and len(verbs) > 1:
        # "X said the deal was "a first step" and warned that …": X.
        found = speech_subject(stripped, quote, context)
    subject = leading_subject(subject_text)
    if (
        found is None
        and subject.lower() in PRONOUNS
        and not CAPITAL_WORD.search(subject_text, len(subject))
    ):
        # « Il regarde le lac, puis ajoute : « … » », "He paused, then
        # added:": the pronoun opening the sentence is the one who speaks.
        found = resolve(subject, "", quote, context, f"{subject} … {verb['verb']}")
    return found


def _colon_subject(clause: str, quote: Quote, context: Context) -> Speaker | None:
    """ "Her neighbour, the tailor John Doe, was milder: “…”": the person named.

    A clause that announces the quote with a colon and no speech verb: the
    person in apposition to its subject, or its subject when it is a person.
    """
    start = sentence_start(clause, len(clause) - 1, 0)
    # "Entretien — Aline Ndayishimiye : « … »": what follows a dash.
    start = max([start, *(m.end() for m in re.finditer(r"\s[—–]\s", clause))])
    clause = after_circumstance(clause[start:])
    start = 0
    parts = [part.strip() for part in clause.split(",")]
    for part in parts[1:-1]:
        found = resolve(part, "", quote, context, f"{part}, …: “…”")
        if found is not None and found.kind == "person" and " " in found.name:
            return found
    subject = leading_subject(clause[start:])
    if subject.lower() in PRONOUNS:
        # « Il se tait, puis reprend : « … » »: whom the pronoun means.
        return resolve(subject, "", quote, context, f"{subject} …: “…”")
    if not subject or subject.split()[0].lower() in PRONOUNS | _NOT_NAMES:
        return None
    found = resolve(subject, "", quote, context, f"{subject} …: “…”")
    if found is None or found.kind != "person":
        return None
    # Only a person the text has named as one: "In Goma" is not.
    named = fold(found.name) in context.index.first_by_folded or (
        found.name == subject
        and context.people.get(fold(found.name).split()[-1]) == found.name
    )
    if not named and not found.title:
        return None
    return found


# What opens a sentence before its subject: a circumstance or a participle
# (« Au coucher du soleil, X range … », « Interrogé à ce sujet, X a refusé
# … », "Asked about the delay, X said …", "Back in Goma, X …").
_CIRCUMSTANCE = re.compile(
    r"^(?:(?:[Aa]u|[Aa]ux|[Àà]|[Dd]ans|[Ee]n|[Ss]ur|[Ss]ous|[Aa]près|[Aa]vant|[Ll]ors|"
    r"[Pp]endant|[Dd]epuis|[Dd]evant|[Cc]hez|[Dd]ès|[Aa]t|[Ii]n|[Oo]n|[Aa]fter|"
    r"[Bb]efore|[Dd]uring|[Ss]ince|[Oo]utside|[Ii]nside|[Bb]ack|[Ll]ater|"
    r"[Ee]arlier|[Hh]ier|[Yy]esterday|[Tt]oday|[Aa]ujourd['’]hui)\s"
    # « Mercredi, à l'issue des travaux, la ministre … »: a day, alone.
    r"|(?:[Ll]undi|[Mm]ardi|[Mm]ercredi|[Jj]eudi|[Vv]endredi|[Ss]amedi|[Dd]imanche|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?=[\s,])"
    # A participle: « Interrogé à ce sujet, », "Asked about it,", « Contactée, ».
    r"|(?:Interrog|Contact|Questionn|Invit|Jointe?|Asked|Reached|Contacted|"
    r"Questioned|Speaking|Interviewed|Gevraagd|Gecontacteerd)"
    r"|[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:ée?s?|ed)\s+(?=[a-zà-ÿ]))"
    r"[^,.;:!?\"“”«»„\n]{0,80},\s+"
)


def after_circumstance(sentence: str) -> str:
    """The sentence from its subject on, without what opens it before."""
    for _ in range(2):  # « Mercredi, à l'issue des travaux, … »
        match = _CIRCUMSTANCE.match(sentence)
        if match is None:
            break
        sentence = sentence[match.end() :]
    return sentence


def leading_subject(sentence: str) -> str:
    match = re.match(
        rf"^(?:(?:the|The|Le|La|Les)\s+)?(?:{NAME}|he|she|il|elle|He|She|Il|Elle)",
        sentence,
    )
    return match[0] if match else ""
