"""Rule families found on saved news pages the rules were not written against (issue 17, stop
36: six pages of a public reader-mode test set): each on invented sentences, both ways."""

from __future__ import annotations

from tests.test_parser import brief, names, said_by, stances


def test_a_phrase_in_single_quotes_in_a_headline_takes_no_part():
    b = brief(
        "The 'Harbor Dream' is fading, says a new study of Port Vestia.",
        "Ivo Brandt's 'quiet plan' worked, Mara Lind said. Brandt said the port would grow.",
    )
    assert "Harbor Dream" not in names(b)
    assert names(b).get("Ivo Brandt") == "person"  # an apostrophe after a name opens no quotation


def test_a_peoples_adjective_is_no_surname_and_a_building_is_no_participant():
    b = brief(
        "Gunmen stormed the Kestrel National Museum on Monday. The Kestrel museum reopened on Friday.",
        "Veltrian Islamists said the attack was a crime. Many Veltrian voters agreed, and the Islamists said "
        "they would march. Veltrian officials said the Islamists were right.",
        "Mara Quist, the museum's director, said the doors would stay open. Quist said she was not afraid.",
    )
    n = names(b)
    assert "Kestrel National Museum" not in n
    assert n.get("Veltrian Islamists", "group") == "group"  # a group, not a person surnamed "Veltrian"
    assert n.get("Mara Quist") == "person"  # a surname used alone still marks a person


def test_a_title_before_a_one_word_name_makes_a_person_even_inside_an_administrations_name():
    b = brief(
        "President Dorran plans to sign the order on Friday, and the Dorran administration said it would "
        "announce the plan. Dorran said the plan was overdue.",
    )
    assert names(b).get("Dorran") == "person"
    assert said_by(b, "the plan was overdue") == ["Dorran"]


def test_a_body_named_again_without_its_country_is_the_same_body():
    b = brief(
        "The deal still needs the approval of the US Congress, where members of both parties are wary.",
        "He is confident the deal will be passed by Congress next month, Ivo Brandt said.",
    )
    n = names(b)
    assert not ({"US Congress", "Congress"} <= set(n))  # one body, listed once
    # ... while a different body with the same last word stays apart
    b = brief(
        "The Veltrian Senate passed the bill, and the Harbor Council said it would sue.",
        "The Kestrel Council said on Monday that it agreed with the Harbor Council.",
    )
    assert {"Harbor Council", "Kestrel Council"} <= set(names(b))


def test_where_or_how_something_was_said_is_no_stance():
    b = brief(
        "“Our port is in danger,” Ivo Brandt declared in a televised address Monday evening.",
        "Mara Lind, a nurse at the clinic, confirmed to reporters in Vestia that the ward was full.",
    )
    assert not said_by(b, "televised address")
    assert said_by(b, "the ward was full") == ["Mara Lind"]


def test_an_abbreviation_before_a_lowercase_word_ends_no_stance():
    b = brief(
        "Press secretary Ivo Brandt condemned the attack and said the U.S. government was willing to help.",
        "Mara Lind said the money had gone to the U.S. The port reopened on Monday.",
    )
    assert said_by(b, "the U.S. government was willing to help") == ["Ivo Brandt"]
    assert stances(b)["Mara Lind"] == ["the money had gone to the U.S."]  # a stop before a capital still ends it


def test_quoted_words_that_open_a_clause_take_the_whole_clause():
    b = brief(
        "After the vote, Ivo Brandt admitted “politics in this port” meant there were few options left.",
        "Mara Lind warned of “the harbor plan” and said nothing more.",
    )
    assert said_by(b, "politics in this port meant there were few options left") == ["Ivo Brandt"]
    assert not said_by(b, "and said nothing more")  # a conjunction after the quote starts no clause of it


def test_words_quoted_inside_a_noun_phrase_are_no_utterance():
    b = brief(
        "A report by the Kestrel Institute said Vestia might not be the “jobs engine” it thinks it is, "
        "when compared to other ports.",
        "“We are the jobs engine,” Ivo Brandt said.",
    )
    said = [s for v in stances(b).values() for s in v]
    assert "it is, when compared to other ports" not in said  # an echo of the verb states nothing
    assert "jobs engine" not in said
    assert said_by(b, "Vestia might not be the jobs engine it thinks it is") == ["Kestrel Institute"]
    assert said_by(b, "We are the jobs engine") == ["Ivo Brandt"]  # a quotation that is an utterance stays


