"""Each kind of attribution news writing uses, in English, French and Dutch.

Short sentences written for these tests: the speaker is found where the
text establishes it, and left empty (never guessed) where it does not.
"""

from __future__ import annotations

import pytest

from events.suggesting.analysis import analyse


def speakers(text: str, language: str = "en") -> list[tuple[str, str | None]]:
    found = analyse(text, published_on=None, language=language).quotes
    return [
        (
            proposal.quote.text,
            None
            if proposal.speaker is None
            else "anonymous"
            if proposal.speaker.anonymous
            else proposal.speaker.name,
        )
        for proposal in found
    ]


def names(text: str, language: str = "en") -> list[str | None]:
    return [speaker for _, speaker in speakers(text, language)]


# The speaker named before the quote --------------------------------------


def test_the_sentence_before_ending_in_a_colon_names_the_speaker():
    text = (
        "Governor Amina Odhiambo addressed the crowd in the market square:\n"
        '"We will rebuild every school that was burned this year."'
    )
    assert names(text) == ["Amina Odhiambo"]


def test_a_quote_standing_after_a_reported_sentence_is_its_speakers():
    text = (
        "Senator Paulo Mendes said the bridge would reopen by spring. "
        '"The engineers have done the hard part already."'
    )
    assert names(text) == ["Paulo Mendes"]


def test_a_quote_running_on_into_the_next_paragraph():
    text = (
        '"We waited for three days without water," said Mayor Ines Varga. '
        '"Then the trucks came, but only two of them\n'
        '"and most families got nothing at all," she said.\n'
    )
    found = speakers(text)
    assert [name for _, name in found] == ["Ines Varga"] * 3
    assert found[1][0] == "Then the trucks came, but only two of them"


def test_a_run_on_quote_attributed_at_its_end_gets_its_speaker_throughout():
    text = (
        '"The river rose faster than anyone expected, and by midnight the lower '
        "town was gone\n"
        '"We had warned about the dam for years," Professor Tomas Lind said.\n'
    )
    assert names(text) == ["Tomas Lind", "Tomas Lind"]


def test_a_quote_only_paragraph_goes_on_quoting_the_paragraph_before():
    text = (
        '"The talks were useful," said Ambassador Rui Tavares.\n'
        '"But nobody should expect a deal this month."\n'
    )
    assert names(text) == ["Rui Tavares", "Rui Tavares"]


def test_a_quote_only_paragraph_after_another_name_is_left_empty():
    text = (
        '"The talks were useful," said Ambassador Rui Tavares.\n'
        "Minister Hana Kovac left the room early.\n"
        '"But nobody should expect a deal this month."\n'
    )
    assert names(text) == ["Rui Tavares", None]


# Pronouns and roles ---------------------------------------------------------


def test_he_and_she_go_to_the_nearest_person_of_that_gender():
    text = (
        "Ms Lena Brandt, the agency's director, met Mr Oskar Weil on Monday.\n"
        '"We agreed on the first steps of the plan," she said.\n'
        '"There is a lot of work left for both teams," he said.\n'
    )
    assert names(text) == ["Lena Brandt", "Oskar Weil"]


def test_a_pronoun_two_people_may_mean_is_left_empty():
    text = (
        "President Ali Hassan received Prime Minister Jon Berg in the capital.\n"
        '"This visit opens a new chapter for us," he said.\n'
    )
    assert names(text) == [None]


def test_a_role_goes_to_the_last_person_named_with_it():
    text = (
        "Defence Minister Kofi Mensah visited the front on Tuesday.\n"
        '"Our troops are holding every position," the minister said.\n'
        '"We need more helicopters before the rains," the spokesman told reporters.\n'
    )
    assert names(text) == ["Kofi Mensah", None]


# Unnamed speakers ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"The water is dirty and the children are sick," said a resident.',
        '"Nobody has paid us since March this year," a diplomat who asked not '
        "to be named said.",
        '"The convoy was stopped at the bridge," one official told reporters.',
        "« Les combats ont repris dans la nuit », a déclaré un habitant.",
        "„We hebben al drie dagen geen stroom”, zei een bewoner.",
        '"The pumps stopped in the night," said the engineer, who asked not to be '
        "named.",
        '"Nobody will pay for it this year," said one of the delegates, who was not '
        "authorised to speak publicly.",
        "« Le courant est coupé depuis lundi », nous a dit une habitante du quartier.",
    ],
)
def test_unnamed_speakers_are_anonymous_sources(text):
    assert names(text) == ["anonymous"]


def test_a_definite_role_without_a_word_on_anonymity_is_not_a_source():
    text = '"The pumps stopped in the night," said the engineer.'
    assert names(text) == [None]


def test_an_unnamed_speaker_keeps_its_description():
    text = '"The road is closed to everyone now," a soldier at the checkpoint said.'
    speaker = analyse(text, published_on=None).quotes[0].speaker
    assert speaker.anonymous
    assert speaker.name == "a soldier at the checkpoint"


