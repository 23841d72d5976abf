"""Tag each paragraph of an article with its role: title, byline, caption, subhead, body or boilerplate.

The rules are general habits of news pages (photo credits, "Follow X on Twitter", author bios, repeated
headlines), never facts about one outlet or article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.text.document import Role

_SOCIAL = r"(twitter|facebook|x|instagram|threads|bluesky|linkedin|tiktok|youtube|mastodon|telegram|truth social)"

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(updated|published|posted|last (updated|modified)|modified)\b\s*[:.]?\s*[\w ,.:/-]{0,60}$",
        rf"^follow\b.{{0,80}}\b(on|at)\b.{{0,60}}\b{_SOCIAL}\b",
        rf"^(share|follow us|find us|like us)\b.{{0,40}}\b{_SOCIAL}\b",
        rf"^{_SOCIAL}$|^(e-?mail|share|print|comments?|copy link|save|reddit|whatsapp|pinterest)$",
        r"^related( topics| articles| stories| coverage| content| links)?:?$",
        r"^(read|see|watch|listen)( more| next| also| now)?\s*[:|]",
        r"^(more|also) (on|from|in) (this|the)\b.{0,40}$",
        r"\b(commenting|comment section|comments? (are|is) (closed|moderated))\b",
        r"^(leave|post|add|view|show|load|join the) .{0,30}\b(comment|comments|conversation|discussion)\b",
        r"^(sign up|subscribe|get the latest|get our|download (the|our) app)\b.{0,160}$",
        r"\b(newsletter|all rights reserved|copyright ©|©\s*\d{4})\b",
        r"^advertisement$|^(click|tap) here\b",
        r"^(this (article|story|report) (was|has been|originally)|originally published)\b.{0,160}$",
        r"^(contact|email|write to) (the )?(author|reporter|us|him|her)\b",
        r"^(tags|topics|filed under|categories)\s*:",
        r"^https?://\S+$",
    )
]

_JOB = r"(reporter|journalist|correspondent|writer|editor|columnist|contributor|author|producer|analyst|anchor|host)"
# "Jane Doe is a breaking news reporter ...": a name, a copula and a job title early in a short paragraph.
_BIO = re.compile(rf"^[A-Z][\w'’-]+(\s[A-Z][\w.'’-]*){{1,2}}\s(is|was|has been)\s(a|an|the)\b[^.]{{0,60}}\b{_JOB}s?\b")
_JOB_LINE = re.compile(rf"^[\w ,&'’-]{{0,50}}\b{_JOB}s?$", re.IGNORECASE)

_CAPTION = [
    re.compile(p)
    for p in (
        r"^(TOPSHOT|FILE( PHOTO)?|PHOTO|IMAGE)\s*[-–—:|]",
        r"^(A|An|The|This|In (this|a|the)) (file )?"
        r"(photo|photograph|picture|image|handout|video still|screenshot|screengrab)\b",
        r"\b(AP|AFP|Reuters|REUTERS|Getty Images|EPA|Shutterstock|Bloomberg|Xinhua|Sputnik)\s*(Photo|/|via\b)",
        r"\bvia (AP|AFP|Reuters|Getty Images|EPA)\b",
        r"\b(Getty Images|AP Photo|AFP Photo|Reuters Photo|Associated Press)\)?\.?$",  # a credit closing the line
        r"\((AP |AFP |Reuters )?(Photo|Image|Credit)\b[^)]*\)$",
        r"\b(Photo(graph)?|Image|Credit|Photographer)( by| credit| source)?\s*:\s*\S",
        r"[/|]\s*(Getty Images|AP|AFP|Reuters|EPA|Shutterstock)\b\.?$",
        r"^(pictured|seen)\b|\b(pictured|pictured here|seen here) (at|in|on|with|during)\b",
    )
]

_DATE_LINE = re.compile(
    r"^(\w+day,?\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b[\w ,:.|/+-]{0,40}$",
    re.IGNORECASE,
)
_BY = re.compile(r"^by\s+[A-Z]", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|de|van|von|der|da|al|bin|and|&)$")
_SENTENCE_END = re.compile(r"[.!?…\"”’:]$")

_TITLE_MAX_WORDS = 30
_SUBHEAD_MAX_WORDS = 10
_TERMINAL = re.compile(r"[.!;,\"”’)]$")  # how a sentence of body text ends (a subhead has no full stop)
_QUOTE_START = re.compile(r"^[\"“‘'(\[—–-]")
_HEAD_ZONE = 6  # titles and bylines come within the first few paragraphs


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _name_like(text: str) -> bool:
    """A short run of capitalised words, such as an author's name (with an optional "and" or outlet)."""
    words = re.split(r"[\s,|]+", text.strip(" |,"))
    if not 2 <= len(words) <= 8 or _SENTENCE_END.search(text):
        return False
    return all(_NAME_WORD.match(w) for w in words if w)


