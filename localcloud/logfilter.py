"""CloudWatch Logs filter patterns (FilterLogEvents, metric and subscription filters).

Supported, with AWS's semantics:
- empty pattern: every event;
- text terms, case-sensitive substring matches: `ERROR`, `"a phrase"`, several terms
  = AND, `?a ?b` = OR (a `?` opens an alternative, plain terms after it join it, as
  CDK's anyTermGroup renders), `-term` / `-"phrase"` excludes;
- JSON patterns `{ ... }` on events whose message is JSON: selectors `$.a.b`, `$.a[0]`,
  `= != < <= > >=`, strings (quoted or bare) with `*` wildcards, `%regex%`, numbers,
  `IS TRUE|FALSE|NULL`, `NOT EXISTS`, `&&`, `||`, parentheses.
Space-delimited patterns (`[ip, user, ...]`) are rejected as unsupported.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Matcher = Callable[[str], bool]
JsonPredicate = Callable[[Any], bool]

_MISSING = object()
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


class InvalidFilterPattern(ValueError):
    """The pattern does not parse; the message says where and why."""


def compile_pattern(pattern: str | None) -> Matcher:
    text = (pattern or "").strip()
    if not text:
        return lambda _message: True
    if text.startswith("{"):
        return _compile_json(text)
    if text.startswith("["):
        raise InvalidFilterPattern(
            "space-delimited patterns ([field, ...]) are not supported by localcloud; "
            "use text terms or a JSON pattern { $.key = value }"
        )
    return _compile_terms(text)


# ---------------------------------------------------------------- text terms


def _compile_terms(text: str) -> Matcher:
    groups: list[list[tuple[bool, str]]] = [[]]
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        prefix = text[pos] if text[pos] in "?-" else ""
        pos += len(prefix)
        if pos < len(text) and text[pos] == '"':
            term, pos = _read_quoted(text, pos)
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


def _read_quoted(text: str, pos: int) -> tuple[str, int]:
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


# ---------------------------------------------------------------- JSON patterns


@dataclass(frozen=True)
class _Token:
    kind: str  # op, str, regex, word, punct
    text: str
    pos: int


_OPERATORS = ("&&", "||", "!=", "<=", ">=", "=", "<", ">")


def _tokenize(body: str, base: int) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            value, end = _read_quoted(body, i)
            tokens.append(_Token("str", value, base + i))
            i = end
        elif ch == "%":
            end = body.find("%", i + 1)
            if end < 0:
                raise InvalidFilterPattern(f"unterminated %regex% at position {base + i}")
            tokens.append(_Token("regex", body[i + 1 : end], base + i))
            i = end + 1
        elif ch in "()":
            tokens.append(_Token("punct", ch, base + i))
            i += 1
        elif op := next((o for o in _OPERATORS if body.startswith(o, i)), None):
            tokens.append(_Token("op", op, base + i))
            i += len(op)
        else:
            end = i
            while end < len(body) and not body[end].isspace() and body[end] not in '()"=!<>&|':
                end += 1
            if end == i:
                raise InvalidFilterPattern(f"unexpected {ch!r} at position {base + i}")
            tokens.append(_Token("word", body[i:end], base + i))
            i = end
    return tokens


def _compile_json(text: str) -> Matcher:
    if not text.endswith("}"):
        raise InvalidFilterPattern("a JSON pattern must end with '}'")
    parser = _JsonParser(_tokenize(text[1:-1], 1))
    predicate = parser.parse()

    def match(message: str) -> bool:
        try:
            document = json.loads(message)
        except ValueError:
            return False
        return predicate(document)

    return match


class _JsonParser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0

    def parse(self) -> JsonPredicate:
        if not self.tokens:
            raise InvalidFilterPattern("empty JSON pattern {}")
        predicate = self._or()
        if self.i < len(self.tokens):
            tok = self.tokens[self.i]
            raise InvalidFilterPattern(f"unexpected {tok.text!r} at position {tok.pos}")
        return predicate

    def _peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _next(self, expected: str) -> _Token:
        tok = self._peek()
        if tok is None:
            raise InvalidFilterPattern(f"pattern ends where {expected} was expected")
        self.i += 1
        return tok

    def _or(self) -> JsonPredicate:
        return self._chain("||", self._and, any)

    def _and(self) -> JsonPredicate:
        return self._chain("&&", self._unary, all)

    def _chain(
        self, op: str, operand: Callable[[], JsonPredicate], combine: Callable[..., bool]
    ) -> JsonPredicate:
        parts = [operand()]
        while (tok := self._peek()) is not None and tok.kind == "op" and tok.text == op:
            self.i += 1
            parts.append(operand())
        return parts[0] if len(parts) == 1 else lambda d: combine(p(d) for p in parts)

    def _unary(self) -> JsonPredicate:
        tok = self._next("a condition")
        if tok.kind == "punct" and tok.text == "(":
            inner = self._or()
            close = self._next("')'")
            if close.text != ")":
                raise InvalidFilterPattern(f"expected ')' at position {close.pos}")
            return inner
        if tok.kind != "word" or not tok.text.startswith("$"):
            raise InvalidFilterPattern(
                f"expected a selector like $.key at position {tok.pos}, got {tok.text!r}"
            )
        path = _parse_selector(tok)
        return self._condition(path, tok)

    def _condition(self, path: list[str | int], selector: _Token) -> JsonPredicate:
        tok = self._next(f"an operator after {selector.text}")
        if tok.kind == "word" and tok.text in ("IS", "NOT"):
            return self._postfix(path, tok)
        if tok.kind != "op" or tok.text in ("&&", "||"):
            raise InvalidFilterPattern(
                f"expected an operator at position {tok.pos}, got {tok.text!r}"
            )
        value = self._next(f"a value after {tok.text}")
        return _comparison(path, tok.text, value)

    def _postfix(self, path: list[str | int], tok: _Token) -> JsonPredicate:
        word = self._next(f"a keyword after {tok.text}")
        if tok.text == "NOT":
            if word.text != "EXISTS":
                raise InvalidFilterPattern(f"expected EXISTS after NOT at position {word.pos}")
            return lambda d: _resolve(d, path) is _MISSING
        expected: dict[str, Any] = {"TRUE": True, "FALSE": False, "NULL": None}
        if word.text not in expected:
            raise InvalidFilterPattern(
                f"expected TRUE, FALSE or NULL after IS at position {word.pos}"
            )
        target = expected[word.text]
        return lambda d: _resolve(d, path) is target


def _parse_selector(tok: _Token) -> list[str | int]:
    text = tok.text
    path: list[str | int] = []
    i = 1
    while i < len(text):
        if text[i] == ".":
            end = i + 1
            while end < len(text) and text[end] not in ".[":
                end += 1
            if end == i + 1:
                raise InvalidFilterPattern(f"empty key in selector {text!r} at position {tok.pos}")
            path.append(text[i + 1 : end])
            i = end
        elif text[i] == "[":
            end = text.find("]", i)
            index = text[i + 1 : end] if end > 0 else ""
            if not index.isdigit():
                raise InvalidFilterPattern(f"array index must be a number in selector {text!r}")
            path.append(int(index))
            i = end + 1
        else:
            raise InvalidFilterPattern(f"bad selector {text!r} at position {tok.pos}")
    return path


def _resolve(document: Any, path: list[str | int]) -> Any:
    node = document
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return _MISSING
        elif not isinstance(node, dict) or step not in node:
            return _MISSING
        node = node[step]
    return node


def _comparison(path: list[str | int], op: str, value: _Token) -> JsonPredicate:
    if value.kind == "word" and _NUMBER.match(value.text):
        number = float(value.text)
        compare = NUMERIC_COMPARISONS[op]
        return lambda d: _is_number(v := _resolve(d, path)) and compare(float(v), number)
    if op not in ("=", "!="):
        raise InvalidFilterPattern(
            f"operator {op} needs a number, got {value.text!r} at position {value.pos}"
        )
    if value.kind == "regex":
        try:
            regex = re.compile(value.text)
        except re.error as exc:
            raise InvalidFilterPattern(f"bad regex %{value.text}% : {exc}") from None
    elif value.kind in ("str", "word"):
        glob = "".join(".*" if c == "*" else re.escape(c) for c in value.text)
        regex = re.compile(rf"\A{glob}\Z", re.DOTALL)
    else:
        raise InvalidFilterPattern(f"expected a value at position {value.pos}, got {value.text!r}")
    wanted = op == "="
    search = regex.search

    def predicate(document: Any) -> bool:
        text = _scalar_text(_resolve(document, path))
        return text is not None and (search(text) is not None) == wanted

    return predicate


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scalar_text(value: Any) -> str | None:
    """The text a string comparison sees: strings as is, numbers/booleans as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return None


# Shared with X-Ray filter expressions, which compare numbers the same way.
NUMERIC_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
