"""Attribution inside the marks, roles before a clause, described names.

Each rule on sentences written for it: « …, a affirmé X, … » names its
speaker between commas inside the quote, and dates it; a role before « a
précisé que » is its holder; "Red Cross official Anne Dubois" is Anne
Dubois; a day and month without a year is the one before publication
unless it is near ahead.
"""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.analysis import analyse
from events.suggesting.dating import find_dates

PUBLISHED = datetime.date(2025, 10, 17)  # a Friday


def quotes(text: str, language: str):  # type: ignore[no-untyped-def]
    found = analyse(text, published_on=PUBLISHED, language=language).quotes
    return [
        (
            None
            if p.speaker is None
            else "anonymous"
            if p.speaker.anonymous
            else p.speaker.name,
            p.said_on.iso if p.said_on else None,
        )
        for p in found
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "« Nous ne sommes pas contre les élèves, a affirmé hier le président du "
            "syndicat, Albert Kasongo, mais personne ne travaille sans salaire. »",
            "fr",
            [("Albert Kasongo", "2025-10-16")],
        ),
        (
            "Le ministre Aimé Baraka a reçu les pêcheurs. « Les pêcheurs ont raison "
            "de protester, dit Baraka. Personne ne peut payer ces montants. »",
            "fr",
            [("Aimé Baraka", None)],
        ),
        (
            "Burgemeester Jan Peeters opende de brug. „De brug is veilig, zei hij "
            "dinsdag, en ze blijft open tot de winter.”",
            "nl",
            [("Jan Peeters", "2025-10-14")],
        ),
    ],
)
def test_a_speaker_named_between_commas_inside_the_marks(text, language, expected):
    assert quotes(text, language) == expected


def test_according_to_inside_the_marks_is_not_the_speaker():
    text = (
        "Le pêcheur Jules Mugisho montre le port. « Le lac, selon le gouverneur "
        "Jean Purusi, est notre seule richesse depuis toujours. »"
    )
    assert quotes(text, "fr") == [(None, None)]


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "Le maire de Kalemie, Simon Kiluba Ngoy, a visité le chantier. Le maire "
            "a précisé que « la première phase sera inaugurée avant les fêtes ».",
            "fr",
            "Simon Kiluba Ngoy",
        ),
        (
            "De Vlaamse minister van Ontwikkelingssamenwerking, Bart Claes, was "
            "aanwezig. De minister voegde eraan toe: „Wie een kind laat vaccineren, "
            "mag niet afhankelijk zijn van een generator.”",
            "nl",
            "Bart Claes",
        ),
        (
            "Professor Katrien Vermeulen leidt het project. „Ze heeft gelijk dat "
            "koelboxen niet alles oplossen,” zei de professor aan de telefoon.",
            "nl",
            "Katrien Vermeulen",
        ),
        (
            "« La décision a été prise après concertation avec les autorités », a "
            "déclaré hier soir à la radio nationale le porte-parole du ministère, "
            "Aloys Ndikumana.",
            "fr",
            "Aloys Ndikumana",
        ),
        (
            '"Aid convoys cannot reach Sake anymore," Red Cross official Anne '
            "Dubois said in a statement on Friday.",
            "en",
            "Anne Dubois",
        ),
        (
            '"We counted forty bodies in the village," a local chief, Jean Bahati, '
            "told Reuters by phone.",
            "en",
            "Jean Bahati",
        ),
        (
            "« Nous suspendrons la grève dès que le premier mois sera payé », y "
            "écrit son secrétaire général, Jean-Bosco Tambwe.",
            "fr",
            "Jean-Bosco Tambwe",
        ),
        (
            "Le 3 mars, Albert Kasongo avait déjà déclaré devant la presse : « Si "
            "rien ne change, nous fermerons toutes les écoles. »",
            "fr",
            "Albert Kasongo",
        ),
    ],
)
def test_the_speaker_of_a_role_a_description_or_an_apposition(text, language, speaker):
    assert [name for name, _ in quotes(text, language)] == [speaker]