# French ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "« Nous ne céderons sur rien du tout », a indiqué Claire Dubois.",
            "Claire Dubois",
        ),
        (
            "La ministre Claire Dubois a reçu les syndicats.\n"
            "« Nous ne céderons sur rien du tout », a-t-elle déclaré.",
            "Claire Dubois",
        ),
        (
            "D'après Marc Lemaire, « la route sera rouverte dans une semaine ».",
            "Marc Lemaire",
        ),
        (
            "Pour le général Marc Lemaire, « la route sera rouverte bientôt ».",
            "Marc Lemaire",
        ),
        (
            "« La route sera rouverte dans une semaine », selon Marc Lemaire.",
            "Marc Lemaire",
        ),
        (
            "Le porte-parole de l'armée, Marc Lemaire, a affirmé : « la route "
            "sera rouverte dans une semaine ».",
            "Marc Lemaire",
        ),
    ],
)
def test_french_attribution(text, speaker):
    assert names(text, "fr")[-1:] == [speaker]


def test_a_indique_with_a_full_name_after_the_quote():
    text = "« Nous ne céderons sur rien du tout », a indiqué la ministre Claire Dubois."
    assert names(text, "fr") == ["Claire Dubois"]


# Dutch ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("„We gaan de brug deze zomer herstellen”, zei Jan de Vries.", "Jan de Vries"),
        ('„We gaan de brug deze zomer maken", aldus Jan de Vries.', "Jan de Vries"),
        (
            "Volgens Jan de Vries „gaan we de brug deze zomer herstellen”.",
            "Jan de Vries",
        ),
        (
            "'We gaan de brug deze zomer maken', liet minister Jan de Vries weten.",
            "Jan de Vries",
        ),
        (
            "‘Het is zo'n mooie dag voor de stad’, voegde burgemeester Els Peeters "
            "eraan toe.",
            "Els Peeters",
        ),
        (
            "Burgemeester Els Peeters sprak de inwoners toe.\n"
            "„We laten niemand in de steek”, zei zij.",
            "Els Peeters",
        ),
    ],
)
def test_dutch_attribution(text, speaker):
    assert names(text, "nl")[-1:] == [speaker]


def test_apostrophes_in_words_are_not_quote_marks():
    text = "De auto's van Kagame's konvooi en zo'n tien bussen reden 's avonds weg."
    assert speakers(text, "nl") == []


# Not statements -------------------------------------------------------------------


def test_a_quoted_title_is_not_a_statement():
    text = (
        'The group published a report titled "Voices From The Lake Shore" on '
        "Monday, and a film called “The Long Road Back Home” was shown."
    )
    assert speakers(text) == []


# Official statements without quotation marks --------------------------------------


def reported(text: str, language: str = "en") -> list[tuple[str, str | None, str]]:
    found = analyse(text, published_on=None, language=language).quotes
    return [
        (p.quote.text[:25], p.speaker.name if p.speaker else None, p.channel)
        for p in found
        if not p.quote.marks
    ]


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "In a statement, the Ministry of Health said that 40 clinics had "
            "reopened in the province.",
            "en",
            "Ministry of Health",
        ),
        (
            "The Government of the Republic of Kenya today notified the embassies "
            "of its decision to close the border.",
            "en",
            "Government of the Republic of Kenya",
        ),
        (
            "Selon le ministère de la Santé, l'épidémie a fait 300 morts depuis "
            "janvier.",
            "fr",
            "ministère de la Santé",
        ),
        (
            "Het Rijksarchief liet in een verklaring weten dat de dossiers in mei "
            "online komen.",
            "nl",
            "Rijksarchief",
        ),
    ],
)
def test_an_official_statement_without_marks_is_the_bodys(text, language, speaker):
    [(_, name, channel)] = reported(text, language)
    # « Selon … » gives the body's view, not how it was given.
    expected = "" if text.startswith("Selon") else "press_statement"
    assert (name, channel) == (speaker, expected)


@pytest.mark.parametrize(
    "text",
    [
        "According to a report by the aid group, 40 clinics had reopened.",
        "Selon le porte-parole de la Mission, 40 cliniques ont rouvert.",
        "According to The Daily Times, 40 clinics had reopened in the province.",
        "The government decided on Wednesday to close the border with Uganda.",
    ],
)
def test_reports_of_people_papers_and_news_are_not_official_statements(text):
    assert reported(text) == []


def test_a_quoted_label_is_not_a_statement_but_words_said_that_are():
    text = (
        'The party called for a "day of dead cities" on Friday.\n'
        'The minister said that Belgium had "a duty towards its history" now.\n'
        'Kabila described the meeting as "the first real step forward".\n'
    )
    assert [q for q, _ in speakers(text)] == [
        "a duty towards its history",
        "the first real step forward",
    ]