def test_a_participants_evidence_names_it_in_full():
    b = brief(
        "Tourism is critical to Vestia's economy, according to the Harbor Travel and Tourism Council, a "
        "trade body. The Harbor Travel and Tourism Council said visits fell.",
    )
    council = next(p for p in b.participants if p.name == "Harbor Travel and Tourism Council")
    assert council.evidence.quote == "Harbor Travel and Tourism Council"
    assert council.support == "verified"


def test_a_stance_read_inside_brackets_leaves_the_unmatched_bracket_out():
    from summarizer.extractive.engine import balanced

    assert balanced("it has no plans to do this)") == "it has no plans to do this"
    assert balanced("(the port will reopen") == "the port will reopen"
    assert balanced("the levy (a tax) will rise") == "the levy (a tax) will rise"  # a pair stays
    assert balanced("this [attack] is alien to us") == "this [attack] is alien to us"


def test_who_owns_a_body_or_where_it_sits_is_no_word_of_its_name():
    b = brief(
        "The price was matched at Kestrel-owned QXR stores last week, and QXR said it would match it again.",
        "Mara Lind, head of the Vestia-based Harbor Fishing Council, said the catch was small. The Harbor "
        "Fishing Council said it would meet.",
    )
    n = names(b)
    assert "QXR" in n and "Kestrel-owned QXR" not in n
    assert "Harbor Fishing Council" in n and not any(k.startswith("Vestia-based") for k in n)


def test_a_crafts_number_in_words_makes_it_a_craft_not_a_body():
    b = brief(
        "Press secretary Ivo Brandt told reporters aboard Harbor Wing One that the talks would resume.",
        "The Veltrian Air Force said on Monday that its jets were grounded.",
    )
    n = names(b)
    assert "Harbor Wing" not in n
    assert "Veltrian Air Force" in n  # the body that speaks stays


def test_whom_and_when_before_that_are_no_part_of_the_stance():
    b = brief(
        "President Dorran told the U.N. General Assembly 18 months ago that he would seek “real breakthroughs "
        "on these two issues.”",
        "Kestrel founder Mara Lind said in an internal memo that the “price gap has become less relevant” as "
        "the firm cut prices, Vestia Finance reported earlier this year.",
    )
    assert said_by(b, "he would seek real breakthroughs on these two issues") == ["Dorran"]
    assert not any(s.startswith(("the U.N.", "in an internal memo")) for s in sum(stances(b).values(), []))
    lind = stances(b)["Mara Lind"]
    assert lind == ["the price gap has become less relevant as the firm cut prices"]  # no outlet's credit


def test_a_clause_without_a_subject_says_what_a_noun_is_not_what_anyone_holds():
    b = brief(
        "Kestrel was selling cheaper eggs, prices it said were a result of the deal.",
        "Then came the Harbor Pass, which Kestrel founder Mara Lind said last year had passed 100 million members.",
        "Kestrel said it was a result of the deal. Lind said she had passed the test.",
    )
    said = sum(stances(b).values(), [])
    assert not any(s.startswith(("were a result", "last year had passed")) for s in said)
    assert said_by(b, "it was a result of the deal") == ["Kestrel"]
    assert said_by(b, "she had passed the test") == ["Mara Lind"]


def test_a_comma_in_the_next_sentence_closes_no_role():
    b = brief(
        "Kestrel had more than 100 brands as of July, according to Harbor Research Group, double the number in "
        "2017. One of these, Vesta, sells coffee.",
        "Mara Lind, the chief analyst at Harbor Research Group, said the count was right.",
    )
    roles = {p.name: p.role for p in b.participants}
    assert roles.get("Harbor Research Group") is None
    assert roles.get("Mara Lind") == "chief analyst at Harbor Research Group"


def test_a_name_written_only_before_a_places_noun_is_a_place():
    b = brief(
        "The craft broke up over the remote Veltrian Kestra region, and the Kestra government said debris fell.",
        "Local people in the Veltrian Kestra region reported a flash. Mara Lind said she saw it.",
    )
    n = names(b)
    assert "Veltrian Kestra" not in n
    assert n.get("Mara Lind") == "person"


