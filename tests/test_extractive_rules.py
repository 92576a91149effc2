"""One rule family per test, on invented sentences (none is copied from the dev set), both ways:
what the rule must find, and the near miss it must leave alone."""

from __future__ import annotations

from summarizer.extractive import extract_brief
from summarizer.load import article_from_text


def brief_of(body: str, title: str = "Headline"):
    return extract_brief(article_from_text(f"{title}\n\n{body}"))


def outlets(body: str) -> list[str]:
    return [o.name for o in brief_of(body).cited_outlets]


def holders(body: str) -> dict[str, str]:
    """stance -> holder"""
    return {p.stance: p.holder for p in brief_of(body).positions}


# --- outlets -------------------------------------------------------------------------------


def test_a_dateline_credit_is_authorship_not_a_citation():
    assert outlets("OSLO (AP) — The ministry raised fuel taxes on Monday.\n\nThe vote was close.") == []
    assert outlets("LIMA, Peru (Reuters) - Miners went on strike.\n\nTalks resumed later. PTI") == []


def test_an_unknown_outlet_after_a_strong_cue_is_found_by_its_shape():
    assert outlets("A nurse at the clinic told Vremya that the ward was full.") == ["Vremya"]
    assert outlets("The mayor said so in an interview with cityreport.net on Friday.") == ["cityreport.net"]
    assert outlets("The figure was first reported by the Harbor Ledger newspaper last year.") == ["Harbor Ledger"]


def test_a_person_or_an_institution_after_told_is_not_an_outlet():
    body = "Senator Maria Vance spoke first. Later the aide told Vance that the bill had failed. He told Congress too."
    assert outlets(body) == []


def test_a_name_does_not_run_past_its_sentence():
    assert outlets("The convoy reached the city via Tarnow. Following the talks, the troops left.") == []


def test_outlet_citations_by_journalists_commentaries_and_credits():
    assert outlets("A Reuters photographer saw smoke over the port.") == ["Reuters"]
    assert outlets("The Valley Courier said in a commentary that the plan was reckless.") == ["Valley Courier"]
    assert outlets("Nordpost contributed to this report.") == ["Nordpost"]


def test_a_known_medium_that_says_something_is_cited():
    assert outlets("Xinhua said the two leaders met on Monday.") == ["Xinhua"]
    body = "On Monday, the People’s Daily, the mouthpiece of the party, warned that there was no room for talks."
    assert outlets(body) == ["People's Daily"]
    assert outlets("The Harbor Ledger newspaper has said the mayor would resign.") == ["Harbor Ledger"]


def test_a_person_or_a_title_with_a_mediums_word_that_says_something_is_no_outlet():
    assert outlets("Ivo Brandt said the plan would fail. Vremya Holdings said it would sell the port.") == []
    assert outlets("White House Press Secretary Mara Lind said the hearing was a sham.") == []


def test_an_agency_that_says_something_is_a_source_but_no_medium_unless_it_is_a_news_agency():
    body = "The Nordic Space Agency says the probe is on course. The agency said Monday that it would land in May."
    assert outlets(body) == []
    assert outlets("A report by the Baltic Energy Agency stated that output had fallen.") == []
    assert outlets("The Vremya News Agency said the two leaders met.") == ["Vremya News Agency"]
    assert outlets("The Interfax news agency said the talks had stalled.") == ["Interfax"]


# --- participants --------------------------------------------------------------------------


def test_places_works_and_labels_are_not_participants():
    b = brief_of(
        "Ships crossed the Baltic Sea near Kent County. The team played in Group B of the Nations Cup Finals. "
        "Fans sang the Second Amendment song."
    )
    assert [p.name for p in b.participants] == []


def test_a_word_that_leads_a_speech_clause_is_an_organization():
    b = brief_of("Zentrix said its profit rose. Orvane expects a weak quarter, but analysts disagree.")
    assert {p.name for p in b.participants} >= {"Zentrix", "Orvane"}
    # a plural noun that only opens a sentence is not a name
    assert "Sources" not in {p.name for p in brief_of("Sources said the vote would slip.").participants}


def test_a_word_that_only_qualifies_a_noun_is_not_an_actor():
    b = brief_of("ATV sales fell. A Navy officer spoke to ATV dealers about the Republican plan.")
    assert not {"ATV", "Navy", "Republican"} & {p.name for p in b.participants}


def test_bodies_named_by_owner_and_noun_speak():
    b = brief_of("Two soldiers died in the crash, the Danish military said in a statement on Friday.")
    assert [(p.holder, p.stance) for p in b.positions] == [("Danish military", "Two soldiers died in the crash")]


