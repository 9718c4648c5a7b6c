"""Text terms of CloudWatch Logs filter patterns: `ERROR`, `"a phrase"`, `?a ?b`, `-term`."""
from __future__ import annotations

from collections.abc import Callable

Matcher = Callable[[str], bool]


class InvalidFilterPattern(ValueError):
    """The pattern does not parse; the message says where and why."""


def compile_terms(text: str) -> Matcher:
    groups: list[list[tuple[bool, str]]] = [[]]
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        prefix = text[pos] if text[pos] in "?-" else ""
        pos += len(prefix)
        if pos < len(text) and text[pos] == '"':
            term, pos = read_quoted(text, pos)
        else:
            end = pos
            while end < len(text) and not text[end].isspace():
                if text[end] in '"{}[]':
                    raise InvalidFilterPattern(
                        f"unexpected {text[end]!r} at position {end}: quote terms that contain it"
                    )
                end += 1
            term, pos = text[pos:end], end
        if not term:
            raise InvalidFilterPattern(f"empty term at position {pos}")
        if prefix == "?" and groups[-1]:
            groups.append([])
        groups[-1].append((prefix != "-", term))
    alternatives = [g for g in groups if g]

    def match(message: str) -> bool:
        return any(
            all((term in message) == wanted for wanted, term in group) for group in alternatives
        )

    return match


def read_quoted(text: str, pos: int) -> tuple[str, int]:
    """Read a double-quoted string starting at text[pos] == '"'; backslash escapes."""
    out: list[str] = []
    i = pos + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise InvalidFilterPattern(f"unterminated quoted string starting at position {pos}")