def test_an_acronym_in_a_name_makes_a_body_not_a_person():
    b = brief(
        "Orbital QXT, the agency's other shipper, sent supplies in October. Orbital QXT said it would fly again.",
        "Ivo Brandt III said the launch was on time.",
    )
    n = names(b)
    assert n.get("Orbital QXT") == "organization"
    assert n.get("Ivo Brandt III", n.get("Ivo Brandt")) == "person"  # a roman numeral is no acronym


def test_the_bill_alone_is_the_document_named_before_and_takes_no_part():
    b = brief(
        "The Harbor Data Bill would require providers to store records. The Bill would also let police read them.",
        "Opposition Leader Bill Marsh said the Bill should be changed. Marsh said it was flawed.",
    )
    n = names(b)
    assert "Bill" not in n and "Harbor Data Bill" not in n
    assert n.get("Bill Marsh") == "person"  # a given name is still one


def test_a_participle_whose_object_comes_before_it_is_no_stance():
    b = brief(
        "The council is alarmed by the criticism of the Harbor Bill it wants passed before the summer recess.",
        "The council wants the levy scrapped, Ivo Brandt said.",
    )
    assert not any(s.startswith("passed before") for s in sum(stances(b).values(), []))


def test_pipes_or_fire_swapped_are_no_deal_and_prisoners_swapped_are():
    b = brief(
        "Kestrel Gas officials said they were swapping about 100 miles of line each year.",
        "Veltria and Marland swapped prisoners on Monday, the Red Harbor Society said.",
    )
    points = [a.point for a in b.agreed_points]
    assert not any("swapping about 100 miles" in p for p in points)
    assert any("swapped prisoners" in p for p in points)


def test_a_body_named_with_its_noun_last_is_the_body_named_with_of():
    b = brief(
        "Mara Lind, deputy commissioner at the Department of Harbor Safety, said the pipes held.",
        "Harbor Safety Department officials said the department repaired 75 breaks. Ivo Brandt, a spokesman for "
        "the Department of Design and Construction, said construction work had stopped.",
    )
    n = names(b)
    assert "Harbor Safety Department" not in n or "Department of Harbor Safety" not in n  # one body
    assert "Department of Design" not in n  # "and Construction" is a word of the name, written in lower case too
    assert said_by(b, "construction work had stopped") == ["Ivo Brandt"]


def test_a_clauses_own_cue_and_the_next_speakers_clause_are_no_part_of_the_stance():
    b = brief(
        "He added that stopping the flow could freeze the pipes, Ivo Brandt said.",
        "Marland said Mara Lind had told Ivo Brandt that she was fine and the military said it was keeping her safe.",
    )
    assert said_by(b, "stopping the flow could freeze the pipes") == ["Ivo Brandt"]
    assert not any(s.startswith("He added") for s in sum(stances(b).values(), []))
    assert not any("the military said" in s for s in sum(stances(b).values(), []))


def test_a_name_closing_a_reported_sentence_with_reported_is_a_cited_outlet():
    b = brief(
        "Kestrel founder Mara Lind said in a memo that prices would fall, Vestia Finance reported earlier this year.",
        "Ivo Brandt reported for duty on Monday. The port, Brandt said, reported a loss.",
    )
    assert [o.name for o in b.cited_outlets] == ["Vestia Finance"]
    assert "Vestia Finance" not in names(b)
    assert "Ivo Brandt" in names(b)  # a person who reports for duty is no outlet


def test_a_word_the_text_writes_in_lower_case_is_no_surname():
    from summarizer.extractive import analyse
    from summarizer.load import article_from_text

    text = (
        "Invented story for a test\n\nBars hire firms such as Let There Be Glass in Vestia to make signs. Glass "
        "signs glow, and glass tubes break.\n\nMara Lind said the signs would stay. Lind said they were safe."
    )
    found = {e.name: e for e in analyse(article_from_text(text), parsed=True).registry.entities}
    assert "Glass" in found["Let There Be Glass"].not_surnames and not found["Let There Be Glass"].person_like
    assert found["Mara Lind"].person_like  # a surname the text never writes in lower case still marks a person


def test_when_before_that_leaves_a_reported_stance():
    b = brief("Ivo Brandt acknowledged at the time that the gas did not glow white and insisted it was safe.")
    assert stances(b)["Ivo Brandt"] == ["the gas did not glow white and insisted it was safe"]