def test_a_possessive_ends_a_name_unless_an_institution_follows():
    b = brief_of(
        "Norway's Lena Holt won the final. The Mayor's Office of Housing approved the plan on Monday, "
        "and Lena Holt said she was delighted with her season."
    )
    names = {p.name for p in b.participants}
    assert "Lena Holt" in names and "Mayor's Office of Housing" in names
    assert not any(n.startswith("Norway") and n != "Norway" for n in names)


def test_a_country_is_named_as_the_article_names_it():
    b = brief_of("The UK has urged both sides to return to talks, and the UK said it would host them.")
    assert "UK" in {p.name for p in b.participants}


# --- speakers ------------------------------------------------------------------------------


def test_speakers_with_a_role_a_description_or_an_auxiliary():
    got = holders(
        "Coach Tomas Berg joined the club in May.\n\n"
        'The 61-year-old said on Friday: "I am proud of this squad."\n\n'
        '"We will keep prices low," utility CEO Dana Roe said.\n\n'
        "Investor Paul Marsh had said that the market was overheated."
    )
    assert got["I am proud of this squad"] == "Tomas Berg"  # after a colon the quotation is the stance
    assert got["We will keep prices low"] == "Dana Roe"
    assert got["the market was overheated"] == "Paul Marsh"


def test_an_inverted_cue_closes_a_reported_clause():
    got = holders(
        "Rates will stay high through the winter, said Ines Walder, the bank's chief economist.\n\n"
        "Prices rose in nine cities, said Harbor Watch on Tuesday."
    )
    assert got["Rates will stay high through the winter"] == "Ines Walder"
    assert got["Prices rose in nine cities"] == "Harbor Watch"


def test_calling_something_a_name_is_a_stance_and_joined_speakers_both_hold_it():
    got = brief_of(
        "Mara Lind and Otto Rask spoke after the vote. The Kestrel Group called the ruling a disgrace. "
        "Lind and Rask said that the court had overreached."
    ).positions
    stances = {(p.holder, p.stance) for p in got}
    # a stance verb stays in its stance (issue 17): "called" is what makes it a judgement
    assert ("Kestrel Group", "called the ruling a disgrace") in stances
    assert {("Mara Lind", "the court had overreached"), ("Otto Rask", "the court had overreached")} <= stances


def test_a_quotation_that_ends_its_sentence_is_not_the_next_pronouns():
    got = brief_of(
        'Lena Park met Jon Reyes on Monday. Park said the budget was "a disaster for the schools." '
        "He said the plan would pass anyway."
    ).positions
    by_quote = {p.quote: p.holder for p in got if p.quote}
    assert by_quote["a disaster for the schools."] == "Lena Park"


def test_the_cue_nearest_the_quotation_wins():
    got = brief_of(
        "Mayor Elin Dahl spoke to the council. That said, the Port Authority says that the harbor "
        '"cannot take more ships this year" without new cranes.'
    ).positions
    by_quote = {p.quote: p.holder for p in got if p.quote}
    assert by_quote["cannot take more ships this year"] == "Port Authority"


def test_members_speak_for_the_group_named_after_them_and_no_one_else():
    got = holders(
        "Nurses for Safe Wards wrote to the Health Ministry on Monday. The nurses said that staffing had fallen "
        "for three years. The ministry declined to comment. The lawyers said that the case would go on."
    )
    assert got["staffing had fallen for three years"] == "Nurses for Safe Wards"
    assert "the case would go on" not in got  # no group is named for lawyers


# --- agreements ----------------------------------------------------------------------------


def test_a_deal_must_be_concluded_not_only_named_or_hoped_for():
    b = brief_of(
        "Norland and Vestia reached a landmark “zero tariff” trade agreement on Friday.\n\n"
        "Critics said any sort of deal with Vestia would hurt farmers.\n\n"
        "Officials said Norland would agree to a summit only if Vestia paid first.\n\n"
        "Skyline Air placed an order for 40 jets with Aerotek Corp."
    )
    points = [(a.parties, a.evidence.quote[:25]) for a in b.agreed_points]
    assert points == [
        (["Norland", "Vestia"], "Norland and Vestia reache"),
        (["Skyline Air", "Aerotek Corp."], "Skyline Air placed an ord"),
    ]


def test_the_headline_does_not_repeat_the_body_deal():
    b = brief_of(
        "Halvorsen Group signed a supply contract with Nordic Steel on Tuesday, the companies said.",
        title="Halvorsen Group signs supply deal with Nordic Steel",
    )
    assert len(b.agreed_points) == 1 and b.agreed_points[0].evidence.start > 0


def test_a_quotation_paragraph_goes_on_in_the_previous_speakers_voice():
    got = brief_of(
        'Mayor Elin Dahl opened the session. "We will rebuild the pier," she said.\n\n'
        '"It will take two years and every crane we have. Nobody will lose a job."'
    ).positions
    by_quote = {p.quote: p.holder for p in got if p.quote}
    assert by_quote["It will take two years and every crane we have. Nobody will lose a job."] == "Elin Dahl"


