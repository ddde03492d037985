"""The words attribution reads: speech verbs, pronouns, gender, unnamed sources.

English, French and Dutch. The rules that use them are in
``events.suggesting.attribution`` and the modules it reads (``clauses``,
``resolving``, ``unnamed``, ``naming``); a word added here is read by all of
them.
"""

from __future__ import annotations

import re

VERBS_EN = (
    r"said|says|say|stated|states|added|adds|told|tells|wrote|writes|declared|"
    r"warned|urged|noted|insisted|explained|continued|argued|asked|tweeted|posted|"
    r"announced|stressed|emphasi[sz]ed|underscored|remarked|replied|responded|"
    r"recalled|acknowledged|admitted|claimed|charged|complained|conceded|concluded|"
    r"confirmed|reiterated|maintained|described|called|accused|pledged|vowed|"
    r"lamented|cautioned|observed|suggested|demanded|pointed out|went on"
)
VERBS_NL = (
    r"zei|zegt|zeggen|zeiden|verklaarde|verklaart|verklaarden|schreef|schrijft|"
    r"benadrukte|benadrukt|waarschuwde|waarschuwt|vertelde|vertelt|stelde|stelt|"
    r"reageerde|reageert|antwoordde|antwoordt|meldde|meldt|twitterde|tweette|"
    r"onderstreepte|vervolgde|voegde|liet|beweerde|erkende|bevestigde|vult|vulde|"
    r"meent|meende|herhaalt|herhaalde|klaagt|klaagde|zucht|zuchtte|legt|legde|"
    r"lacht|lachte|vervolgt|erkent|bevestigt|beweert|hoopt|hoopte|vreest|vreesde|"
    r"concludeert|concludeerde|vraagt|vroeg|geeft|gaf|waarschuwt"
)
VERBS_FR = (
    r"(?:a|avait|ont|avaient)\s+(?:(?:notamment|également|aussi|encore|toutefois|déjà|"
    r"cependant|pourtant|ensuite|enfin|néanmoins|d['’]ailleurs|par ailleurs|"
    r"lui-même|elle-même|alors|quant à lui|quant à elle)\s+)?"
    r"(?:déclaré|affirmé|indiqué|ajouté|dit|souligné|précisé|expliqué|estimé|assuré|"
    r"insisté|martelé|lancé|réagi|écrit|rappelé|averti|dénoncé|confié|annoncé|"
    r"poursuivi|prévenu|fait valoir|fait savoir|commenté|regretté|jugé|tweeté|"
    r"témoigné|répondu|raconté|confirmé|reconnu|annoncé|décrit|résumé|lâché|"
    r"glissé|nuancé|plaidé|promis|tranché|appelé|exhorté|demandé|déploré|fustigé|"
    r"renchéri|ironisé|observé|noté|relevé|soufflé|commenté|détaillé|admis|avoué|"
    r"espéré|conclu|constaté|accusé|réclamé|insisté|mis en garde)|"
    # The imperfect of a story told: « expliquait déjà X ».
    r"déclarait|affirmait|expliquait|disait|ajoutait|assurait|estimait|indiquait|"
    r"racontait|confiait|soulignait|précisait|prévenait|rappelait|insistait|"
    r"déclare|affirme|indique|ajoute|souligne|estime|explique|précise|assure|"
    r"poursuit|martèle|lance|écrit|rappelle|dénonce|insiste|dit|raconte|confie|"
    r"témoigne|résume|regrette|reconnaît|avertit|prévient|répond|renchérit|déplore|"
    r"fait valoir|fait savoir|fait remarquer|fait observer|"
    r"fustige|ironise|observe|note|relève|analyse|juge|souffle|soupire|glisse|"
    r"lâche|plaide|commente|détaille|complète|admet|avoue|espère|craint|tranche|"
    r"conclut|constate|nuance|promet|accuse|réclame|interroge|s['’]alarme|"
    r"s['’]insurge|s['’]indigne|s['’]inquiète|s['’]exclame|se souvient|"
    r"se désole|se félicite|se réjouit|s['’]interroge|s['’]étonne|se lamente|"
    r"s['’]agace|s['’]impatiente|se défend|se justifie|s['’]emporte|"
    r"s['’](?:est|était)\s+(?:indignée?|inquiétée?|emportée?|félicitée?|exclamée?)"
)
VERBS = rf"(?:{VERBS_EN}|{VERBS_FR}|{VERBS_NL})"
PARTICIPLES = (
    r"stating|saying|adding|writing|declaring|warning|noting|insisting|explaining|"
    r"en déclarant|déclarant|affirmant|ajoutant|estimant|soulignant|expliquant|"
    r"assurant|précisant|indiquant|reconnaissant|rappelant|admettant|concédant|"
    r"acknowledging|admitting|conceding|recalling"
)
PRONOUNS = {"he", "she", "il", "elle", "hij", "zij", "ze"}
PLURAL_PRONOUNS = {"they", "ils", "elles"}
PRONOUN_GENDER = {
    "he": "m", "il": "m", "hij": "m", "she": "f", "elle": "f", "zij": "f", "ze": "f",
}  # fmt: skip
# Words of a title or its article that tell a person's gender.
MALE = {
    # Not « le »: « le ministre » is said of women too.
    "mr", "mr.", "m.", "monsieur", "meneer", "dhr", "dhr.", "spokesman",
    "chairman", "king", "father", "pere", "lui", "woordvoerder", "sir", "lord",
    "prince", "archbishop", "bishop", "cardinal", "imam", "rabbi", "eveque", "papa",
    "archeveque", "abbe", "mgr", "monseigneur", "bisschop",
}  # fmt: skip
FEMALE = {
    "mrs", "mrs.", "ms", "ms.", "mme", "madame", "mevrouw", "mevr.", "mevr", "la",
    "spokeswoman", "chairwoman", "queen", "ambassadrice", "presidente",
    "directrice", "gouverneure", "woordvoerster", "sister", "soeur", "lady",
    "princess", "coordinatrice", "cheffe", "dame", "burgemeesteres", "mama", "maman",
}  # fmt: skip
# Unnamed speakers: "a resident", "officials", « un diplomate », "een bewoner".
UNNAMED = {
    "resident", "residents", "witness", "witnesses", "eyewitness", "eyewitnesses",
    "official", "officials", "source", "sources", "diplomat", "diplomats",
    "analyst", "analysts", "expert", "experts", "observer", "observers", "worker",
    "workers", "doctor", "doctors", "nurse", "nurses", "soldier", "soldiers",
    "fighter", "fighters", "villager", "villagers", "farmer", "farmers", "trader",
    "traders", "activist", "activists", "student", "students", "teacher",
    "teachers", "survivor", "survivors", "relative", "relatives", "person",
    "people", "man", "woman", "mother", "father", "member", "members", "officer",
    "officers", "aide", "aides", "insider", "insiders", "spokesman", "spokeswoman",
    "spokesperson", "habitant", "habitante", "habitants", "temoin", "temoins",
    "responsable", "responsables", "diplomate", "diplomates", "analyste",
    "analystes", "observateur", "observateurs", "soldat", "soldats", "combattant",
    "combattants", "militaire", "militaires", "medecin", "medecins", "commercant",
    "commercante", "commercants", "agriculteur", "villageois", "militant",
    "militante", "militants", "etudiant", "etudiante", "enseignant", "rescape",
    "rescapes", "deplace", "deplacee", "deplaces", "membre", "membres",
    "porte-parole", "bewoner", "bewoners", "inwoner", "inwoners", "getuige",
    "getuigen", "ambtenaar", "ambtenaren", "bron", "bronnen", "diplomaat",
    "diplomaten", "analist", "deskundige", "waarnemer", "soldaat", "arts",
    "handelaar", "boer", "woordvoerder", "woordvoerster",
    "survivant", "survivante", "survivants", "survivantes", "bewoonster",
    "waarnemers", "kiezer", "kiezers", "journalist", "journalists", "journaliste",
    "journalistes", "passant", "passante", "passants", "femme", "femmes", "homme",
    "hommes", "vrouw", "moeder", "vader", "policier", "policiers", "chauffeur",
    "driver", "drivers", "pecheur", "pecheurs", "visser", "vissers", "fisherman",
    "fishermen", "refugee", "refugees", "refugie", "refugiee", "refugies",
    "vluchteling", "vluchtelingen", "employee", "employees", "employe", "employes",
    "medewerker", "medewerkers", "verpleegster", "verpleegkundige", "infirmier",
    "infirmiere", "parent", "parents", "ouder", "ouders", "cultivateur",
    "cultivatrice", "eleveur", "vendeur", "vendeuse", "marchand", "marchande",
    "handelaars", "boeren", "leraar", "lerares", "shopkeeper", "vendor", "vendors",
    "customs officer", "guard", "guards", "garde", "gardes", "agent", "agents",
    "fonctionnaire", "fonctionnaires", "cadre", "cadres", "enseignante",
    "enseignants", "policiere", "ambtenares", "inwoonster", "medewerkster",
    "leerkracht", "politieagent", "agente", "servant", "servants", "mechanic",
    "rescapee", "rescapees", "victime", "victimes",
}  # fmt: skip
INDEFINITE = re.compile(
    r"^(?:an?|one|another|some|several|two|three|un|une|un autre|une autre|"
    r"plusieurs|des|een|twee|drie|enkele)\s",
    re.I,
)
# What follows the head of an unnamed speaker: "a diplomat who asked ...".
UNNAMED_TAIL = re.compile(
    r"\s+(?:who|whom|with|close|familiar|at|of|in|from|for|on|qui|proche|de|du|des|"
    r"au|à|die|dat|van|bij|uit|in|met|dicht)\b.*$",
    re.I | re.S,
)
STATEMENT_WORDS = {
    "statement", "communiqué", "communique", "release", "declaration",
    "déclaration", "note", "letter", "lettre", "post", "message", "resolution",
    "résolution", "text", "texte",
}  # fmt: skip
GENERIC = {
    "officials", "sources", "source", "witnesses", "witness", "residents",
    "resident", "analysts", "analyst", "experts", "expert", "observers",
    "diplomats", "diplomat", "official", "people", "critics", "reports",
    "autorités", "témoins", "témoin", "responsable", "responsables", "habitants",
    "analystes", "observateurs", "diplomates", "diplomate", "one", "someone",
    "many", "others", "some", "government", "gouvernement",
}  # fmt: skip
ADVERBS = {
    "however", "meanwhile", "also", "too", "in turn", "for his part",
    "for her part", "for its part", "pour sa part", "cependant", "toutefois",
    "quant à lui", "quant à elle", "de son côté", "in response", "en réponse",
    "in a statement", "dans un communiqué", "later", "then", "again", "",
}  # fmt: skip
TRAILING_ADVERBS = {
    "also", "further", "again", "later", "then", "once", "however", "too",
    "aussi", "également", "encore", "notamment", "ensuite", "déjà", "nog", "al",
    "ook",
    # A day after the name: "zei burgemeester Jan Peeters gisteren".
    "today", "yesterday", "hier", "aujourd'hui", "aujourd’hui", "vandaag",
    "gisteren", "eergisteren", "vanochtend", "vanmorgen", "vanmiddag", "vanavond",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
}  # fmt: skip
ARTICLES = re.compile(
    r"^(?:(?:the|a|an|le|la|les|un|une|de|het|een)\s+|l['’]\s*)", re.I
)
