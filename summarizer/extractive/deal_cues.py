"""The verbs that conclude a deal, as the parse reads them: "agreed to", "signed the accord",
"reached a deal", "took a stake in", "has a partnership with"; and the deal noun each takes."""

from __future__ import annotations

#: Verbs whose own act is the agreement: "agreed to", "signed the accord", "settled the suit".
CONCLUDING = frozenset({"agree", "sign", "settle", "vow", "pledge", "swap", "exchange", "acquire"})
#: Verbs that conclude a deal only with a deal for object: "reached a deal", "won the contract".
CONCLUDING_A_DEAL = frozenset(
    "reach strike seal ink clinch finalize finalise conclude approve ratify secure win land broker forge "
    "complete accept announce enter".split()
)
DEAL_NOUNS = frozenset(
    "deal agreement settlement accord pact truce ceasefire treaty compromise contract partnership "
    "alliance merger arrangement offer terms memorandum venture".split()
)
#: Deals a preposition can put a verb's act under: "in a deal worth", "under the agreement".
_NAMED_DEALS = frozenset({"deal", "contract", "agreement"})
#: A standing relation with someone: "has a partnership with Ulta Beauty".
STANDING = frozenset({"partnership", "alliance", "venture", "collaboration"})
#: Buying into a company: "took a majority stake in", "bought a stake in".
STAKE_VERBS = frozenset({"take", "buy", "acquire", "purchase"})
#: Agreeing with a decision or a view is an opinion of it, not a deal with anyone.
OPINION_NOUNS = frozenset(
    "decision view assessment statement idea comment remark sentiment ruling approach position analysis "
    "characterization characterisation finding conclusion verdict premise criticism argument assertion".split()
)


def deal_object(verb) -> object | None:
    """The deal noun the verb takes: its object, or the object of its preposition ("committed
    to a lifeline" is no deal; "entered into an agreement", "agreed on a truce")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass") and child.lemma_.lower() in DEAL_NOUNS:
            return child
        if child.dep_ == "prep" and child.lemma_.lower() in ("into", "on", "to"):
            noun = next((g for g in child.children if g.dep_ == "pobj"), None)
            if noun is not None and noun.lemma_.lower() in DEAL_NOUNS:
                return noun
    return None


def deal_cue(tok) -> tuple[object, object | None] | None:
    """The verb that concludes a deal at `tok`, with the noun that names the deal, if any ("has
    a partnership with Ulta Beauty": the verb "has" and the noun "partnership"); None when
    `tok` concludes none."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN":
        named = lemma in STANDING and any(
            c.dep_ == "prep" and c.lemma_.lower() in ("with", "between") for c in tok.children
        )
        # held or formed by someone: "the result of a partnership between" only names one
        if named and tok.dep_ in ("dobj", "obj") and tok.head.pos_ in ("VERB", "AUX"):
            return tok.head, tok
        return None
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if lemma == "agree":
        return (tok, deal_object(tok)) if _agrees(tok) else None
    if lemma in ("commit", "pledge") and any(c.dep_ == "prep" and c.lemma_.lower() == "to" for c in tok.children):
        return tok, None  # "committed to a $9.5 billion lifeline"
    if lemma in CONCLUDING:
        if lemma == "sign" and not _signs_a_deal(tok):
            return None
        if lemma in ("swap", "exchange") and not _trades_in_a_deal(tok):
            return None
        return tok, deal_object(tok)
    for child in tok.children:
        word = child.lemma_.lower()
        if child.dep_ in ("dobj", "obj") and (
            (lemma in STAKE_VERBS and word == "stake") or (lemma == "place" and word == "order")
        ):
            return tok, child  # "took a majority stake in", "placed an order for 20 jets"
        if child.dep_ == "prep" and word in ("in", "to", "under"):
            # "bought the studio in a deal worth $4bn", "added five companies to a contract"
            deal = next((g for g in child.children if g.dep_ == "pobj" and g.lemma_.lower() in _NAMED_DEALS), None)
            # (not acts under deals in general: "grain is supplied under commercial contracts")
            generic = deal is not None and word == "under" and (deal.tag_ == "NNS" or not _determined(deal))
            if deal is not None and not generic:
                return tok, deal
    deal = deal_object(tok)
    return (tok, deal) if lemma in CONCLUDING_A_DEAL and deal is not None else None


def _determined(noun) -> bool:
    """ "the agreement", "a contract", "its deal": one deal, not deals in general."""
    return any(c.dep_ in ("det", "poss") for c in noun.children)


def _signs_a_deal(verb) -> bool:
    """ "signed the accord", "signed with Vireo", "the club signed Ivo Brandt": a deal;
    "signed a letter", "signed autographs", "signed it" (a letter as likely as a deal): not one."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child.lemma_.lower() in DEAL_NOUNS or child.pos_ == "PROPN"
    return True


#: What two sides swap or exchange under a deal (not pipes, fire or words).
_TRADED = frozenset("prisoner captive detainee hostage body remains ratification instrument territory".split())


def _trades_in_a_deal(verb) -> bool:
    """ "swapped prisoners", "exchanged the instruments of ratification": a deal; "swapping about
    100 miles of line", "exchanged fire", "exchanged words": not one."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child.lemma_.lower() in _TRADED | DEAL_NOUNS
    return True


def _agrees(verb) -> bool:
    """ "agreed to", "agreed a deal", "have agreed": a deal; "agree with the decision", "experts
    agree that": a view."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lemma_.lower() == "with":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in OPINION_NOUNS:
                return False  # "we agree with the Judge's decision"
        if child.dep_ in ("xcomp", "dobj", "obj") or (child.dep_ == "prep" and child.lemma_.lower() in ("on", "to")):
            return True  # "agreed to start a dialogue", "agreed a deal", "agreed on a truce"
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)
    # past or perfect, a decision made; the present tense without an object states a view
    return verb.tag_ in ("VBD", "VBN") or perfect
