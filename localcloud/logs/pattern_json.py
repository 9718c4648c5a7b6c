"""JSON patterns of CloudWatch Logs filters: `{ $.a.b = "x*" && $.n > 3 }` on JSON messages."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from localcloud.core.comparisons import NUMERIC_COMPARISONS, is_json_number
from localcloud.logs.pattern_terms import InvalidFilterPattern, Matcher, read_quoted

JsonPredicate = Callable[[Any], bool]

_MISSING = object()
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


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
            value, end = read_quoted(body, i)
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


def compile_json(text: str) -> Matcher:
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
        return lambda d: is_json_number(v := _resolve(d, path)) and compare(float(v), number)
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


def _scalar_text(value: Any) -> str | None:
    """The text a string comparison sees: strings as is, numbers/booleans as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return None
