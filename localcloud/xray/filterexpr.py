"""The subset of X-Ray filter expressions localcloud answers, and a clear error for the rest.

AWS evaluates an expression against a whole trace: `service(...)`/`id(...)` match any
service node (a segment's `name` and `origin`), `annotation.k` any annotation of any
segment or subsegment, `resource.arn` any segment's `resource_arn`. Anything outside the
supported grammar raises `UnsupportedFilter` (HTTP 400): answering with every trace would
let a wrong verifier pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from localcloud.core.comparisons import NUMERIC_COMPARISONS, is_json_number

SUPPORTED = (
    'service("name"), service(id(name: "name", type: "type")), id(name: "name", type: "type"), '
    'resource.arn =|!=|CONTAINS|BEGINSWITH|ENDSWITH "arn", '
    "annotation.key (or annotation[key]) =|!=|<|<=|>|>=|CONTAINS|BEGINSWITH|ENDSWITH "
    '"string" | number | true | false, ok|error|fault|throttle [= true|false], '
    "duration|responsetime|http.status <comparison> number, "
    'http.url|http.method =|!=|CONTAINS|BEGINSWITH|ENDSWITH "value", '
    "combined with AND, OR and parentheses"
)


class UnsupportedFilter(ValueError):
    """The expression is malformed or outside what localcloud supports."""

    def __init__(self, part: str, pos: int, reason: str = "unsupported"):
        super().__init__(
            f"{reason} filter expression part {part!r} at position {pos}; "
            f"localcloud supports: {SUPPORTED}"
        )


@dataclass
class TraceFacts:
    """What a filter expression can see of one trace."""

    services: set[tuple[str, str | None]] = field(default_factory=set)
    resource_arns: set[str] = field(default_factory=set)
    annotations: dict[str, list[Any]] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)  # ok, error, fault, throttle
    numbers: dict[str, float] = field(default_factory=dict)  # duration, responsetime, http.status
    texts: dict[str, str] = field(default_factory=dict)  # http.url, http.method


Predicate = Callable[[TraceFacts], bool]

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.]))'
    r"|(?P<op>!=|<=|>=|=|<|>)|(?P<punct>[(),:\[\]{}!])|(?P<word>[A-Za-z_][\w.\-]*))"
)
_STRING_OPS = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "CONTAINS": lambda a, b: b in a,
    "BEGINSWITH": lambda a, b: a.startswith(b),
    "ENDSWITH": lambda a, b: a.endswith(b),
}
_NUMBER_OPS = NUMERIC_COMPARISONS
_FLAGS = ("ok", "error", "fault", "throttle")
_NUMBER_KEYS = ("duration", "responsetime", "http.status")
_TEXT_KEYS = ("http.url", "http.method")


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


def compile_filter(expression: str | None) -> Predicate:
    """A predicate over TraceFacts; an empty expression matches every trace."""
    if not expression or not expression.strip():
        return lambda _facts: True
    return _Parser(expression).parse()


def _tokenize(text: str) -> list[_Tok]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.lastgroup is None:
            start = len(text) - len(text[pos:].lstrip())
            raise UnsupportedFilter(text[start : start + 20], start, "unreadable")
        value = m.group(m.lastgroup)
        kind = m.lastgroup
        if kind == "word" and value.upper() in ("AND", "OR", *_STRING_OPS):
            kind, value = "op", value.upper()
        tokens.append(_Tok(kind, value, m.start(m.lastgroup)))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def parse(self) -> Predicate:
        predicate = self._or()
        if self.i < len(self.tokens):
            self._fail(self.tokens[self.i])
        return predicate

    def _fail(self, tok: _Tok | None, reason: str = "unsupported") -> NoReturn:
        if tok is None:
            raise UnsupportedFilter(self.text, len(self.text), "incomplete")
        raise UnsupportedFilter(self.text[tok.pos : tok.pos + 40], tok.pos, reason)

    def _peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self, kind: str, text: str | None = None) -> _Tok:
        tok = self._peek()
        if tok is None or tok.kind != kind or (text is not None and tok.text != text):
            self._fail(tok, "unexpected" if tok else "incomplete")
        self.i += 1
        return tok

    def _accept(self, kind: str, text: str) -> bool:
        tok = self._peek()
        if tok is not None and tok.kind == kind and tok.text == text:
            self.i += 1
            return True
        return False

    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._accept("op", "OR"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else lambda f: any(p(f) for p in parts)

    def _and(self) -> Predicate:
        parts = [self._primary()]
        while self._accept("op", "AND"):
            parts.append(self._primary())
        return parts[0] if len(parts) == 1 else lambda f: all(p(f) for p in parts)

    def _primary(self) -> Predicate:
        if self._accept("punct", "("):
            inner = self._or()
            self._take("punct", ")")
            return inner
        tok = self._peek()
        if tok is None or tok.kind != "word":
            self._fail(tok)
        self.i += 1
        word = tok.text
        if word == "service":
            return self._service(tok)
        if word == "id":
            name, kind = self._id_args()
            return _service_matcher(name, kind)
        if word == "resource.arn":
            op, value = self._string_comparison()
            return lambda f: any(_STRING_OPS[op](arn, value) for arn in f.resource_arns)
        if word == "annotation" or word.startswith("annotation."):
            return self._annotation(tok)
        if word in _FLAGS:
            return self._flag(word)
        if word in _NUMBER_KEYS:
            op, number = self._number_comparison()
            return lambda f: word in f.numbers and _NUMBER_OPS[op](f.numbers[word], number)
        if word in _TEXT_KEYS:
            op, value = self._string_comparison()
            return lambda f: word in f.texts and _STRING_OPS[op](f.texts[word], value)
        self._fail(tok)

    def _service(self, tok: _Tok) -> Predicate:
        self._take("punct", "(")
        nxt = self._peek()
        name: str | None
        kind: str | None
        if nxt is not None and nxt.kind == "str":
            self.i += 1
            name, kind = _unquote(nxt.text), None
        elif nxt is not None and nxt.kind == "word" and nxt.text == "id":
            self.i += 1
            name, kind = self._id_args()
        else:
            self._fail(tok)
        self._take("punct", ")")
        if (brace := self._peek()) is not None and brace.text == "{":
            self._fail(tok)  # service(...) { sub-filter } is not supported
        return _service_matcher(name, kind)

    def _id_args(self) -> tuple[str | None, str | None]:
        self._take("punct", "(")
        args: dict[str, str] = {}
        while True:
            key = self._take("word")
            if key.text not in ("name", "type") or key.text in args:
                self._fail(key)
            self._take("punct", ":")
            args[key.text] = _unquote(self._take("str").text)
            if not self._accept("punct", ","):
                break
        self._take("punct", ")")
        return args.get("name"), args.get("type")

    def _annotation(self, tok: _Tok) -> Predicate:
        key = tok.text[len("annotation.") :] if tok.text != "annotation" else ""
        if not key:
            self._take("punct", "[")
            inner = self._peek()
            if inner is None or inner.kind not in ("word", "str"):
                self._fail(inner)
            self.i += 1
            key = _unquote(inner.text) if inner.kind == "str" else inner.text
            self._take("punct", "]")
        op = self._take("op")
        value_tok = self._peek()
        if value_tok is None:
            self._fail(None)
        self.i += 1
        if value_tok.kind == "num" and op.text in _NUMBER_OPS:
            number = float(value_tok.text)
            return lambda f: any(
                is_json_number(v) and _NUMBER_OPS[op.text](v, number)
                for v in f.annotations.get(key, [])
            )
        if (
            value_tok.kind == "word"
            and value_tok.text in ("true", "false")
            and op.text in ("=", "!=")
        ):
            flag = value_tok.text == "true"
            wanted = op.text == "="
            return lambda f: any(
                isinstance(v, bool) and (v is flag) == wanted for v in f.annotations.get(key, [])
            )
        if value_tok.kind == "str" and op.text in _STRING_OPS:
            text = _unquote(value_tok.text)
            return lambda f: any(
                isinstance(v, str) and _STRING_OPS[op.text](v, text)
                for v in f.annotations.get(key, [])
            )
        self._fail(op)

    def _flag(self, word: str) -> Predicate:
        wanted = True
        if self._accept("op", "="):
            value = self._take("word")
            if value.text not in ("true", "false"):
                self._fail(value)
            wanted = value.text == "true"
        return lambda f: f.flags.get(word, False) == wanted

    def _string_comparison(self) -> tuple[str, str]:
        op = self._take("op")
        if op.text not in _STRING_OPS:
            self._fail(op)
        return op.text, _unquote(self._take("str").text)

    def _number_comparison(self) -> tuple[str, float]:
        op = self._take("op")
        if op.text not in _NUMBER_OPS:
            self._fail(op)
        return op.text, float(self._take("num").text)


def _service_matcher(name: str | None, kind: str | None) -> Predicate:
    return lambda f: any(
        (name is None or n == name) and (kind is None or t == kind) for n, t in f.services
    )


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])