def test_a_subject_is_not_the_relative_clause_about_it():
    text = (
        "Opposition lawmaker Esther Atieno, whose constituency includes Homa Bay, "
        'called the levy "a tax on the poor and the weak" in parliament.'
    )
    assert [name for name, _ in quotes(text, "en")] != ["Homa Bay"]


def test_a_date_in_a_relative_clause_after_the_speaker_is_not_the_saying():
    text = (
        "Robert Kabamba dirige le chantier. « Chaque averse nous fait perdre du "
        "temps », estime Robert Kabamba, qui espère livrer le quai en mars."
    )
    assert quotes(text, "fr") == [("Robert Kabamba", None)]


def test_an_unnamed_source_under_cover_of_anonymity():
    text = (
        "« Nous n'avons rien reçu de Kinshasa », confie un fonctionnaire du "
        "gouvernorat sous couvert d'anonymat."
    )
    assert quotes(text, "fr") == [("anonymous", None)]


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [
        ("Le 3 mars, il a parlé.", "2025-03-03"),
        ("On March 3 he spoke.", "2025-03-03"),
        ("Op 3 maart sprak hij.", "2025-03-03"),
        ("Le 3 décembre, il parlera.", "2025-12-03"),
        ("Le 20 octobre, il parlera.", "2025-10-20"),
    ],
)
def test_a_day_and_month_without_a_year_leans_to_the_past(phrase, iso):
    language = {"L": "fr", "O": "en"}.get(phrase[0], "nl")
    (mention,) = find_dates(phrase, published_on=PUBLISHED, language=language)
    assert mention.iso == iso


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            # A Dutch day and its part in one word opens the sentence: the
            # time, never the speaker.
            "Maandagavond verklaarde schepen Astrid De Bruycker in de "
            "gemeenteraad: „De stad betaalt mee aan het nieuwe centrum.”",
            "nl",
            ("Astrid De Bruycker", "2025-10-13"),
        ),
        (
            "„We hebben geen geld voor nieuwe gebouwen”, zei rector Rik Peeters "
            "in september. Gisteren zei de rector: „Dit is een belangrijke dag "
            "voor Gent.”",
            "nl",
            ("Rik Peeters", "2025-10-16"),
        ),
        (
            "Lotte Peeters leidt de studentenraad. Op 10 oktober schreef Peeters "
            "op Instagram: „Eindelijk goed nieuws voor de studenten.”",
            "nl",
            ("Lotte Peeters", "2025-10-10"),
        ),
        (
            "La semaine dernière, Albert Kasongo expliquait déjà : « Nous n'avons "
            "pas le choix, il faut continuer. »",
            "fr",
            ("Albert Kasongo", "2025-10"),
        ),
        (
            "Interrogé par l'AFP, le colonel Guillaume Ndjike, porte-parole de "
            "l'armée au Nord-Kivu, a assuré que « la situation est sous contrôle ».",
            "fr",
            ("Guillaume Ndjike", None),
        ),
    ],
)
def test_a_time_opening_the_sentence_and_an_apposition_after_the_name(
    text, language, expected
):
    assert quotes(text, language)[-1] == expected


def test_a_role_is_the_one_speaker_quoted_with_it_when_no_name_was_found():
    text = (
        "„We kunnen niet toekijken hoe de situatie verslechtert”, zei minister van "
        "Buitenlandse Zaken Maxime Prévot in de Kamer. „Het geld gaat naar voedsel "
        "en medische zorg”, aldus de minister."
    )
    assert [name for name, _ in quotes(text, "nl")] == ["Maxime Prévot"] * 2


def test_a_description_after_a_name_does_not_make_the_role_someone_else():
    text = (
        "Le porte-parole du gouvernement, Patrick Muyaya, a parlé jeudi. Le colonel "
        "Guillaume Ndjike, porte-parole de l'armée, a assuré que « la situation "
        "est sous contrôle dans toute la ville »."
    )
    assert [name for name, _ in quotes(text, "fr")] == ["Guillaume Ndjike"]


def test_an_auxiliary_before_the_verb_is_not_part_of_the_subject():
    text = (
        "Agriculture Minister Frank Tumwebaze spoke on Tuesday. Earlier this "
        'month, Tumwebaze had said: "No farmer will lose their land because of '
        'this bill."'
    )
    assert [name for name, _ in quotes(text, "en")] == ["Frank Tumwebaze"]


