"""The shape of a rule: code, kebab name, message and docs in ruff's sections.

Each rule module defines one ``RULE``.  ``wdlint rule CODE`` prints it, the
README table is generated from it, and its ``invalid``/``valid`` examples run
as tests (``tests/test_rule_docs.py``), so the docs cannot lie.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    #: "Sometimes", "Always" or "None" (ruff's fix availability wording).
    fix: str
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
    #: Extra code snippets that must (not) trigger this rule.
    invalid: tuple[str, ...] = field(default=())
    valid: tuple[str, ...] = field(default=())

    def render(self) -> str:
        """The page ``wdlint rule CODE`` prints (Markdown, like ``ruff rule``)."""
        parts = [f"# {self.name} ({self.code})", "", f"Fix is {self.fix.lower()} available."
                 if self.fix != "None" else "Fix is not available.", ""]
        parts += ["## What it does", self.what_it_does.strip(), ""]
        parts += ["## Why is this bad?", self.why_bad.strip(), ""]
        parts += ["## Example", "```python", self.example.strip(), "```", ""]
        parts += ["Use instead:", "```python", self.use_instead.strip(), "```", ""]
        if self.fix_safety:
            parts += ["## Fix safety", self.fix_safety.strip(), ""]
        if self.known_problems:
            parts += ["## Known problems", self.known_problems.strip(), ""]
        if self.references:
            parts += ["## References", *[f"- {ref}" for ref in self.references], ""]
        return "\n".join(parts).rstrip() + "\n"
