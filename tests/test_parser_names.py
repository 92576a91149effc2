"""Names on pages the rules were not written against (issue 17): each family on invented
sentences, both ways."""

from __future__ import annotations

from summarizer.extractive import analyse
from summarizer.load import article_from_text
from tests.test_parser import brief, names, said_by, stances


def test_a_place_a_verb_follows_does_not_act_when_the_parse_makes_it_an_object():
    # "atop Mauna Loa have confirmed": the verb's subject is the astronomers, not the mountain
    b = brief(
        "Astronomers using a telescope atop Mauna Loa have confirmed the presence of ice on the moon.",
        "Later, Otto Brenner resigned from the observatory's board.",
    )
    assert "Mauna Loa" not in names(b)
    assert "Otto Brenner" in names(b)  # the subject of his own verb still acts


def test_a_lone_us_names_the_country_though_it_is_also_a_title_word():
    b = brief(
        "Separately, the US is seeking the extradition of Otto Rask from Britain.",
        "The U.S. said on Monday it would not sign the accord.",
        "US President Dana Marsh said the talks were going well.",
    )
    countries = [n for n, kind in names(b).items() if kind == "country"]
    assert countries in (["US"], ["U.S."])  # one country, as the article writes it
    assert said_by(b, "would not sign the accord") == countries
    assert "Dana Marsh" in names(b)  # before a name, "US" is still a role, not a second country
    assert "US President Dana Marsh" not in names(b)


def test_a_body_named_by_its_owner_does_not_run_back_over_a_full_stop():
    b = brief("Officials met in Geneva. The U.S. government said on Monday it would not sign the accord.")
    assert "U.S. government" in names(b)
    assert not any("Geneva." in n for n in names(b))


def test_when_a_speaker_said_it_is_not_the_start_of_what_was_said():
    b = brief(
        "The Harbor Trust announced this week that the old pier would close in May.",
        "Dana Marsh said last month that the fund had run dry.",
        "The Kestrel Union said earlier this year that it would strike.",
    )
    assert stances(b) == {
        "Harbor Trust": ["the old pier would close in May"],
        "Dana Marsh": ["the fund had run dry"],
        "Kestrel Union": ["it would strike"],
    }


def test_a_time_inside_what_was_said_stays_in_it():
    b = brief("Dana Marsh said that the fund had run dry last month.")
    assert stances(b) == {"Dana Marsh": ["the fund had run dry last month"]}


def test_a_name_the_article_writes_with_the_is_no_person():
    b = brief(
        "The Harbor City Gulls beat the Ridgeview Owls 3-1 on Tuesday night.",
        "The Gulls have won five straight. The Owls lost for the third time, and the Gulls moved to first.",
        "Coach Mara Lind said the Gulls had earned it.",
    )
    assert names(b).get("Harbor City Gulls") == "organization"
    assert names(b).get("Mara Lind") == "person"  # a titled name stays a person


def test_a_clause_after_a_name_is_no_role_of_it():
    b = brief(
        "Otto Rask had nine points for the Owls, and he did not appear to clash with Ivo Brandt.",
        "Jens Falk, who did it twice, said the streak was over. Falk scored 20.",
        "Lena Farrow, the team's captain, said the locker room was calm.",
    )
    roles = {p.name: p.role for p in b.participants}
    assert roles.get("Jens Falk") is None
    assert not any((r or "").startswith("and ") for r in roles.values())
    assert roles.get("Lena Farrow") == "the team's captain"


def test_a_players_position_letter_is_no_part_of_the_name():
    b = brief(
        "Owls: F Hamidou Sall missed his third straight game with a sprained knee.",
        "The E Street Band played on for hours.",
    )
    assert "Hamidou Sall" in names(b) and "F Hamidou Sall" not in names(b)
    assert "Street Band" not in names(b)  # a letter that opens a name of places stays in it


def test_whom_and_when_a_quoted_clause_was_told_is_not_part_of_it():
    b = brief(
        'Otto Rask told the Harbor Times in 2018 that the mayor "wrote that whole letter himself."',
        'Lena Farrow said the audit showed that the mayor "had lied to everyone."',
    )
    assert stances(b)["Otto Rask"] == ["the mayor wrote that whole letter himself"]
    # the words before "that" are a clause of their own: they stay
    assert stances(b)["Lena Farrow"] == ["the audit showed that the mayor had lied to everyone"]


def test_a_paragraphs_credit_is_not_part_of_the_sentence_a_source_is_inserted_in():
    b = brief(
        '(HNN) Mayor Ivo Brandt, according to the Harbor Council, made a trip to Oslo for "urgent talks" on the port.'
    )
    assert stances(b)["Harbor Council"] == ["Mayor Ivo Brandt made a trip to Oslo for urgent talks on the port"]


def test_a_capitalized_the_after_and_opens_a_second_name():
    text = "The sale will be a blow to Big Harbor and The Kestrel Group. Big Harbor said it owns the songs."
    found = analyse(article_from_text(text), parsed=True)
    assert {"Big Harbor", "Kestrel Group"} <= {e.name for e in found.registry.entities}
    assert not any(" and " in e.name for e in found.registry.entities)


