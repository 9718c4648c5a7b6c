"""Route templates as API Gateway matches them: literal segments beat
`{param}`, which beats a greedy `{proxy+}`; the most specific match wins."""
from __future__ import annotations

from collections.abc import Iterable


def _match(template: str, path: str) -> dict[str, str] | None:
    parts = [p for p in template.split("/") if p]
    segments = [s for s in path.split("/") if s]
    params: dict[str, str] = {}
    for index, part in enumerate(parts):
        if part.startswith("{") and part.endswith("+}"):
            rest = segments[index:]
            if not rest:
                return None
            params[part[1:-2]] = "/".join(rest)
            return params
        if index >= len(segments):
            return None
        if part.startswith("{") and part.endswith("}"):
            params[part[1:-1]] = segments[index]
        elif part != segments[index]:
            return None
    return params if len(parts) == len(segments) else None


def _specificity(template: str) -> tuple[int, ...]:
    """Per segment: 2 literal, 1 {param}, 0 {greedy+}; more segments first."""
    return tuple(0 if p.endswith("+}") else 1 if p.startswith("{") else 2
                 for p in template.split("/") if p)


def best_match(templates: Iterable[str], path: str) -> tuple[str, dict[str, str]] | None:
    """The most specific template matching `path`, with its path parameters."""
    found = [(t, params) for t in templates if (params := _match(t, path)) is not None]
    if not found:
        return None
    return max(found, key=lambda item: _specificity(item[0]))
