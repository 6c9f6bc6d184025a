"""Clean text from outside (LINE events, Open311 forms) before it is stored: no control
characters, lone surrogates or the two noncharacters XML forbids, whatever the channel."""
from __future__ import annotations

import re

# Keeps \t, \n and \r. U+FFFE and U+FFFF are not characters at all; XML 1.0 forbids them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # json pairs valid surrogates, so these are lone
_DIRTY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")  # either


def clean(text: str) -> str:
    """Strip control characters (keeping newlines and tabs) and replace lone surrogates."""
    if not _DIRTY.search(text):  # nearly every string: one scan, no copies
        return text
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
