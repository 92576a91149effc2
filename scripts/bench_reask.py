"""What a re-ask sends and asks the model to write, against the conversation re-ask it replaced,
built in the same run from the same draft (tokens estimated as characters / 4, as the budget
does).

    python scripts/bench_reask.py

The draft is the seed article's SCRIPTED answer (tests/fixtures) with one position's quote made
up, so the checks refuse that one item; and the same answer without one cited outlet, for the
completeness re-ask. Issue 20: "a re-ask sends only what the model needs to fix the refused
items: the errors and the items, not the whole draft again".
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from summarizer.checks import check
from summarizer.checks.grounding import ArticleIndex, problems_message
from summarizer.drafts import DraftBrief
from summarizer.extractive import analyse, hints_for
from summarizer.llm.completeness import missing
from summarizer.llm.engine import messages_for
from summarizer.llm.patches import names_kept, repair_message
from summarizer.llm.prompting import render_completeness
from summarizer.llm.reask import ArticleBrief, ArticlePatch, ExplainingPatch
from summarizer.load import article_from_text
from summarizer.providers import Reply
from summarizer.providers.openai import OpenAIProvider
from summarizer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_46441950d65b9f7a.txt").read_text(encoding="utf-8")
ANSWER = json.loads((ROOT / "tests" / "fixtures" / "seed_scripted_brief.json").read_text(encoding="utf-8"))
ANSWER.pop("_label")


def tokens(obj) -> int:
    return len(json.dumps(obj, ensure_ascii=False)) // 4


def main() -> None:
    article = article_from_text(SEED)
    analysis = analyse(article)
    index = ArticleIndex(article.text)
    provider = OpenAIProvider(Settings(base_url="http://127.0.0.1:9/v1", api_key="k", model="m"))
    messages = messages_for(article, analysis)
    first = provider.request(messages, ArticleBrief)

    bad = copy.deepcopy(ANSWER)
    bad["positions"][0]["quote"] = "sanctions are a crime against humanity"
    draft = DraftBrief.model_validate(bad)
    problems = check(draft, index, analysis).problems
    tool_call = {"id": "call_1", "type": "function", "function": {"name": "ArticleBrief", "arguments": json.dumps(bad)}}
    raw = _completion(tool_call)
    conversation = provider.reask(first, Reply(text=json.dumps(bad), raw=raw), problems_message(problems))
    repair = provider.request([*messages, {"role": "user", "content": repair_message(draft, problems)}], ArticlePatch)
    patch = {"positions": [ANSWER["positions"][0]]}

    lacking = copy.deepcopy(ANSWER)
    lacking["cited_outlets"] = [o for o in lacking["cited_outlets"] if o["name"] != "Xinhua"]
    first_draft = DraftBrief.model_validate(lacking)
    left = missing(hints_for(article, analysis=analysis), check(first_draft, index, analysis))
    hints = hints_for(article, analysis=analysis)
    outlets, speakers = [h for h in left if h in hints.outlets], [h for h in left if h in hints.speakers]
    old_followup = [
        *messages,
        {"role": "assistant", "content": first_draft.model_dump_json(exclude={"omissions"})},
        {"role": "user", "content": render_completeness(outlets, speakers)},
    ]
    new_followup = [
        *messages,
        {"role": "user", "content": render_completeness(outlets, speakers, names_kept(first_draft))},
    ]
    old_complete = provider.request(old_followup, ExplainingPatch)  # the schema differs little; the messages do
    new_complete = provider.request(new_followup, ExplainingPatch)
    added = {"cited_outlets": [o for o in ANSWER["cited_outlets"] if o["name"] == "Xinhua"]}

    print(f"refused {len(problems)} item(s); left out: {', '.join(h.name for h in left) or 'nothing'}")
    print(f"{'':38} {'request':>8} {'answer':>7}   (tokens, chars/4)")
    rows = [
        ("first request", tokens(first.body), tokens(ANSWER)),
        ("checks' re-ask, as a conversation turn", tokens(conversation.body), tokens(ANSWER)),
        ("checks' re-ask, the refused items only", tokens(repair.body), tokens(patch)),
        ("completeness re-ask, draft resent", tokens(old_complete.body), tokens(ANSWER)),
        ("completeness re-ask, what to add only", tokens(new_complete.body), tokens(added)),
    ]
    for name, request, answer in rows:
        print(f"  {name:38} {request:8,} {answer:7,}")
    for label, old, new in (("checks' re-ask", rows[1], rows[2]), ("completeness re-ask", rows[3], rows[4])):
        print(
            f"{label}: request {new[1] / old[1]:.2f}x the old one's tokens; the answer to write {new[2] / old[2]:.2f}x"
        )


def _completion(tool_call: dict):
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate(
        {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {"role": "assistant", "content": None, "tool_calls": [tool_call]},
                }
            ],
        }
    )


if __name__ == "__main__":
    main()