def test_a_priced_product_takes_no_part_and_its_brand_stays_the_company():
    b = brief(
        "This year Kestrel launched new gadgets, and Vantor impressed with its camera.",
        "Kestrel AirPads Pro for $235",
        "Kestrel finally delivered noise cancellation with the new AirPads Pro. The AirPads Pro sound better.",
        "Vantor Galaxy Slate 10 Plus for $840",
        "Arguably the best tablet of the year, the Slate 10 Plus is well designed, Vantor said.",
    )
    n = names(b)
    assert not {"Kestrel AirPads Pro", "AirPads Pro", "Vantor Galaxy Slate", "Plus"} & set(n)
    assert {"Kestrel", "Vantor"} <= set(n)  # the companies, no longer aliases of their products


def test_a_price_in_a_story_makes_no_person_a_product():
    b = brief(
        "Mara Lind sold the house for $2 million in May. Lind said she would move to Vestia.",
        "Ivo Brandt bought it for $3 million",
        "On March 15 Ivo Brandt said the price was fair.",
    )
    assert {"Mara Lind", "Ivo Brandt"} <= set(names(b))


def test_a_name_that_mostly_qualifies_the_noun_after_it_takes_no_part():
    b = brief(
        "The Kestrel VRX headset is comfortable. VRX games are fun, and the VRX launch lineup is long.",
        "It is a pleasant VRX surprise, Mara Lind said. Kestrel said it sold a million.",
    )
    n = names(b)
    assert "VRX" not in n
    assert "Mara Lind" in n


def test_where_a_quoted_stance_was_said_and_to_whom_leave_it():
    b = brief(
        "The Harbor Office of Emergency Services said in an Oct. 26 letter to phone companies that their "
        "engagement was “unacceptable” at a time of need.",
        "Mara Lind said in a statement to the council that the ferry was “safe and on time” all year.",
    )
    assert said_by(b, "their engagement was unacceptable at a time of need") == ["Harbor Office of Emergency Services"]
    assert said_by(b, "the ferry was safe and on time all year") == ["Mara Lind"]
    assert not any(s.startswith("in ") for s in sum(stances(b).values(), []))


def test_a_reported_verb_with_no_subject_of_its_own_is_no_stance():
    b = brief(
        "Ivo Brandt has released attack code he said exploits the flaw to crash any server.",
        "Mara Lind said the code exploits the flaw. Lind said she had warned the firm.",
    )
    assert not any(s.startswith("exploits the flaw") for s in sum(stances(b).values(), []))
    assert said_by(b, "the code exploits the flaw") == ["Mara Lind"]


def test_a_compound_of_common_words_opening_a_sentence_is_no_part_of_a_name():
    b = brief(
        "Just-released Kestrelcraft patch makes it easy to crash servers, Ivo Brandt said.",
        "Kestrelcraft said it would fix the flaw. Kestrelcraft is played by millions, and a just-released "
        "patch fixed it.",
    )
    n = names(b)
    assert "Just-released Kestrelcraft" not in n
    assert "Kestrelcraft" in n


def test_a_lowercase_title_between_the_cue_and_the_name_keeps_the_speaker():
    b = brief(
        "“We are concerned over the sale of these pills,” said chief inspector Mara Lind from the Vestia police.",
        "Vestia police said the tablets were toxic.",
    )
    assert said_by(b, "We are concerned over the sale of these pills") == ["Mara Lind"]


def test_a_first_name_before_the_full_name_is_the_same_person():
    b = brief(
        "“The drug was in her system,” her mother, Ilse, said in a statement yesterday.",
        "Ilse Marten issued a plea for people to stay away from the pills. Marten said they were a deadly toxin.",
    )
    n = names(b)
    assert "Ilse Marten" in n and "Ilse" not in n


def test_letters_a_thing_is_known_by_are_no_body():
    b = brief(
        "Police said the tablets contained dinitrophenol, known as DXP, a toxic chemical. DXP is deadly, and "
        "DXP pills are sold online.",
        "The profiles include so-called “personally identifiable information” (PII) like names. PII is "
        "valuable to advertisers.",
        "The militant group known as HVF said it would fight on. HVF said the talks had failed.",
    )
    n = names(b)
    assert "DXP" not in n and "PII" not in n
    assert "HVF" in n  # a group known by its letters is a body
    b = brief("The game runs in 4K with HDR (high dynamic range lighting) support. HDR makes it bright, and HDR costs.")
    assert "HDR" not in names(b)  # the long form's first words spell it


