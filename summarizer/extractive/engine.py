"""Assemble the extractive brief: the same `Brief` contract, every span exact by construction."""

from __future__ import annotations

from ..article import Article
from ..drafts import SUMMARY_MAX_WORDS
from ..hints import Hint, Hints
from ..models import AgreedPoint, Brief, CitedOutlet, Evidence, Meta, Participant, Position
from .analysis import Analysis, analyse
from .entities import Entity, Registry
from .merged_names import parts_of
from .other_languages import read as read_other
from .parsed_entities import kind_of, takes_part
from .sentences import sentence_spans

MAX_POSITIONS = 12
NO_PROMPT = "none"  # `meta.prompt_version` of a brief that no prompt made
LEAD_WORDS = 60  # the lead stands in for a summary: about three sentences


def _evidence(text: str, start: int, end: int) -> Evidence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(quote=text[start:end], start=start, end=end, match="exact")


def balanced(stance: str) -> str:
    """The stance without a bracket it does not open or close: "(Alibaba says it has no plans)"
    read from inside the aside is "it has no plans", not "it has no plans)"."""
    for opening, closing in ("()", "[]"):
        if stance.endswith(closing) and stance.count(closing) > stance.count(opening):
            stance = stance[:-1].rstrip(" .,;")
        if stance.startswith(opening) and stance.count(opening) > stance.count(closing):
            stance = stance[1:].lstrip()
    return stance


def lead_summary(article: Article, limit: int = LEAD_WORDS) -> str:
    """The article's first sentences, up to about `limit` words."""
    body = article.text.strip()
    if article.title and body.startswith(article.title):
        body = body[len(article.title) :]
    words: list[str] = []
    body = " ".join(body.split())
    for sentence in (body[a:b] for a, b in sentence_spans(body)):
        if words and len(words) + len(sentence.split()) > limit:
            break
        words += sentence.split()
    return " ".join(words[:SUMMARY_MAX_WORDS])


def _participants(reg: Registry, speakers: set[str], parties: set[str]) -> list[Entity]:
    chosen = []
    for ent in reg.entities:
        named = ent.name in speakers or ent.name in parties
        if takes_part(ent, named) is False:
            continue  # the parser's judgement: a fragment, a date, a product, an idle place
        if ent.cited and ent.name not in speakers:
            continue  # "confirmed to WIRED": an outlet the article cites is listed as one
        if ent.qualifier_only and not named:
            continue  # "Tampa, FL", "Path A", "Euro 2020": a label, not an actor
        if ent.modifier_only and not named:
            continue  # "SUV sales", "a career Army officer": a word that qualifies, not an actor
        if ent.kind == "person":
            keep = named or ent.person_like or ent.acts
        elif ent.kind == "country":
            keep = named or ent.acts
        elif ent.kind == "government" and " " in ent.name:
            keep = True  # named public bodies in a story are almost always actors in it
        else:
            keep = named or ent.acts or len(ent.mentions) >= 2
        if keep:
            chosen.append(ent)
    return sorted(chosen, key=lambda e: e.first.start)


def _listed(text: str, people: list[Entity], parse) -> list[Participant]:
    """The participants as a brief lists them; a name the rules ran together is listed as the
    separate entities the parser reads in it."""
    listed = []
    for e in people:
        parts = parts_of(e, parse)
        if parts:
            listed += [Participant(name=n, kind=k, evidence=_evidence(text, s, end)) for n, k, s, end in parts]
        else:
            # its evidence names it in full where the article does ("World Travel and Tourism
            # Council", not the "Tourism" opening an earlier sentence)
            first = e.first_in_full or e.first
            listed.append(
                Participant(name=e.name, kind=kind_of(e), role=e.role, evidence=_evidence(text, first.start, first.end))
            )
    return listed


def _spread(attributions, names: set[str]):
    """Up to MAX_POSITIONS, taking each speaker's stances in turn so no voice is crowded out."""
    by_speaker: dict[str, list] = {}
    seen: set[tuple[str, str]] = set()
    for a in attributions:
        key = (a.speaker.name, a.stance)
        if a.speaker.name in names and key not in seen:
            seen.add(key)
            by_speaker.setdefault(a.speaker.name, []).append(a)
    chosen = []
    for rank in range(max((len(v) for v in by_speaker.values()), default=0)):
        chosen += [v[rank] for v in by_speaker.values() if rank < len(v)]
    return sorted(chosen[:MAX_POSITIONS], key=lambda a: a.start)


