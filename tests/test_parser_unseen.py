"""Rule families found on news pages the rules were not written against (issue 17, stop 32):
each on invented sentences, both ways."""

from __future__ import annotations

from tests.test_parser import brief, names, roles, said_by, stances


def test_a_line_in_capitals_alone_marks_no_name_but_the_body_still_does():
    b = brief(
        "WILL MARTA VOSS RUN AGAIN?",
        "Marta Voss said on Monday she would decide by June.",
        "HOW WILL THE UNION PLAY?",
        "The Harbor Union met. NATO said it would send ships.",
    )
    assert not [n for n in names(b) if n.isupper() and " " in n]  # no "RUN AGAIN", no "UNION PLAY"
    assert {"Marta Voss", "Harbor Union", "NATO"} <= set(names(b))  # an acronym in the body is still a name


def test_a_peoples_adjective_is_no_participant_and_a_people_that_acts_is_a_group():
    b = brief(
        "The North Macedonian government said it would act. The North Macedonian fleet sailed on Monday, "
        "and Macedonian trawlers followed.",
        "African Americans will play a large role in the vote, Dana Marsh said.",
    )
    assert "North Macedonian" not in names(b)
    assert names(b)["North Macedonian government"] == "government"
    assert names(b)["African Americans"] == "group"  # a people, not a person
    assert names(b)["Dana Marsh"] == "person"


def test_a_unit_a_number_measures_is_no_participant():
    b = brief(
        "Harbor Power had 3.7 GW of capacity, and Voss Energy had 600 MW at the end of the year. "
        "A 2.1 GW floating plant is planned.",
        "The NBA said it had fined him. He won 3 NBA titles.",
    )
    assert "GW" not in names(b) and "MW" not in names(b)
    assert {"Harbor Power", "Voss Energy", "NBA"} <= set(names(b))  # counted once, named as a speaker once


def test_a_speaker_is_the_whole_name_written_before_the_cue_not_another_name_sharing_its_last_word():
    b = brief(
        "The Marlin Research Agency’s Ocean Data Program published a study.",
        "In May, the Department of Energy announced the target had been met three years early.",
    )
    assert said_by(b, "the target had been met") == ["Department of Energy"]


def test_a_place_the_speakers_are_in_is_not_the_speaker():
    b = brief(
        "Health officials in Norland’s Vantor Province have confirmed that two more cases had been found.",
        "Later, Vantor Province said it would close its schools.",
    )
    assert said_by(b, "two more cases had been found") == []  # the officials speak, unnamed
    assert said_by(b, "it would close its schools") == ["Vantor Province"]  # a place that speaks still does


def test_a_spokesperson_for_a_body_speaks_for_it_but_a_professor_at_one_does_not():
    b = brief(
        "A spokesman for the Kestrel Union said the strike would go on.",
        "An official at the Harbor Ministry said the port would reopen.",
        "“We will not sign,” a spokeswoman for Marlin Freight said.",
        "A professor at Norland University said the plan was sound.",
        "China's ambassador to Britain said the talks were over.",
    )
    assert said_by(b, "the strike would go on") == ["Kestrel Union"]
    assert said_by(b, "the port would reopen") == ["Harbor Ministry"]
    assert said_by(b, "We will not sign") == ["Marlin Freight"]
    assert said_by(b, "the plan was sound") == []
    assert said_by(b, "the talks were over") == []


