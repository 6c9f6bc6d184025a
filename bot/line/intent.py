"""The intent step: decide once, per turn, what the citizen meant (the input of the transition table).

Rules first (commands, greetings, thanks, "ok", stickers, emoji), then the classifier's confidence: a
short text the classifier cannot place starts no report, and a confident category that differs from the
draft's is a second problem, not more detail."""
from __future__ import annotations

import re
import unicodedata

import nlp
from bot.cases import looks_like_ticket_id
from bot.line.chat import ASKING, CANCEL_ASKED, CHOOSING, CONFIRMING, DRAFTING, ERASING
from bot.line.events import Turn

# Polite endings and fillers that carry no meaning of their own ("ครับ" alone is an "ok").
PARTICLES = ("ครับผม", "ครับ", "คับ", "ค่ะ", "คะ", "ค่า", "จ้า", "จ้ะ", "นะ", "จ๊ะ", "ฮะ", "please", "pls")
GREETINGS = {"สวัสดี", "หวัดดี", "ดี", "ดีจ้า", "hello", "hi", "hey", "good morning", "good afternoon",
             "good evening", "hello there", "hi there", "sawasdee", "สวัสดีตอนเช้า"}
THANKS = {"ขอบคุณ", "ขอบคุณมาก", "ขอบคุณมากๆ", "ขอบคุณมาก ๆ", "ขอบใจ", "ขอบใจนะ", "thanks", "thank you",
          "thank you very much", "thanks a lot", "many thanks", "thx", "ty", "tks", "ขอบคุณที่ช่วย"}
ACKS = {"", "ok", "okay", "okey", "โอเค", "โอเคร", "ได้", "ได้เลย", "รับทราบ", "ทราบแล้ว", "เข้าใจแล้ว",
        "yes", "yep", "sure", "got it", "alright", "fine", "noted", "อืม", "ค่ะ", "จ้ะ", "ครับ"}
COMMANDS = {"ยกเลิก": "cancel", "cancel": "cancel", "เรื่องของฉัน": "my_cases", "my cases": "my_cases",
            "my case": "my_cases", "ช่วยเหลือ": "help", "วิธีใช้": "help", "help": "help",
            "ยืนยัน": "confirm", "confirm": "confirm", "แจ้งเรื่องใหม่": "new_report",
            "new report": "new_report", "report a problem": "new_report", "แจ้งปัญหา": "new_report",
            "ข้อมูลของฉัน": "my_data", "my data": "my_data", "ขอสำเนาข้อมูล": "data_copy",
            "copy of my data": "data_copy", "get a copy": "data_copy",
            "ลบข้อมูลของฉัน": "erase_data", "delete my data": "erase_data", "erase my data": "erase_data"}
FIRST_WORDS = {"เปิดใหม่": "reopen_text", "reopen": "reopen_text", "เพิ่มข้อมูล": "addinfo_text",
               "addinfo": "addinfo_text"}
# Words that say outright "this is another problem".
ANOTHER = ("อีกเรื่อง", "อีกปัญหา", "เรื่องใหม่", "ปัญหาใหม่", "อีกจุด", "another thing", "another problem",
           "another issue", "one more thing", "one more problem", "a different problem", "new problem",
           "something else")
# "อีกเรื่องนะครับ", "one more thing:" at the start of a message: words about the message, not the
# problem. An English one must end with punctuation ("something else broke" is a problem).
_SEP, _PARTICLE = r"[\s,.:;!~\-–]", "|".join(map(re.escape, PARTICLES))
_LEAD_IN = re.compile(
    r"^\s*(?:มี|และ|แล้วก็|ก็|and |also )?\s*(?:"
    r"(?:%s)(?:หนึ่ง)?(?:%s*(?:%s)(?=%s|$|(?:%s)))*%s*"
    r"|(?:%s)(?:%s*(?:please|pls))?(?:\s*[,.:;!\-–]+\s*|\s*$))"
    % ("|".join(re.escape(w) for w in ANOTHER if not w.isascii()), _SEP, _PARTICLE, _SEP, _PARTICLE,
       _SEP, "|".join(re.escape(w) for w in ANOTHER if w.isascii()), _SEP), re.IGNORECASE)
MIN_LETTERS = 4  # fewer letters than this, with no confident category, is not a report ("555", "?")
DRAFT_STATES = (DRAFTING, CHOOSING, CONFIRMING)
_TRAILING = re.compile(r"[\s!.,?~^_\-:;()\"'ๆ]+$")


ONLY_WHEN_ASKING = "answer"  # the one input the intent step gives in a single state (ASKING)
# The answers to "delete all your data?", given only in ERASING: a clear yes, or anything else.
ERASE_YES, ERASE_NO = "erase_yes", "erase_no"
ONLY_IN_STATE = {ONLY_WHEN_ASKING: ASKING, ERASE_YES: ERASING, ERASE_NO: ERASING}
YES = {"yes", "y", "yes delete", "delete", "delete it", "erase", "ใช่", "ยืนยัน", "ยืนยันลบ", "ลบ",
       "ลบเลย", "ลบได้", "ใช่ ลบเลย"}
# Typed answers to "cancel this report?" (the chips say the same): yes cancels, no keeps writing.
CANCEL_YES = {"yes", "y", "yes cancel", "yes, cancel it", "ใช่", "ใช่ ยกเลิก", "ยืนยัน", "ยกเลิกเลย",
              "ใช่ ยกเลิกเลย"}