def test_speaker_is_a_title_of_parliament():
    text = 'Speaker Anita Among said: "The house has done its duty tonight."'
    assert [name for name, _ in quotes(text, "en")] == ["Anita Among"]


def test_a_quote_going_on_is_not_dated_by_the_words_of_its_first_part():
    text = (
        '"I was arrested twice last year," said Moses Kato, a trader. "This time '
        'I will stay home with my children."'
    )
    assert quotes(text, "en") == [("Moses Kato", None), ("Moses Kato", None)]


def test_a_paragraph_about_someone_new_introduces_the_quote_after_it():
    text = (
        "Le directeur de la Regideso, Léon Mushagalusa, a reçu la presse.\n"
        "« Les pompes sont tombées en panne après les pluies », a-t-il déclaré.\n"
        "Il a reconnu que la situation était difficile pour les familles.\n"
        "Sur le marché, Aline Furaha, mère de cinq enfants, fait la queue devant "
        "une borne-fontaine.\n"
        "« Je viens ici à quatre heures du matin. Parfois, il n'y a rien. »"
    )
    assert [name for name, _ in quotes(text, "fr")] == [
        "Léon Mushagalusa",
        "Aline Furaha",
    ]


def test_what_the_person_is_may_open_the_sentence_before_the_pronoun():
    text = (
        "Robert Kabamba dirige le chantier pour l'Office des routes. Ingénieur "
        "depuis vingt ans, il connaît chaque mètre du port.\n"
        "« Le lac est monté de plus de deux mètres l'an dernier. »"
    )
    assert [name for name, _ in quotes(text, "fr")] == ["Robert Kabamba"]


MONDAY = datetime.date(2025, 11, 3)


@pytest.mark.parametrize(
    ("phrase", "language", "published", "iso"),
    [
        ("He spoke over the weekend.", "en", MONDAY, "2025-11"),
        ("Il a parlé le week-end dernier.", "fr", MONDAY, "2025-11"),
        ("Hij sprak afgelopen weekend.", "nl", datetime.date(2025, 10, 17), "2025-10"),
        # Saturday 31 May and Sunday 1 June: the year holds them both.
        ("He spoke last weekend.", "en", datetime.date(2025, 6, 3), "2025"),
    ],
)
def test_a_weekend_is_dated_to_the_month_that_holds_both_days(
    phrase, language, published, iso
):
    (mention,) = find_dates(phrase, published_on=published, language=language)
    assert mention.iso == iso


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            '"This violence must end," U.N. spokesman Stephane Dujarric told '
            "reporters in New York.",
            "en",
            "Stephane Dujarric",
        ),
        (
            '"We are ready to help the town," Lt. Col. Paul Ngoma said.',
            "en",
            "Paul Ngoma",
        ),
        (
            "« Ils sont venus la nuit avec des machettes », a raconté une rescapée.",
            "fr",
            "anonymous",
        ),
        (
            "« Aucun blessé n'a été signalé parmi les agents », a-t-on appris de "
            "source policière.",
            "fr",
            "anonymous",
        ),
    ],
)
def test_abbreviations_and_unnamed_sources(text, language, speaker):
    assert [name for name, _ in quotes(text, language)] == [speaker]


def test_a_body_described_is_the_body_the_sentence_before_opens_with_or_nobody():
    text = (
        "Unicef schat dat een half miljoen kinderen niet naar school gaan. „Elke "
        "maand buiten school maakt de terugkeer moeilijker”, waarschuwde de "
        "VN-organisatie dinsdag in een verklaring."
    )
    assert [name for name, _ in quotes(text, "nl")] != ["VN-organisatie"]


def test_a_source_who_would_not_give_her_name_is_anonymous():
    text = (
        "Een moeder die haar zoon kwam afzetten en die haar naam niet wil geven, "
        "is bezorgd. „Als er weer geschoten wordt, haal ik hem meteen weg”, zegt ze."
    )
    assert [name for name, _ in quotes(text, "nl")] == ["anonymous"]
