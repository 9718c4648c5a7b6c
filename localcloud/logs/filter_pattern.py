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

from localcloud.logs.pattern_json import compile_json
from localcloud.logs.pattern_terms import InvalidFilterPattern, Matcher, compile_terms

__all__ = ["InvalidFilterPattern", "Matcher", "compile_pattern"]


def compile_pattern(pattern: str | None) -> Matcher:
    text = (pattern or "").strip()
    if not text:
        return lambda _message: True
    if text.startswith("{"):
        return compile_json(text)
    if text.startswith("["):
        raise InvalidFilterPattern(
            "space-delimited patterns ([field, ...]) are not supported by localcloud; "
            "use text terms or a JSON pattern { $.key = value }"
        )
    return compile_terms(text)