def test_an_inverted_cue_claims_a_clause_with_a_full_stop_inside_it_but_not_a_dateline():
    b = brief(
        "But when tariffs are high, firms will pass the cost on to U.S. consumers, said Dana Marsh, an economist.",
        "That would cut output by $75.3 billion, said Otto Rask, a scientist who studies U.S.-Canada trade.",
        "Police later arrested Ivo B. Brandt, 32, of Franklin, after finding drugs in his car, said Lt. Mara Lind.",
        "Norpost.Net - Verified footage shows the police firing on the crowd, said Amnesty International on Tuesday.",
    )
    assert said_by(b, "firms will pass the cost on to U.S. consumers") == ["Dana Marsh"]
    assert said_by(b, "That would cut output by $75.3 billion") == ["Otto Rask"]
    assert said_by(b, "Police later arrested Ivo B. Brandt, 32, of Franklin") == ["Mara Lind"]
    footage = [p.stance for p in b.positions if p.holder == "Amnesty International"]
    assert footage == ["Verified footage shows the police firing on the crowd"]


def test_when_and_how_a_stance_was_given_is_no_part_of_it_whatever_the_cue_and_a_denial_keeps_its_verb():
    b = brief(
        "The conservative Harbor Institute projected in May that the tariffs would cut output by a tenth.",
        "Dana Marsh argued in a letter to the board that the merger was unlawful.",
        "Otto Rask denied on Monday that he had taken bribes.",
    )
    assert said_by(b, "the tariffs would cut output by a tenth") == ["Harbor Institute"]
    assert [p.stance for p in b.positions if p.holder == "Harbor Institute"] == [
        "the tariffs would cut output by a tenth"
    ]
    assert [p.stance for p in b.positions if p.holder == "Dana Marsh"] == ["the merger was unlawful"]
    (denial,) = [p.stance for p in b.positions if p.holder == "Otto Rask"]
    assert denial.startswith("denied") and denial.endswith("that he had taken bribes")  # not his confession


def test_a_body_named_again_without_its_country_is_the_same_body():
    b = brief(
        "The duty is paid to U.S. Customs and Border Protection at the border, Dana Marsh said.",
        "Customs and Border Protection said it would collect it within ten days.",
        "The Chinese Foreign Ministry said the talks would go on. The Foreign Ministry also said the envoy would stay.",
    )
    assert "Customs and Border Protection" not in names(b) and "Foreign Ministry" not in names(b)
    assert said_by(b, "it would collect it within ten days") == ["U.S. Customs and Border Protection"]
    assert said_by(b, "the envoy would stay") == ["Chinese Foreign Ministry"]
    assert "Border Protection" not in names(b)  # (no shorter tail is made a body of its own either)


def test_what_a_speaker_has_written_is_their_stance():
    b = brief(
        "“The importers pay the duty, not the exporters,” Lena Farrow, a fellow at the Harbor Center, has written.",
        "Otto Rask has written that the plan would fail.",
    )
    assert said_by(b, "The importers pay the duty, not the exporters") == ["Lena Farrow"]
    assert said_by(b, "the plan would fail") == ["Otto Rask"]


def test_a_condition_opening_a_stance_stays_in_it():
    b = brief(
        "If that holds up, the plan would cost the city $75 million, said Otto Rask, an economist.",
        "Dana Marsh said that if the plan failed, the council would resign.",
    )
    assert [p.stance for p in b.positions if p.holder == "Otto Rask"] == [
        "If that holds up, the plan would cost the city $75 million"
    ]
    said = [p.stance for p in b.positions if p.holder == "Dana Marsh"]
    assert said == ["if the plan failed, the council would resign"]


def test_a_paragraph_opening_with_his_quotation_goes_on_from_the_man_the_last_paragraph_ended_on():
    b = brief(
        "“We will win the vote,” Otto Rask said.",
        "At the same time, Ivo Brandt was working on a plan of his own. Brandt had never heard of the vote.",
        "“It makes no sense to me,” he said.",
    )
    assert said_by(b, "It makes no sense to me") == ["Ivo Brandt"]
    b = brief(
        "“We will win the vote,” Otto Rask said.",
        "The Harbor Union rejected the plan on Monday.",
        "“It makes no sense to me,” he said.",
    )
    assert said_by(b, "It makes no sense to me") == ["Otto Rask"]  # a body ended it: the speaker goes on


