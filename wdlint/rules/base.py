"""The shape of a rule: everything about one rule, in its own module.

A rule module defines one ``RULE``: its code, kebab name, docs in ruff's
sections, and, for a static rule,

- ``check``: the findings in one file, written against the analysis library
  (``wdlint.analysis``: scopes, imports, optimizer calls, flat parameters,
  param groups, penalties); the library knows Python, the rule knows weight
  decay;
- ``needs``: the words the text prefilter and the pruning must keep for it
  (they loop over the registry and know no rule);
- ``fixer``: the edit for one finding, or the reason there is none.
  "Fixable" is derived from it, in one place (``wdlint.fix.plan``), so
  ``check``'s fixable flag and ``fix`` cannot disagree;
- ``invalid``/``valid`` examples, with the expected fix output where there
  is one (Fixit's ``expected_replacement``), run as tests
  (``tests/test_rule_docs.py``), so the docs cannot lie.

Runtime rules (WD2xx) carry docs and runnable examples only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Example:
    """A code snippet for a rule's docs and tests.

    Static rules: ``source`` is a module.  ``expected_fix`` is the whole
    module after ``wdlint fix`` (None: not checked); ``unfixable`` says the
    finding must come with no fix.
    Runtime rules: ``source`` is a program that binds ``model`` and
    ``optimizer``; the test runs it and then ``wdlint.check(model, optimizer)``.
    """

    source: str
    expected_fix: str | None = None
    unfixable: bool = False


@dataclass(frozen=True)
class ConfigExample:
    """A config file for a rule's docs and tests: ``name`` gives the format (``optim.yaml``, ``ds.json``)."""

    name: str
    source: str
    expected_fix: str | None = None


@dataclass(frozen=True)
class Needs:
    """What text a file, or a definition inside it, must hold for the rule to find anything there.

    The prefilter keeps a file when any rule's needs match it; the pruning
    keeps a function or class when any rule's needs (``flows`` included)
    match its text.  Patterns are regular expressions; ``optimizer_names``
    picks rows of the optimizer table whose class names are words to look for.
    """

    #: Rows of the optimizer table (OptimizerSpec -> bool) whose class names mark a candidate.
    optimizer_names: Callable[[object], bool] | None = None
    #: File gate only: patterns that must all match too, for ``optimizer_names`` to mark a
    #: candidate file (WD102: flat parameters are spelled ``parameters``).  The pruning
    #: ignores them (a definition gets its parameters from names bound elsewhere).
    names_together: tuple[str, ...] = ()
    #: The rule finds nothing at an optimizer call whose weight decay is provably zero (no
    #: decay passed, positionally or by keyword or in a param group, and a zero default):
    #: ``wdlint.analysis.candidates`` dismisses such a call with ``ast`` alone.
    needs_decay: bool = False
    #: Other patterns; any one marks a candidate (when ``together`` also matches).
    patterns: tuple[str, ...] = ()
    #: Every one of these must match too, for ``patterns`` to count (WD103: a square beside ``parameters(``).
    together: tuple[str, ...] = ()
    #: Pruning only: more patterns that keep a definition, because values flow from it into a finding.
    flows: tuple[str, ...] = ()
    #: Pruning only: a matching definition that returns a value keeps its callers
    #: (the rule follows a returned value into the code that uses it).
    follows_returns: bool = False
    #: Config files (YAML/JSON): patterns one of which the text must hold for ``check_config`` to find anything.
    config_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fixed:
    """A fixer registered its edits; ``title`` says what it does (shown by ``wdlint fix``)."""

    title: str
    fixed = True


@dataclass(frozen=True)
class Unfixable:
    """A fixer found no safe edit; ``reason`` is appended to the finding's message."""

    reason: str
    #: The fixer raised: a bug, which ``wdlint fix`` reports on stderr.
    crashed: bool = False
    fixed = False


FixOutcome = Fixed | Unfixable


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    what_it_does: str
    why_bad: str
    example: str
    use_instead: str
    fix_safety: str = ""
    #: ruff's fix applicability: "safe" or "unsafe" (a fix that changes training is unsafe).
    fix_applicability: str = "unsafe"
    known_problems: str = ""
    references: tuple[str, ...] = ()
    #: "static" (wdlint check) or "runtime" (wdlint.check / install).
    surface: str = "static"
    #: Snippets that must (not) trigger this rule (str, or Example with the expected fix).
    invalid: tuple[Example | str, ...] = field(default=())
    valid: tuple[Example | str, ...] = field(default=())
    #: FileContext -> iterable of RawFinding (static rules; None for WD000 and runtime rules).
    check: Callable[..., Iterable] | None = None
    needs: Needs | None = None
    #: (FixContext, RawFinding) -> Fixed | Unfixable; None when the rule has no fix.
    fixer: Callable[..., FixOutcome] | None = None
    #: ConfigContext -> iterable of ConfigFinding, for config files (``wdlint.configs``); None: Python only.
    check_config: Callable[..., Iterable] | None = None
    #: (ConfigFinding, text) -> ConfigEdit (one scalar rewritten), or None when there is no fix.
    config_fixer: Callable[..., object] | None = None
    #: Config files that must (not) trigger this rule, run as tests.
    config_invalid: tuple[ConfigExample, ...] = field(default=())
    config_valid: tuple[ConfigExample, ...] = field(default=())
    #: ruff's fix applicability: "unsafe" when the fix changes what the program does.
    fix_applicability: str = "unsafe"

    @property
    def fix(self) -> str:
        """ruff's fix availability wording, derived from whether the rule has a fixer."""
        return "Sometimes" if self.fixer is not None else "None"

    def render(self) -> str:
        """The page ``wdlint rule CODE`` prints (Markdown, like ``ruff rule``)."""
        parts = [f"# {self.name} ({self.code})", "", f"Fix is {self.fix.lower()} available."
                 if self.fix != "None" else "Fix is not available.", ""]
        parts += ["## What it does", self.what_it_does.strip(), ""]
        parts += ["## Why is this bad?", self.why_bad.strip(), ""]
        parts += ["## Example", "```python", self.example.strip(), "```", ""]
        parts += ["Use instead:", "```python", self.use_instead.strip(), "```", ""]
        for example in self.config_invalid[:2]:
            language = "json" if example.name.endswith(".json") else "yaml"
            parts += [f"Config file (`{example.name}`):", f"```{language}", example.source.strip(), "```", ""]
        if self.fix_safety:
            parts += ["## Fix safety", self.fix_safety.strip(), ""]
        if self.known_problems:
            parts += ["## Known problems", self.known_problems.strip(), ""]
        if self.references:
            parts += ["## References", *[f"- {ref}" for ref in self.references], ""]
        return "\n".join(parts).rstrip() + "\n"


def source_of(example: Example | str) -> str:
    return example.source if isinstance(example, Example) else example