def test_an_owner_the_article_names_alone_is_not_part_of_what_it_owns():
    b = brief(
        "The dispute is with Otto Rask, who runs the label.",
        "Rask’s Ithaca Holdings bought Marlin Records for $300M in a deal backed by Harbor Bank.",
        "The People's Liberation Army held drills near the people's port.",  # no owner alone: one name
    )
    assert {"Otto Rask", "Ithaca Holdings"} <= set(names(b))
    assert "Rask’s Ithaca Holdings" not in names(b)
    # the company, not its owner, is the buyer; what it bought is the other party
    from tests.test_agreements import deals  # noqa: PLC0415

    assert ("Ithaca Holdings", "Marlin Records") in deals(
        "The dispute is with Otto Rask, who runs the label.",
        "Rask’s Ithaca Holdings bought Marlin Records for $300M in a deal backed by Harbor Bank.",
    )


def test_the_subject_after_an_opening_source_is_no_role_of_the_source():
    b = brief(
        "According to Lena Farrow, her former label Marlin Records, which owns her songs, is blocking her tour.",
        "Ivo Brandt, the label's lawyer, said the claim was false.",
    )
    roles = {p.name: p.role for p in b.participants}
    assert roles.get("Lena Farrow") is None
    assert roles.get("Ivo Brandt") == "the label's lawyer"
    assert said_by(b, "is blocking her tour") == ["Lena Farrow"]


def test_a_name_only_of_a_program_is_no_participant():
    b = brief(
        "“It reminds us of the HTRS program,” said Ivo Brandt, referring to the city’s Harbor Transit Renewal "
        "Services effort that funded the line.",
        "The Harbor Transit Authority said the line would open in May.",
    )
    assert "Harbor Transit Renewal Services" not in names(b)
    assert "Harbor Transit Authority" in names(b)


def test_a_possessive_is_no_speaker_and_a_stance_verb_before_a_quotation_stays():
    b = brief("Marlin Records has denied Rask’s claims, saying they were “shocking and false.”")
    assert stances(b) == {"Marlin Records": ["denied Rask’s claims, saying they were shocking and false"]}


def test_a_date_after_a_plural_possessive_is_no_part_of_the_name_nor_the_end_of_the_clause():
    b = brief("Otto Rask said he received threats online after the Harbor Gulls’ Nov. 9 loss at Ridgeview.")
    assert stances(b) == {"Otto Rask": ["he received threats online after the Harbor Gulls’ Nov. 9 loss at Ridgeview"]}
    text = "The Harbor Gulls’ Nov. 9 loss was their third. The Harbor Gulls play again on Friday."
    found = analyse(article_from_text(text), parsed=True)
    assert not any("Nov" in e.name for e in found.registry.entities)


def test_a_reported_clause_still_ends_at_a_full_stop_after_a_country():
    b = brief("Otto Rask said the money went to the U.S. The mayor left on Friday.")
    assert stances(b) == {"Otto Rask": ["the money went to the U.S."]} or stances(b) == {
        "Otto Rask": ["the money went to the U.S"]
    }


def test_a_place_name_that_acts_is_an_organization_not_a_person():
    b = brief(
        "Eastern Michigan rolled past Northern Illinois 45-17 on Tuesday night. Eastern Michigan also became "
        "bowl-eligible, and Eastern Michigan will play again on Saturday.",
        "Mike Glass threw for three touchdowns.",
    )
    assert names(b).get("Eastern Michigan") == "organization"
    assert names(b).get("Mike Glass") == "person"


def test_an_abbreviated_position_before_a_name_is_its_role_but_a_title_stays_a_title():
    b = brief(
        "Harbor DL Otto Rask received a one-game suspension for shoving a rival.",
        "The UK Home Secretary must approve the transfer, Lena Farrow said.",
    )
    roles = {p.name: p.role for p in b.participants}
    assert roles.get("Otto Rask") == "Harbor DL"
    assert "Home Secretary" not in roles


def test_a_verb_said_again_is_no_inserted_cue_and_a_quotation_goes_on_in_the_last_voice():
    b = brief(
        "After that, Rask wrote, and wrote, and wrote. “When you read a Rask novel, you knew it at once,” said "
        "Lena Farrow, one of his editors. “Every book held a puzzle of some sort, and a game with words.”",
    )
    assert stances(b) == {
        "Lena Farrow": [
            "When you read a Rask novel, you knew it at once",
            "Every book held a puzzle of some sort, and a game with words",
        ]
    }


def test_a_one_word_name_the_parser_reads_as_a_person_is_one_though_it_speaks():
    b = brief(
        "“He would make art in the most surprising places,” Gaiman told me. Gaiman still laughs about it.",
        "The Browns beat the Steelers. Browns player Otto Rask said the fight was over. The Browns said so too.",
    )
    assert names(b).get("Gaiman") == "person"
    assert names(b).get("Browns") != "person"  # a team's name the article writes with "the"


def test_that_opening_what_was_announced_is_no_part_of_it_however_the_parse_tags_it():
    b = brief(
        "The Harbor Animal Shelter announced this week that Sasha the black cat was recently found wandering "
        "the streets of the capital."
    )
    assert stances(b) == {
        "Harbor Animal Shelter": ["Sasha the black cat was recently found wandering the streets of the capital"]
    }
    b = brief("Otto Rask told some of his friends that his mother disapproved of his work.")
    assert stances(b) == {"Otto Rask": ["his mother disapproved of his work"]}


def test_a_person_a_verb_is_done_to_takes_part_but_an_idle_place_does_not():
    b = brief(
        "Lena Farrow was injured in the second half and did not return.",
        "Protesters gathered near Harbor Hall.",
    )
    assert "Lena Farrow" in names(b)
    assert "Harbor Hall" not in names(b)