def test_a_verb_opening_a_bracket_is_no_word_of_the_name_after_it():
    b = brief(
        "Kestrelbook tracks people who never joined. (See Kestrelbook's own description of this.) Kestrelbook "
        "said it respects privacy, and Kestrelbook said it would not change.",
    )
    n = names(b)
    assert "See Kestrelbook" not in n
    assert "Kestrelbook" in n


def test_where_words_were_found_is_no_stance_and_who_reviewed_them_is_cited():
    b = brief(
        "These deals don't just pop up over night, he said according to a transcript reviewed by Vestia Insider. "
        "They take time, Ivo Brandt said.",
    )
    assert not any(s.startswith("according to") for s in sum(stances(b).values(), []))
    assert [o.name for o in b.cited_outlets] == ["Vestia Insider"]
    assert b.cited_outlets[0].evidence.quote == "reviewed by Vestia Insider."  # not into the next sentence


def test_two_capital_letters_after_a_name_make_a_body():
    b = brief("Kestrel bought Harbor VR for $2 billion. Harbor VR said it would keep its staff.")
    assert names(b).get("Harbor VR") == "organization"


def test_a_short_name_in_mixed_case_is_verified_where_its_evidence_writes_it():
    b = brief(
        "Until recently, low rates set by the Vestia Reserve let the council borrow cheaply.",
        "But as the economy grew, the Fed raised rates, starting in December. The Fed said more rises would come.",
    )
    fed = next(p for p in b.participants if p.name == "Fed")
    assert fed.support == "verified", fed.support_note


def test_a_chamber_before_a_partys_plural_makes_a_group_not_a_titled_person():
    b = brief(
        "House Republicans introduced a bill this month, and Republicans said it would pass. Republicans in the "
        "House want the cuts to stay.",
        "Senator Mara Lind said the bill was a mistake.",
    )
    n = names(b)
    assert n.get("Republicans") in ("group", "organization", None)
    assert n.get("Mara Lind") == "person"


def test_a_name_split_by_a_line_break_or_a_tab_resolves_without_error():
    from summarizer.extractive.entities import Registry

    reg = Registry("Headline\n\nThe Department of Harbor Safety said the pipes held. Mara Lind agreed.")
    # (the parser's entities may run over a line break: "Pékin\n\nChina" once crashed the lookup)
    for name in ("Harbor\nSafety Department", "Harbor\tSafety", "Mara\u00a0Lind", "Pékin\n\nChina"):
        reg.resolve(name)
    assert reg.resolve("Harbor Safety Department") is reg.resolve("Department of Harbor Safety") is not None


def test_a_name_only_ever_a_line_by_itself_is_a_heading_or_a_credit():
    b = brief(
        "Vestia Harbor Police",
        "Mara Lind, 21, was taken to hospital on 12 April after taking the tablets.",
        "The Harbor Food Agency warned people to stay away from the pills.",
    )
    n = names(b)
    assert "Vestia Harbor Police" not in n
    assert "Harbor Food Agency" in n  # a body named in a sentence stays


def test_a_stance_verb_before_a_quotation_keeps_its_verb_when_it_takes_an_object():
    b = brief(
        "The leader of the Harbor Party, Mara Lind, condemned Wednesday’s attack, saying in a statement that it "
        "“will not break our will.”",
        "Ivo Brandt said the city “will not break” under pressure.",
    )
    assert said_by(b, "condemned Wednesday’s attack") == ["Mara Lind"]
    assert said_by(b, "the city will not break under pressure") == ["Ivo Brandt"]  # a reporting verb does not


def test_a_compass_word_before_a_place_is_a_region_not_a_person():
    b = brief(
        "The dry weather up north came as Southern California battened the hatches for rain. California "
        "officials said the storm would pass, and California's governor agreed.",
        "Eastern Kestrel rolled past Western Harbor 45-17 on Tuesday night, and Eastern Kestrel will play again.",
    )
    n = names(b)
    assert "Southern California" not in n
    assert "Eastern Kestrel" in n  # a team named for a compass point, with no place beside it, stays
