"""Shapes of text around a stance. Some say no one states anything there: a circumstance of the
saying, an echo of the verb, a clause without a subject, words quoted inside a noun phrase. Others
are trimmed from a stance: an outlet's credit after it, a cue of its own or the setting of the saying
before it."""

from __future__ import annotations

import re

# "said in a televised address Wednesday evening.": where or how it was said, with no verb of its own;
# and "said according to a transcript reviewed by Business Insider": where the words were found
CIRCUMSTANCE = re.compile(
    r"(?!.*\b(?:that|will|would|is|are|was|were|has|have|had|can|could|should|must|may|might)\b)"
    r"(?:in|on|at|to|during|after|before|for|with|from|by)\s+(?:\S+\s+){0,5}\S+$"
    r"|according\s+to\b",
    re.I,
)
# a clause that only echoes its verb: "the jobs machine it thinks it is, when compared"
ECHO = re.compile(
    r"(?:it|he|she|they|we|i|you)\s+(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)(?:\s*[,;.]|$)",
    re.I,
)
# a determiner right before a quotation: 'not the "jobs machine" it thinks it is' quotes a
# phrase inside a noun phrase, no utterance of anyone's
DETERMINED = re.compile(r"\b(?:the|a|an|its|his|her|their|our|this|that|these|those)\s+$", re.I)
# a clause with no subject of its own: "prices it said [were a result of the deal]", "which Jeff
# Bezos said [last year had surpassed 100 million members]" say what the noun before them is, and
# so does a participle
GAPPED = re.compile(
    r"(?:(?:last|this|next|earlier\s+this)\s+\w+\s+|(?:yesterday|today|earlier|recently)\s+)?"
    r"(?:was|were|is|are|had|has|have|would|will|could|can|did|does)\b"
    # ("the Bill it wants [passed before Parliament rises]": a participle whose object is before it)
    r"|[a-z]+ed\s+(?:before|by|in|on|at|to|for|with|after|until|as)\b",
    re.I,
)
# ", according to X" or ", Yahoo Finance reported earlier this year": the source of the clause,
# an outlet's credit, not a word of the stance
SOURCE_TAIL = re.compile(
    r",\s+(?:(?:according\s+to|as\s+reported\s+by|citing)\s+.*"
    r"|(?:[A-Z][\w.&'’-]*\s+){1,4}reported(?:\s+[a-z]+){0,3})$"
)
# "He added that stopping the flow could freeze pipes, he said": the clause's own cue
OWN_CUE = re.compile(r"^\s*(?:He|She|They)\s+(?:added|said|noted|explained|argued)\s+(?:that\s+)?")
# "in an Oct. 26 letter to communications companies that": where it was said, and to whom
SETTING_THAT = re.compile(
    r"^\s*in\s+(?:a|an|the|its|his|her|their)\s+[^\"“”]{0,40}?\b(?:letter|statement|interview|memo|email|post"
    r"|speech|filing|release|tweet|briefing|note)\b[^\"“”]{0,60}?\bthat\s+",
    re.I,
)
# A cue that only reports ("said", "told"), and an object after a cue that is a stance verb of its
# own ("condemned Wednesday's attack, saying ..."): the stance keeps such a verb
REPORTS = re.compile(
    r"(?:sa(?:id|ys|y)|t(?:old|ells)|add(?:ed|s)|stat(?:ed|es)|wr(?:ote|ites)|not(?:ed|es)"
    r"|explain(?:ed|s)|report(?:ed|s)|confirm(?:ed|s)|announc(?:ed|es))",
    re.I,
)
OBJECT_NEXT = re.compile(r"[ \t]+(?:the|a|an|his|her|its|their|this|[A-Z][\w-]*(?:’s|'s))[ \t]")
