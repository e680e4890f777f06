"""Text from input files made safe to show: no control codes, one line where one is meant.

Manifest text (titles, ids, paths, explanations, even YAML keys) is written by many people
and shown in terminals, CI logs and XML reports. A raw ESC can clear a screen or recolour
it, a newline can forge a second finding line, a right-to-left override can make text read
differently from what it says, and most C0 characters make an XML file unreadable. These
helpers make such characters visible as escapes instead of acting on them.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# C0 controls, DEL, C1 controls, Unicode line and paragraph separators, bidirectional
# overrides and isolates ("Trojan Source"), and lone surrogates (undecodable file names).
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_ONE_LINE = re.compile(f"[{_CONTROL}]")
_UNSAFE_MULTI_LINE = re.compile(f"(?![\t\n])[{_CONTROL}]")

# XML 1.0 allows only TAB, LF, CR and these ranges; anything else makes the file ill-formed.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """*text* on one line with every control character shown as an escape.

    ESC becomes ``\\x1b``, a newline ``\\n``, a tab ``\\t``; bidirectional overrides and
    Unicode line separators become ``\\uXXXX``; a byte of an undecodable file name
    (``surrogateescape``) becomes ``\\xNN``. Printable text, including non-ASCII letters,
    is unchanged.
    """
    return _UNSAFE_ONE_LINE.sub(lambda m: _escape(m.group()), text)


def visible_lines(text: str) -> str:
    """As :func:`visible`, but newlines (``\\n``) and tabs are kept: for multi-line text."""
    return _UNSAFE_MULTI_LINE.sub(lambda m: _escape(m.group()), text)


def xml_text(text: str) -> str:
    """*text* with every character XML 1.0 forbids shown as an escape (``\\x01``).

    The result can be put in an element or attribute by any XML writer and the file stays
    well-formed. (Escaping ``<`` and ``&`` is still the writer's job.)
    """
    return _XML_ILLEGAL.sub(lambda m: _escape(m.group()), text)