CANCEL_NO = {"no", "n", "no keep", "no, keep it", "keep", "keep it", "ไม่", "ไม่ใช่", "ไม่ยกเลิก",
             "ไม่ เขียนต่อ", "เขียนต่อ", "ไม่ต้อง", "ไม่ต้องยกเลิก"}


# A citizen's PDPA rights (bot.line.mydata) are theirs whether or not a moderator blocked them.
PRIVACY_INPUTS = {"my_data", "tap_mydata", "data_copy", "tap_datacopy", "erase_data", "tap_erase",
                  "tap_eraseyes", "tap_erasekeep", ERASE_YES, ERASE_NO}


def decide(turn: Turn, state: str, draft: dict, blocked: bool = False) -> str:
    """The one input name this turn is, for the conversation's transition table."""
    said = _decide(turn, state, draft)
    if blocked and said not in ("follow", "unfollow", *PRIVACY_INPUTS):
        return "blocked"  # a blocked user's words reach no case
    return said


def _decide(turn: Turn, state: str, draft: dict) -> str:
    """The input this turn is, whoever sent it."""
    if turn.kind in ("follow", "unfollow", "location", "sticker"):
        return turn.kind
    if turn.kind == "image":
        return ONLY_WHEN_ASKING if state == ASKING else "photo"
    if turn.kind == "postback":
        return "tap_" + turn.postback["a"]
    if turn.kind != "text":
        return "unsupported"
    if state == ASKING:
        return ONLY_WHEN_ASKING  # the follow-up question takes any words, "cancel" included
    if state == ERASING:  # nothing but a clear yes erases; any other words keep everything
        return ERASE_YES if _core(" ".join(turn.text.strip().lower().split())) in YES else ERASE_NO
    if draft.get(CANCEL_ASKED):  # "cancel this report?" answered in words, not with a chip
        answer = _core(" ".join(turn.text.strip().lower().split()))
        if answer in CANCEL_YES | CANCEL_NO:
            return "cancel" if answer in CANCEL_YES else "keep"
    return text_intent(turn.text, turn.emoji_only, state, draft)


def text_intent(text: str, emoji_only: bool, state: str, draft: dict) -> str:
    """What a typed text is: a command, small talk, emoji, another problem, or words of a report."""
    words = " ".join(text.strip().lower().split())
    if words in COMMANDS:
        return COMMANDS[words]
    if looks_like_ticket_id(words):
        return "show_case"
    if words.split() and words.split()[0] in FIRST_WORDS:
        return FIRST_WORDS[words.split()[0]]
    if emoji_only or is_emoji_only(text):
        return "emoji"
    small = small_talk(words)
    if small:
        return small
    has_draft = bool(draft.get("texts")) and state in DRAFT_STATES
    if has_draft and another_problem(words, draft):
        return "other_problem"
    if not has_draft and not draft.get("photo_ids") and not draft.get("located") \
            and _letters(words) < MIN_LETTERS and not nlp.is_confident(nlp.classify(words)):
        return "chatter"
    return "report"


def small_talk(words: str) -> str | None:
    """'greeting', 'thanks' or 'ack' when the whole text is one (polite endings aside), else None."""
    core = _core(words)
    if not _TRAILING.sub("", words):
        return None  # punctuation alone ("?", "...") is no "ok"
    if core in GREETINGS or any(core == g + " " + p for g in GREETINGS for p in ("bot", "chaeng", "แจ้ง")):
        return "greeting"
    if core in THANKS or core.startswith(("ขอบคุณ", "thank")) and len(core) <= 24:
        return "thanks"
    if core in ACKS:
        return "ack"
    return None


def another_problem(words: str, draft: dict) -> bool:
    """Whether new words describe a different problem from the draft's: said so, or another category."""
    if any(marker in words for marker in ANOTHER):
        return True
    new = nlp.classify(words)
    if not nlp.is_confident(new):
        return False
    if draft.get("chosen"):
        old_labels = draft.get("categories") or []
    else:
        old = nlp.classify(" ".join(draft["texts"]))
        if not nlp.is_confident(old):
            return False
        old_labels = nlp.predicted_labels(old)
    return bool(old_labels) and new[0].label not in old_labels  # its main subject is elsewhere


def without_lead_in(text: str) -> str:
    """The text without a lead-in that only says another problem follows ('อีกเรื่องนะครับ ไฟดับ'
    -> 'ไฟดับ'); empty when that is all it says."""
    return _LEAD_IN.sub("", text, count=1).strip()


def is_emoji_only(text: str) -> bool:
    """True when the text is only pictographs (and the joiners and spaces between them)."""
    seen = False
    for ch in text:
        category = unicodedata.category(ch)
        if category == "So" or "\U0001f000" <= ch <= "\U0001faff":
            seen = True
        elif not (ch.isspace() or category in ("Mn", "Me", "Cf", "Sk") or ch in "\ufe0f\u200d"):
            return False
    return seen


def _core(words: str) -> str:
    """The words without trailing punctuation and polite particles ("สวัสดีครับ!" -> "สวัสดี")."""
    core = _TRAILING.sub("", words)
    changed = True
    while changed and core:
        changed = False
        for particle in PARTICLES:
            if core.endswith(particle):
                core = _TRAILING.sub("", core[: -len(particle)].rstrip())
                changed = True
    return core


def _letters(words: str) -> int:
    """How many letters (Thai or Latin) the text has."""
    return sum(ch.isalpha() for ch in words)
