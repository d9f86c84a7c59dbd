"""The one place that decides whether a finding is fixable: its rule's fixer returns an edit.

``wdlint check`` asks here for its fixable flag (the edits are then thrown
away) and ``wdlint fix`` asks here for the edits it applies, with the same
settings, so the two cannot disagree.  No rule is named: the registry says
which rule has a fixer.
"""

from __future__ import annotations

from dataclasses import dataclass

from wdlint.rules import get_rule
from wdlint.rules.base import FixOutcome, Unfixable
from wdlint.source import mixed_line_endings


@dataclass(frozen=True)
class FixSettings:
    """What the user chose about fixes (``fix-style``, ``decay-embeddings``)."""

    fix_style: str = "inline"
    decay_embeddings: bool = True


DEFAULT_FIX_SETTINGS = FixSettings()


def needs_confirmation(text: str) -> bool:
    """Whether check must confirm its fixable flags with fix's own pass (``noqa_safe_outcomes``)."""
    return "noqa" in text.lower() or rewrites_may_lose_comments(text)


def rewrites_may_lose_comments(text: str) -> bool:
    """Where libcst's writing has lost comments (form feeds in whitespace, mixed line endings)."""
    return "\f" in text or mixed_line_endings(text)


def plan(context, finding) -> FixOutcome | None:
    """Register ``finding``'s edits in ``context``; its outcome, or None when its rule has no fixer."""
    rule = get_rule(finding.code)
    if rule is None or rule.fixer is None:
        return None
    try:
        return rule.fixer(context, finding)
    except RecursionError:
        raise  # deep code elsewhere: the caller plans again on a larger stack
    except Exception as error:  # a bug in a fixer costs that fix, never the check or the file
        return Unfixable(f"internal error: {type(error).__name__}: {error}", crashed=True)


def fix_outcomes(
    module, text: str, raw_findings, table, settings: FixSettings | None = None, options=None, positions=None,
    clock=None,
) -> list[FixOutcome | None]:
    """Each finding's outcome, planned in one throw-away fix context (what ``check`` reports as fixable).

    ``positions``: a node -> range mapping the caller already has (the engine's, per statement).
    ``clock``: the file's budget clock, checked before each finding's plan.
    """
    if not any((rule := get_rule(f.code)) is not None and rule.fixer is not None for f in raw_findings):
        return [None] * len(raw_findings)
    from wdlint.fix.edits import FixContext

    settings = settings or DEFAULT_FIX_SETTINGS

    def outcomes():
        context = FixContext(module, text, table, fix_style=settings.fix_style, decay_embeddings=settings.decay_embeddings,
                             positions=positions)
        planned = []
        for finding in raw_findings:
            if clock is not None:
                clock.check("planning its fixes")
            planned.append(plan(context, finding))
        if options is not None and any(o is not None and o.fixed for o in planned):
            # ``fix`` refuses a fix that would carry a noqa'd finding away from its comment, or (seen with a form
            # feed in the whitespace libcst rewrites) would lose a comment: check confirms the same way.
            if needs_confirmation(text):
                from wdlint.fix.apply import noqa_safe_outcomes

                planned = noqa_safe_outcomes(module, text, raw_findings, planned, options, settings)
        return planned

    try:
        planned = outcomes()
    except RecursionError:  # deep code elsewhere in the file: plan again on a larger stack
        from wdlint.engine import _on_deep_stack

        planned = _on_deep_stack(outcomes)
    return planned