def extract_brief(article: Article, *, analysis: Analysis | None = None) -> Brief:
    """A brief from rules alone: deterministic, fast, and grounded span by span."""
    text = article.text
    found = analysis or analyse(article, parsed=True)
    attributions, agreements = found.attributions, found.agreements
    warnings = list(article.warnings)
    if not found.english and found.parse is not None:
        return _parsed_brief(article, found, warnings)
    if not found.english:
        # rules written for English read junk into other languages (a water temperature as a
        # person): no items at all rather than items the article does not support
        said = f" ({found.language})" if found.language else ""
        warnings.append(
            f"the extractive rules read English, and other languages only with an installed spaCy pipeline "
            f"(French: pip install 'grounded-news-brief[fr]'); this article is not in English{said}: the brief "
            "gives its lead and no items; use the llm engine to brief it"
        )
        return Brief(
            title=article.title,
            summary=lead_summary(article),
            warnings=warnings,
            meta=Meta(engine="extractive", model=None, prompt_version=NO_PROMPT, attempts=0),
        )

    if found.unparsed:
        warnings.append(found.unparsed)
    speakers = {a.speaker.name for a in attributions}
    parties = {p.name for a in agreements for p in a.parties}
    people = _participants(found.registry, speakers, parties)
    names = {e.name for e in people}

    positions = [
        Position(
            holder=a.speaker.name, stance=balanced(a.stance), quote=a.quote, evidence=_evidence(text, a.start, a.end)
        )
        for a in _spread(attributions, names)
    ]

    return Brief(
        title=article.title,
        summary=lead_summary(article),
        participants=_listed(text, people, found.parse),
        agreed_points=[
            AgreedPoint(point=a.point, parties=[p.name for p in a.parties], evidence=_evidence(text, a.start, a.end))
            for a in agreements
        ],
        positions=positions,
        cited_outlets=[
            CitedOutlet(name=o.name, as_written=o.as_written, evidence=_evidence(text, o.start, o.end))
            for o in found.outlets
        ],
        warnings=warnings,
        # no prompt made this brief: the field names that, rather than borrowing the llm's version
        meta=Meta(engine="extractive", model=None, prompt_version=NO_PROMPT, attempts=0),
    )


def _parsed_brief(article: Article, found: Analysis, warnings: list[str]) -> Brief:
    """The brief of an article in a language the engine reads only through its parser."""
    text = article.text
    people, quotes, outlets = read_other(text, found.parse, found.language)
    warnings = [
        *warnings,
        f"read with the spaCy pipeline for {found.language}: participants, quoted positions and cited outlets "
        "only; agreements and reported speech without quotation marks are not read in this language",
    ]
    return Brief(
        title=article.title,
        summary=lead_summary(article),
        participants=[Participant(name=p.name, kind=p.kind, evidence=_evidence(text, p.start, p.end)) for p in people],
        positions=[
            Position(holder=q.holder, stance=q.quote, quote=q.quote, evidence=_evidence(text, q.start, q.end))
            for q in quotes[:MAX_POSITIONS]
        ],
        cited_outlets=[
            CitedOutlet(name=name, as_written=f.name, evidence=_evidence(text, f.start, f.end)) for name, f in outlets
        ],
        warnings=warnings,
        meta=Meta(engine="extractive", model=None, prompt_version=NO_PROMPT, attempts=0),
    )


def hints_for(article: Article, *, analysis: Analysis | None = None) -> Hints:
    """What the rules found that the model should not miss: outlets and quoted speakers."""
    text = article.text
    found = analysis or analyse(article, parsed=True)
    speakers: dict[str, Hint] = {}
    for a in found.attributions:
        # sure: quoted, named at the cue, with a name of more than one word or a title (a lone
        # word may be a fragment); only those are re-asked, so a capable model is not re-asked
        # about the rules' own mistakes
        sure = a.direct and a.quote is not None and (" " in a.speaker.name or a.speaker.titled)
        hint = Hint(a.speaker.name, _evidence(text, a.start, a.end).quote, sure=sure)
        if a.speaker.name not in speakers or (sure and not speakers[a.speaker.name].sure):
            speakers[a.speaker.name] = (
                hint
                if a.speaker.name not in speakers
                else Hint(a.speaker.name, speakers[a.speaker.name].quote, sure=True)
            )
    return Hints(
        outlets=[Hint(o.name, text[o.start : o.end], sure=o.sure) for o in found.outlets],
        speakers=list(speakers.values()),
    )