def is_boilerplate(text: str) -> bool:
    return any(p.search(text) for p in _BOILERPLATE) or bool(_BIO.match(text))


def is_caption(text: str) -> bool:
    return any(p.search(text) for p in _CAPTION)


def is_subhead(text: str) -> bool:
    """A heading inside the story: a Markdown heading, or a short line that starts with a capital, opens no
    quotation and is not closed like a sentence (a question, a phrase: "What happens next?", "The response").
    Where it sits is checked by the caller: between body paragraphs, never in the head or the sign-off."""
    if text.startswith("#"):
        return True
    words = text.split()
    if not 0 < len(words) <= _SUBHEAD_MAX_WORDS or _QUOTE_START.match(text) or not text[0].isupper():
        return False
    return text.endswith("?") or (not _TERMINAL.search(text) and not text.endswith(":"))


def _is_byline(text: str) -> bool:
    short = len(text.split()) <= 12
    return short and (bool(_BY.match(text)) or bool(_DATE_LINE.match(text)) or _name_like(text))


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _TITLE_MAX_WORDS and not text.endswith((",", ";"))


def tag_roles(texts: Sequence[str]) -> list[Role]:
    """Roles for the paragraphs of one article, in order."""
    roles = [Role.BODY] * len(texts)
    for i, text in enumerate(texts):
        if is_boilerplate(text):
            roles[i] = Role.BOILERPLATE
        elif is_caption(text):
            roles[i] = Role.CAPTION

    title_at = next((i for i, r in enumerate(roles) if r is Role.BODY), None)
    if title_at is not None and title_at < _HEAD_ZONE and _looks_like_title(texts[title_at].lstrip("# ")):
        roles[title_at] = Role.TITLE
    title_key = _key(texts[title_at]) if title_at is not None and roles[title_at] is Role.TITLE else None

    last_body = max((i for i, r in enumerate(roles) if r is Role.BODY and len(texts[i].split()) > 12), default=-1)
    seen: set[str] = set()
    for i, text in enumerate(texts):
        if roles[i] is not Role.BODY:
            continue
        key = _key(text)
        if title_key and key == title_key:
            roles[i] = Role.BOILERPLATE  # the headline repeated by the page
        elif i > last_body and (_is_byline(text) or _JOB_LINE.match(text) or len(text.split()) <= 3):
            roles[i] = Role.BOILERPLATE  # the sign-off after the story: author, job title, share labels
        elif i < _HEAD_ZONE + 2 and i <= (title_at or 0) + _HEAD_ZONE and _is_byline(text):
            roles[i] = Role.BOILERPLATE if key in seen else Role.BYLINE
        elif _JOB_LINE.match(text) and key in seen:
            roles[i] = Role.BOILERPLATE
        elif _between_body(roles, texts, i) and is_subhead(text.strip()):
            roles[i] = Role.SUBHEAD
        seen.add(key)
    return roles


def _between_body(roles: Sequence[Role], texts: Sequence[str], i: int) -> bool:
    """Whether paragraph i has body text (a paragraph of more than one short line) before and after it."""

    def body(k: int) -> bool:
        return roles[k] is Role.BODY and len(texts[k].split()) > _SUBHEAD_MAX_WORDS

    return any(body(k) for k in range(i)) and any(body(k) for k in range(i + 1, len(texts)))