def test_a_cue_inserted_before_its_speaker_and_an_appositive_names_the_speaker_of_the_sentence():
    b = brief(
        "This system, says Lena Farrow, a biologist at the University of Norland, Vantor, helps the body fight.",
        "The plan, says Ivo Brandt, is a failure.",
        "The vote, Dana Marsh said, was a mistake.",
    )
    assert said_by(b, "This system helps the body fight") == ["Lena Farrow"]
    assert said_by(b, "The plan is a failure") == ["Ivo Brandt"]
    assert said_by(b, "The vote was a mistake") == ["Dana Marsh"]  # the cue after the name, as before


def test_a_quotation_an_unnamed_speaker_gave_is_not_the_last_named_speakers():
    b = brief(
        "“It happens more than we think,” Dana Marsh said.",
        "“It does not affect me at all now,” the patient wrote in the case study.",
        "“We were looking for bacteria,” one resident told reporters.",
        "“It makes no sense,” she said.",
    )
    assert said_by(b, "It does not affect me at all now") == []
    assert said_by(b, "We were looking for bacteria") == []
    assert said_by(b, "It makes no sense") == ["Dana Marsh"]  # a named voice still goes on
    b = brief("The Harbor Union rejected the offer on Monday.", "“We will strike until we win,” the statement said.")
    assert said_by(b, "We will strike until we win") == ["Harbor Union"]  # a statement is its issuer's


def test_an_appositive_may_hold_the_commas_of_a_place_or_a_name_and_still_name_the_speaker():
    b = brief(
        "“We have built the lightest lander yet,” Ivo Brandt, senior vice president for space at Kestrel "
        "Defense, Space, and Security, said in a statement.",
        "“The port will reopen,” Dana Marsh, a lawyer in Austin, Texas, said.",
        "“Prices will fall,” Lena Farrow, an analyst, told reporters, and Ivo Brandt agreed.",
    )
    assert said_by(b, "lightest lander") == ["Ivo Brandt"]
    assert said_by(b, "The port will reopen") == ["Dana Marsh"]
    assert said_by(b, "Prices will fall") == ["Lena Farrow"]  # a plain appositive as before
    assert "Texas" not in stances(b) and "Security" not in stances(b)


def test_whom_a_speaker_told_is_no_part_of_the_stance():
    b = brief(
        "Ivo Brandt, the younger brother of the Kestrel Union’s founder, Lena Farrow, has reportedly told "
        "friends and family that the strike was a “great success”.",
        "Dana Marsh told the court the firm that built the bridge was “bankrupt”.",
    )
    assert stances(b)["Ivo Brandt"] == ["the strike was a great success"]
    assert said_by(b, "the firm that built the bridge was bankrupt") == ["Dana Marsh"]  # no "that" of whom


def test_a_name_that_never_acts_is_listed_only_when_the_parser_reads_it_as_a_body():
    b = brief(
        "The Kestrel Union said its first crew would fly to the Moon in 2027. Its rockets will reach the Moon "
        "by 2028, and the crew will wait in the lunar Gateway. Funding for the Gateway is short.",
        "The contract for the lander went to Harbor Robotics in May. A second contract with Harbor Robotics "
        "runs to 2030. Bids for the HLS program are due in May, and the HLS program may slip.",
    )
    assert not {"Moon", "Gateway", "HLS"} & set(names(b))  # a place, a craft and a programme the story is about
    assert {"Kestrel Union", "Harbor Robotics"} <= set(names(b))  # a firm that never acts is still a party