def test_a_description_names_the_person_whose_role_it_is():
    got = holders(
        "Vestian President Omar Haddad met Prime Minister Lena Berg in Oslo. Haddad thanked Berg for the talks.\n\n"
        "The Vestian president said that the border would reopen next week."
    )
    assert got["the border would reopen next week"] == "Omar Haddad"


def test_a_country_that_owns_or_hosts_the_speaker_does_not_speak():
    b = brief_of(
        "Norway's fisheries minister said the quotas would stay. "
        "Vestia's ambassador to Norway accused the government of stalling the talks."
    )
    assert not any(p.holder in ("Norway", "Vestia") for p in b.positions)


def test_an_inverted_cue_names_the_speaker_of_a_clause_with_its_own_stance_verb():
    got = holders(
        "The union rejected the offer, said Mara Lind, a spokeswoman for the port.\n\n"
        "Vestia wants the bridge finished by 2027, said Ivo Brandt on Monday.\n\n"
        "The Kestrel Group rejected the new offer on Friday."
    )
    assert got["The union rejected the offer"] == "Mara Lind"
    assert got["Vestia wants the bridge finished by 2027"] == "Ivo Brandt"
    # with no inverted cue, the stance verb's own subject holds it
    assert [h for s, h in got.items() if s.startswith("rejected the new offer")] == ["Kestrel Group"]


def test_the_alone_does_not_join_two_names_but_does_after_of():
    b = brief_of(
        "Mara Lind told Harbor Ledger the Vestia Group had left the port. Bank of the West said it would cut jobs."
    )
    names = {p.name for p in b.participants}
    assert "Vestia Group" in names and "Bank of the West" in names
    assert not any("Ledger the" in n for n in names)
    assert {p.holder: p.stance for p in b.positions}["Mara Lind"] == "the Vestia Group had left the port"


def test_a_places_qualifier_is_no_participant_but_a_name_in_a_list_is():
    b = brief_of(
        "The tour stops in Tampa, FL on June 9 and in Salem, OR on June 12, then returns to Tampa, FL in July.\n\n"
        "Ivo Brandt, Mara Lind and Otto Rask founded the Kestrel Group in 1970. Rask said the band would play on."
    )
    names = {p.name for p in b.participants}
    assert not {"FL", "OR"} & names
    assert "Otto Rask" in names


def test_a_quoted_title_stays_a_title_when_a_word_of_it_opens_a_sentence():
    b = brief_of(
        "The set list ran “Long Lonely Nights,” “Still Waters,” and “Cold Fire.”\n\n"
        "Long considered one of the greats, the band left."
    )
    assert b.participants == []


def test_comments_is_a_cue_before_or_after_the_speaker():
    assert holders("“We are thrilled to be back,” comments Mara Lind in a statement.") == {
        "We are thrilled to be back": "Mara Lind"
    }


def test_a_designation_a_model_number_or_a_places_code_is_a_label_not_an_actor():
    from summarizer.extractive.entities import Registry

    reg = Registry(
        "Headline\n\nHarbor United won the cup in May, and Harbor United now meet the winners: Path C, Group F.\n\n"
        "Engineers tested the Corvane Kite 1B twice, and the Corvane Kite 1B flew. Fans went to the Harlow Expo "
        "2031 in June. The band plays Salem, OR and Tampa, FL in June, with Ivo Brandt, Mara Lind and Otto Rask."
    )
    labels = {e.name for e in reg.entities if e.qualifier_only}
    assert {"Group F.", "Corvane Kite", "Harlow Expo", "OR", "FL"} <= labels, labels
    assert not {"Harbor United", "Ivo Brandt", "Mara Lind", "Otto Rask"} & labels


def test_a_title_case_headline_names_only_what_the_body_writes_with_capitals():
    b = brief_of(
        "Vireo admitted the design was flawed, and Vireo replaced it. Kestrel Holdings said it would wait.",
        title="So This Is the Future of Vireo Design, Say Kestrel Holdings",
    )
    names = {p.name for p in b.participants}
    assert {"Vireo", "Kestrel Holdings"} <= names, names
    assert not any("Future" in n or "Design" in n for n in names)
    assert [p.holder for p in b.positions if "flawed" in p.stance] == ["Vireo"]


def test_a_longer_name_after_the_short_one_names_something_else_unless_it_is_a_suffix():
    b = brief_of(
        "Vireo said sales rose. Vireo added that prices would fall. Fans liked the new Vireo Cloud service.\n\n"
        "Harlow said it would hire. Harlow Inc. is based in Oslo, and Harlow Inc. said costs rose."
    )
    holders_of = {p.holder for p in b.positions}
    assert "Vireo" in holders_of and "Vireo Cloud" not in holders_of
    assert "Harlow Inc." in holders_of and "Harlow" not in holders_of  # one company, by its full name
