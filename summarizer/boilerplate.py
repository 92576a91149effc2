"""What trafilatura keeps of a page that is not the article: the lines a site puts around its
stories, in any of the languages its readers use. Each kind is a small named pattern, matched
against a whole line (paragraph), never a site's name: a line is dropped only when all of it
is one of these, so an article sentence that merely mentions a newsletter stays.

- related links: "More:", "Read more: ...", "Lire aussi : ...", "Also on rt.com ...";
- sharing prompts: "Like this story? Share it with a friend!";
- newsletter promos: "Sign up for our daily newsletter";
- inline person cards: "Kristi NoemKristi Lynn NoemSouth Dakota governor ... MORE (R)";
- credits: "Graphic: ...", "Photo: ...", "Contributing: ...", "Additional reporting by ...",
  "X contributed to this report.";
- an author's note with a handle or an address: "X is a reporter for Y. Follow him on Twitter @x".

Titles lose the site's suffix ("... | DW | 19.01.2020", "...-新华网") by the site name the page
gives, or a " | " tail of a few words.
"""

from __future__ import annotations

import re

_RELATED = re.compile(
    r"^(?:more|see also|related|related stories|read more|read also|also read|recommended|watch|listen"
    r"|lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr zum thema|mehr dazu|leer más|lee también|ver también"
    r"|leia também|leggi anche|читайте также|также читайте|смотрите также)"
    r"\s*(?:[:：]\s*.*|[.…]*)$"
    r"|^also on [\w.-]+\.\w+\b.*$",
    re.I,
)
_SHARE = re.compile(
    # (and a site's promotion of its own series: "Tech Enabled: CNET chronicles ... Check it out here.")
    r"^(?:.{0,200}\bcheck it out here\.?|like this (?:story|article)\?.*share.*|share (?:this|on) .{0,40}"
    r"|share it with a friend!?"
    r"|click (?:here )?to share.*|follow us on .{0,60})$",
    re.I,
)
_NEWSLETTER = re.compile(
    r"^(?=.{0,160}$)(?:sign up|subscribe|register|get|join)\b.{0,80}\bnewsletters?\b.*$"
    r"|^(?=.{0,160}$).*\bnewsletters?\b.{0,60}\b(?:sign up|subscribe|inbox)\b.*$",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:graphic|graphics|photo|photos|image|images|video|illustration|chart|map|source|credit|credits"
    r"|contributing|contributors?|additional reporting|reporting|editing|writing)\b(?:\s+by)?\s*[:：].{0,200}$"
    r"|^(?:additional reporting|reporting|writing|editing) by\b.{0,200}$"
    r"|^a version of this (?:article|story) (?:appears|appeared) in print\b.{0,300}$"
    r"|^\((?:photo|image|graphic)s?\s+(?:by|:).{0,150}\)$"
    # a caption, known by the credit that closes it: "... the agency said.(Oleg Urusov/ Roscosmos
    # photo via AP)", "... (Ellen M. Banner / The Seattle Times)"
    r"|^.{0,600}\((?=[^()]{0,160}\)$)(?:[^()]*\bphoto\b|[^()]*\bGetty\b|[^()]*\bvia\s+(?:AP|Reuters|AFP)\b"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}\s*/\s*(?:The\s+)?[A-Z])[^()]*\)$"
    # (or by a credit line run on after it: "... in Flushing, Queens. Credit Chang W. Lee/The New York
    # Times", "... in the current crisis Credit: DESMOND KWANDE/ AFP")
    r"|^.{0,600}\b(?:Credit:?|Photo(?:graph)?\s+by)\s+[^.]{1,80}?"
    r"(?:/\s*[A-Z][\w.'’ -]{1,40}|\s+for\s+The\s+[A-Z][\w.'’ -]{1,40})$"
    # "Heba Habib contributed to this report.", "Ilse Marten contributed reporting from Vestia."
    r"|^.{3,150}?\bcontributed(?:\s+(?:additional\s+)?reporting)?(?:\s+(?:to|for)\s+this\s+(?:report|story|article))?"
    r"(?:\s+from\s+[^.]{1,60})?\.?$",
    re.I,
)
# "Lucas Nolan is a reporter for Breitbart Tech ... Follow him on Twitter @LucasNolan_": who wrote
# it, and where to find them (an article's own sentence about a reporter gives no handle)
_AUTHOR_BIO = re.compile(
    r"^(?=.{0,400}$)[^.]{2,60}\bis an?\s+(?:[\w-]+\s+){0,3}"
    r"(?:reporter|writer|correspondent|editor|columnist|contributor|journalist)\b"
    r".*(?:\bfollow\s+(?:him|her|them)\b|\s@\w+|\b[\w.+-]+@[\w-]+\.[\w.]+)",
    re.I,
)
# The page's last line naming its author's beat: "Steven Mufson covers the White House. Since
# joining The Post, he has covered economics" (inside a story, such a line is someone's news)
_CLOSING_NOTE = re.compile(
    # (after a byline's name and a slash, the first name alone: "Dan Goodin / Dan is the Security Editor")
    r"^(?=.{0,300}$)(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*/\s*[A-Z][\w.'’-]+"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s+(?:covers|writes about|reports on|has covered|has written about"
    r"|is on (?:Twitter|X|Instagram|Facebook|Bluesky|Mastodon)|is the author of"
    r"|is (?:an?|the)\s+(?:[\w-]+\s+){0,3}(?i:reporter|writer|correspondent|editor|columnist|journalist|author))\b"
)
_ABOUT_AUTHOR = re.compile(r"^about the authors?:?$", re.I)
# "NoemKristi": a name run into the next without a space, as a card's stacked lines flatten
_RUN_TOGETHER = re.compile(r"[a-z][A-Z][a-z]")
_CARD_END = re.compile(r"\bMORE\b(?:\s*\([A-Z]\))?\s*$")

KINDS = {
    "related link": _RELATED,
    "sharing prompt": _SHARE,
    "newsletter promo": _NEWSLETTER,
    "credit": _CREDIT,
    "author's note": _AUTHOR_BIO,
}


def kind_of(line: str) -> str | None:
    """The kind of boilerplate a whole line is, or None when it may be the article's."""
    line = " ".join(line.split())
    if not line:
        return None
    for name, pattern in KINDS.items():
        if pattern.match(line):
            return name
    if len(line) <= 300 and _CARD_END.search(line) and _RUN_TOGETHER.search(line):
        return "person card"
    return None


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], dict[str, int]]:
    """The paragraphs without the boilerplate lines, and how many of each kind were dropped."""
    kept, dropped = [], {}
    for paragraph in paragraphs:
        found = kind_of(paragraph)
        if found is None:
            kept.append(paragraph)
        else:
            dropped[found] = dropped.get(found, 0) + 1
    if len(kept) > 1 and _CLOSING_NOTE.match(" ".join(kept[-1].split())):
        kept.pop()  # only where a note stands: last, after the story (and its heading, if any)
        dropped["author's note"] = dropped.get("author's note", 0) + 1 + bool(_ABOUT_AUTHOR.match(kept[-1]))
        kept = kept[:-1] if _ABOUT_AUTHOR.match(kept[-1]) else kept
    return kept, dropped


