"""Rule families found on wire stories and a press release the rules were not written against
(issue 17, stop 35): each on invented sentences, both ways."""

from __future__ import annotations

from tests.test_parser import brief, names, said_by, stances


def test_a_site_a_craft_or_a_product_line_is_no_participant():
    b = brief(
        "Early work is under way at NASA’s Kestrel Assembly Facility in Tampa. Work on the next stage is in "
        "progress at nearby Kestrel.",
        "“The Orbital Transfer System Block 2 rocket will carry crews,” said Mara Quist. Quist said the "
        "Orbital Transfer System Block 2 was late.",
        "The Harbor Robotics Company said it would build the next stage.",
    )
    n = names(b)
    assert not {"Kestrel Assembly Facility", "Orbital Transfer System Block", "Orbital Transfer System"} & set(n)
    assert {"Mara Quist", "Harbor Robotics Company"} <= set(n)  # a person and a firm that acts stay


def test_an_acronym_the_text_spells_out_as_a_thing_is_no_body():
    b = brief(
        "The rocket uses the deep orbit transfer stage (DOTS) and the Lunar Cargo Module (LCM). DOTS will "
        "carry fuel and LCM will carry a rover.",
        "The Council on Harbor Safety (CHS) said the launch could go ahead. CHS approved it on Monday.",
    )
    n = names(b)
    assert "DOTS" not in n and "LCM" not in n  # a stage and a module, spelled out
    assert "CHS" in n or "Council on Harbor Safety" in n  # a body spelled out is one


def test_a_country_before_one_word_names_a_firm_not_a_titled_person():
    b = brief(
        "Kanto Steel agreed to buy U.S. Steel for $9 billion. U.S. Steel said the deal was fair.",
        "US President Dana Marsh said she would review the purchase. Marsh said it raised concerns.",
    )
    n = names(b)
    assert n.get("U.S. Steel") == "organization"  # not a person "Steel" with the title "U.S."
    assert n.get("Dana Marsh") == "person"  # a title after the country is still a title


def test_a_cue_in_the_passive_names_what_was_said_not_who_said_it():
    b = brief(
        "Kanto Steel agreed to buy Ridge Mills for $9 billion. The purchase has faced opposition since it was "
        "announced last year, with both Dana Marsh and Ivo Brandt publicly indicating their intentions to block it.",
        "Kanto Steel has announced that it will keep every plant open.",
    )
    assert not said_by(b, "with both Dana Marsh")  # "was announced": no speaker
    assert said_by(b, "it will keep every plant open") == ["Kanto Steel"]  # the active cue still reads


def test_whom_a_body_tells_is_not_who_the_body_is():
    b = brief(
        "Kanto Steel has announced that it will keep every plant open.",
        "The panel told Kanto Steel in September that the deal would create risks.",
        "Kanto Steel told investors that the deal would close in May.",
    )
    assert not said_by(b, "the deal would create risks")  # an unnamed panel told the firm
    assert said_by(b, "the deal would close in May") == ["Kanto Steel"]  # the firm telling others still speaks


def test_a_body_inside_a_reported_clause_is_what_the_named_speaker_says_of_it():
    b = brief(
        "Industry Minister Adolfo Varro said on Monday that Italy wanted the carmaker to stay.",
        'Varro said the government wanted Stellaro to pledge "significant resources" to keep its plants.',
        'Varro said Elena Rossi wanted Stellaro to pledge "new money" for the workers. Rossi is a union leader.',
    )
    assert said_by(b, "the government wanted Stellaro to pledge significant resources") == ["Adolfo Varro"]
    assert "Stellaro" not in stances(b)  # the firm the clause is about holds nothing
    assert said_by(b, "new money") == ["Elena Rossi"]  # a named person inside the clause holds her own


def test_a_wire_credit_is_no_part_of_the_stance_before_a_trailing_cue():
    b = brief(
        "ROME (Reuters) - Italy expects to be a central part of the carmaker's plans, Industry Minister "
        "Adolfo Varro said on Saturday.",
        "Italy expects the plants to stay open, Varro said later.",
    )
    held = stances(b)["Adolfo Varro"]
    assert any(s.startswith("Italy expects to be a central part") for s in held)
    assert not any("Reuters" in s for s in held)


def test_it_after_a_sentence_about_a_thing_is_that_thing_not_a_body_named_inside_it():
    b = brief(
        "The lawsuit, filed on March 19 in U.S. District Court in Tampa, accused Ivo Brandt of malice. It "
        "said the statements were repeated.",
        "The company, Harbor Robotics, denied the claims. It said the statements were fair.",
    )
    assert not said_by(b, "the statements were repeated")  # the lawsuit's words, not the court's
    assert said_by(b, "the statements were fair") == ["Harbor Robotics"]


def test_a_name_with_and_without_its_middle_initial_is_one_person_but_two_initials_are_two():
    b = brief(
        "Donald Trump said the deal was good. Later, Donald J. Trump said it again.",
        "George W. Bush said the war was right. George H. W. Bush said it was not.",
    )
    n = names(b)
    assert len([x for x in n if "Trump" in x]) == 1
    assert {"George W. Bush", "George H. W. Bush"} <= set(n)


def test_a_deal_only_planned_denied_or_done_under_deals_in_general_is_no_agreement():
    b = brief(
        "Harbor and Kestrel ministries to sign fisheries agreement",
        "Norland and Vesta will sign the deals on fisheries in the coming months, minister Ivo Brandt said.",
        "Minister Ivo Brandt denied on Monday that an agreement had been concluded with Vesta.",
        "Norland grain is supplied to Vesta under commercial contracts as well.",
        "Norland and Vesta signed a fisheries accord in Oslo on Tuesday.",
    )
    points = [a.point for a in b.agreed_points]
    assert len(points) == 1 and "signed a fisheries accord" in points[0], points  # only the deal that was made


def test_a_portfolio_after_of_is_no_person_and_an_arabic_article_stays_in_the_name():
    b = brief(
        "The Harbor Minister of Planning, Khalid Samir al-Rawi, denied on Monday that the port would close.",
        "Al-Rawi said in an interview that the port would stay open.",
        "The United Nations Secretary-General Ana Reyes said the talks would go on.",
    )
    n = names(b)
    assert "Planning" not in n  # "Minister of Planning": a portfolio
    assert n.get("Khalid Samir al-Rawi") == "person" and "Al-Rawi" not in n  # one person, both forms
    assert said_by(b, "the port would stay open") == ["Khalid Samir al-Rawi"]
    assert n.get("Ana Reyes") == "person"  # "Secretary-General" is a title
    assert not any("United Nations Secretary" in x for x in n)


def test_a_document_named_in_capitals_is_no_participant():
    b = brief(
        "The Norland-Vesta Memorandum of Understanding must become specific agreements, minister Ivo Brandt "
        "said. The Harbor Accord was signed in May. Norland said the Harbor Accord would hold.",
    )
    n = names(b)
    assert not any("Memorandum" in x or "Accord" in x for x in n)
    assert "Norland" in n