def test_a_role_is_the_appositive_or_the_title_the_article_writes_and_never_a_bare_courtesy_or_a_clause():
    b = brief(
        "“The bridge is safe,” said Rep. Dana Marsh (D-OR), ranking member of the House transport "
        "subcommittee, during a hearing. “It is not,” responded Harbor Agency administrator Ivo Brandt.",
        "“We will finish in May,” added Lena Farrow, the acting associate administrator for ports at the agency.",
        "Mr. Reyes said the audit was late. Mr. Reyes said it would be public.",
        "In a memo sent by chairman Tom Hale, employees were told that the plant would close. Tom Hale said "
        "the plant would close.",
    )
    r = roles(b)
    assert "ranking member of the House transport subcommittee" in (r["Dana Marsh"] or "")  # past the party
    assert r["Ivo Brandt"] == "Harbor Agency administrator"  # the body and the title before the name
    assert r["Lena Farrow"] == "acting associate administrator for ports at the agency"  # ended by the sentence
    assert r["Reyes"] is None  # "Mr." says how to address him, not what he does
    assert "told" not in (r["Tom Hale"] or "")  # ", employees were told" is a clause, not a role


def test_a_title_yields_to_an_office_written_out_but_returns_when_those_words_are_a_clause():
    b = brief(
        "Gen. Ada Voss, chairman of the joint command, said the base would stay open. Voss said it was safe.",
        "A Dayton man admitted threatening Sen. Ruth Kell (R-Ohio), the state attorney’s office for the "
        "northern district announced Monday. Kell said she felt safer.",
        "Marco Lind, the company’s chief operating officer, said the lander was ready. Lind said it was late.",
        "Dr. Omar Pike, the most anticipated witness of the week, said little. Pike said he was tired.",
    )
    r = roles(b)
    assert r["Ada Voss"] == "chairman of the joint command"  # an office written out beats "Gen."
    assert r["Ruth Kell"] == "Sen."  # "the state attorney’s office ... announced Monday" is a clause
    assert r["Marco Lind"] == "the company’s chief operating officer"  # whose company stays said
    assert r["Omar Pike"] == "Dr."  # a description, not an office, leaves the title


def test_a_clause_shorter_than_the_least_the_pattern_reads_ends_with_its_own_sentence():
    b = brief(
        "Ivo Brandt said he was fine. The crew went home at noon.",
        "Sam Reyes said he met Mr. Lind. The talks went on.",
        "Brandt said the U.S. team won.",
    )
    s = stances(b)
    assert "he was fine" in s["Ivo Brandt"]  # not "he was fine. The crew went home at noon"
    assert "he met Mr. Lind" in s["Sam Reyes"]  # an abbreviation's stop ends no sentence
    assert "the U.S. team won" in s["Ivo Brandt"]


def test_a_name_spelled_as_a_brand_or_owned_by_a_body_is_no_person_and_no_party():
    from summarizer.extractive.entity import BRAND_CASE

    b = brief(
        "SpaceX said its Starship would be ready in May. SpaceX has flown 40 missions this year.",
        "“It is late,” Gaiman told me. Gaiman still laughs about it.",
        "Acme Corp said its Lumen subsidiary would sign. Lumen said the deal was fair.",
    )
    n = names(b)
    assert n.get("SpaceX") == "organization"  # an inner capital is a brand's spelling
    assert "Starship" not in n  # "its Starship": what a body owns
    assert n.get("Gaiman") == "person"  # one word the parser reads as a person stays one
    assert "Lumen" in n  # owned once, but it speaks in its own name
    assert all(BRAND_CASE.fullmatch(w) for w in ("YouTube", "BlackRock", "DeepMind", "FedEx"))
    assert not any(BRAND_CASE.fullmatch(w) for w in ("McDonald", "DeSantis", "LeBron", "MacArthur", "Lind"))


def test_the_body_named_first_in_the_text_is_what_the_agency_said_points_to():
    # (the first sentence of a text starts at its first letter: its subject is read there too)
    from summarizer import summarize

    b = summarize(
        "NASA will fly the Heavy Lift System Block 1B in 2028, the agency said. Boeing builds the core stage.",
        engine="extractive",
    )
    assert said_by(b, "Heavy Lift System Block 1B") == ["NASA"]
    assert "Heavy Lift System Block" not in names(b)  # a model with its number, not a body