_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*[|｜]\s*|(?<=\S)-(?=\S*(?:网|網|新闻|新聞)\s*$)")


def clean_title(title: str, site_name: str | None = None) -> str:
    """The headline without the site's suffix: trailing segments naming the site (by the name
    the page gives) or, after " | ", of a few words or a date."""
    segments = _SEPARATORS.split(title)
    if len(segments) < 2:
        return title.strip()
    site = (site_name or "").casefold().strip()
    while len(segments) > 1:
        tail = segments[-1].strip()
        named = bool(site) and (tail.casefold() == site or site in tail.casefold() or tail.casefold() in site)
        dated = bool(re.fullmatch(r"[\d./-]{6,10}", tail))
        short_piped = "|" in title and len(tail.split()) <= 4 and len(segments[0].split()) >= 3
        chinese_site = bool(re.search(r"(?:网|網|新闻|新聞)$", tail))
        if not (named or dated or short_piped or chinese_site):
            break
        segments = segments[:-1]
    # the separators are gone with the tail; rejoin what stays as it was written
    kept = segments[0]
    rest = title[len(segments[0]) :]
    for segment in segments[1:]:
        at = rest.find(segment)
        kept += rest[: at + len(segment)]
        rest = rest[at + len(segment) :]
    return kept.strip()
