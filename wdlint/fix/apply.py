"""``fix_source``: bytes in, fixed bytes out, nothing written.

A file in which ``check`` finds nothing fixable is left after that check
alone (it parses only what can hold a finding, so most files cost little).
Otherwise one pass parses the whole file, runs the same analysis as ``check``, plans an
edit for every selected, not-noqa'd, fixable finding, applies them all in
one traversal, fixes the imports, and verifies that the result parses.  A
second pass (at most three in all) picks up anything the first one made
visible, so ``fix`` run twice changes nothing.  A pass whose output does
not parse is retried fix by fix, and a fix that breaks the file is dropped
with a note (and counted as a bug by the tests).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import libcst as cst

from wdlint import budget, noqa
from wdlint.diagnostics import Diagnostic
from wdlint.engine import (
    DEFAULT_OPTIONS,
    AnalysisOptions,
    analyse_module,
    decode,
    lint_text,
    might_have_findings,
    parse,
    positioned,
)
from wdlint.fix.plan import FixSettings, plan, rewrites_may_lose_comments
from wdlint.source import comments_of, encode, mixed_line_endings, split_lines, with_lf_line_breaks

FIX_STYLES = ("inline", "helper")
_MAX_PASSES = 3


@dataclass
class FixResult:
    """What ``fix_source`` did to one file."""

    new_source: bytes
    #: The findings that were fixed (positions as they were when fixed).
    fixed: list[Diagnostic] = field(default_factory=list)
    #: Selected, not-noqa'd findings left after fixing (as ``check`` reports them).
    remaining: list[Diagnostic] = field(default_factory=list)
    #: Why the file could not be fixed at all (undecodable), else None.
    error: str | None = None
    #: Fixes that were planned but dropped, one line each.
    notes: list[str] = field(default_factory=list)
    changed: bool = False


def _all_selected(code: str) -> bool:
    return True


def fix_source(
    source: bytes,
    path: str,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    fix_style: str = "inline",
    is_selected: Callable[[str], bool] = _all_selected,
    *,
    apply_noqa: bool = True,
    decay_embeddings: bool = True,
) -> FixResult:
    """Fix one file's source in memory; bytes outside the rewritten expressions never change.

    ``decay_embeddings=False`` (the ``decay-embeddings`` setting) is passed on
    to the ``wdlint.param_groups`` calls of the helper style; the inline
    split goes by shape and cannot tell an embedding from a weight.
    """
    if fix_style not in FIX_STYLES:
        raise ValueError(f"fix-style must be one of {', '.join(FIX_STYLES)}, not {fix_style!r}")
    from wdlint.documents import fix_document, is_document

    if is_document(path):  # a notebook or a config file
        return fix_document(source, path, options, fix_style, is_selected, apply_noqa=apply_noqa, decay_embeddings=decay_embeddings)
    text = decode(source, path)
    if isinstance(text, Diagnostic):
        # As check: undecodable bytes are a WD000 only where they could hold a finding.
        return FixResult(source, remaining=[text] if might_have_findings(source, options) else [], error=text.message)
    settings = FixSettings(fix_style, decay_embeddings)
    # What check reports, WD000 included (its pruned parse is cheap): nothing to fix, nothing more to do.
    reported = _selected(lint_text(text, path, options, apply_noqa=apply_noqa, fix_settings=settings), is_selected)
    if not any(d.fixable for d in reported):
        return FixResult(source, remaining=reported)
    from wdlint import validity

    checked = validity.analysable(text, path)
    if isinstance(checked, Diagnostic):  # cannot happen: check found fixable findings
        return FixResult(source, remaining=[checked])
    prepared, _ = checked
    analysed = prepared.text
    if mixed_line_endings(analysed):
        # libcst ends each line it writes as the file's first line: after a lone CR, a blank LF line
        # would read as the same line.  The passes see LF lines only; the splice ends rewritten lines
        # as the file's own lines around them.
        analysed = with_lf_line_breaks(analysed)
    try:
        current, fixed, notes, round_trip = _run_passes(analysed, path, options, fix_style, is_selected, apply_noqa, decay_embeddings)
    except RecursionError:
        # libcst's visitors recurse once per nesting level: a deep expression elsewhere needs a larger stack.
        from wdlint.engine import _on_deep_stack

        current, fixed, notes, round_trip = _on_deep_stack(
            _run_passes, analysed, path, options, fix_style, is_selected, apply_noqa, decay_embeddings
        )
    if current == analysed:
        return FixResult(source, fixed=[], remaining=reported, notes=notes)
    from wdlint.fix.splice import keep_outside_edits

    spliced = keep_outside_edits(text, prepared, current, round_trip)
    if validity.python_rejects(spliced, path) is not None:
        # Cannot happen (tests and the fuzzing harness hold it): the file as libcst wrote it, literals put back.
        spliced = prepared.restore(current)
    if _comments_lost(text, spliced):
        # Cannot happen either (each pass keeps the comments libcst writes back, the splice puts back the
        # lines libcst loses): never written.
        return FixResult(source, fixed=[], remaining=reported, notes=notes + [_note(d, "it would lose a comment; fix dropped") for d in fixed])
    current = spliced
    remaining = _selected(lint_text(current, path, options, apply_noqa=apply_noqa, fix_settings=settings), is_selected)
    if current == text:
        return FixResult(source, fixed=[], remaining=remaining, notes=notes)
    fixed = validity.shift_columns(fixed, prepared)
    return FixResult(encode(current, source), fixed=fixed, remaining=remaining, notes=notes, changed=True)


def _run_passes(text, path, options, fix_style, is_selected, apply_noqa, decay_embeddings):
    """Up to ``_MAX_PASSES`` fix passes over ``text``: (fixed text, fixed diagnostics, notes, libcst's round trip of ``text``)."""
    original_compiles = _compiles(text, path)
    current = text
    fixed: list[Diagnostic] = []
    notes: list[str] = []
    given_up: set[tuple[str, int, int]] = set()
    round_trip = None
    clock = budget.Clock()
    for number in range(_MAX_PASSES):
        if number:  # the first pass is bounded by check's own budget; what the passes before wrote stands
            try:
                clock.check("another fix pass")
            except budget.BudgetExceeded as exceeded:
                notes.append(f"{path}: fixing stopped after {number} pass(es): {exceeded.reason}")
                break
        module = parse(current, path)
        if isinstance(module, Diagnostic):
            break  # cannot happen: the text was parsed by check, every pass's output before it was kept
        if current.endswith("\r") and not module.has_trailing_newline:
            # libcst sees a last line break only in an LF: each pass dropped one more final CR.
            module = module.with_changes(has_trailing_newline=True)
        if round_trip is None:
            round_trip = module.code  # what libcst writes of the untouched text: the splice learns its losses
        job, todo = _prepare_pass(module, current, path, fix_style, options, original_compiles, is_selected, apply_noqa, decay_embeddings)
        todo = [item for item in todo if _key(item[1]) not in given_up]
        if not todo:
            break
        new_text, applied, pass_notes = _fix_pass(job, todo)
        if new_text is None:
            new_text, applied, pass_notes = _fix_one_by_one(job, todo, given_up)
        notes += pass_notes
        if new_text is None or new_text == current:
            break
        fixed += applied
        current = new_text
    return current, fixed, notes, round_trip


def _prepare_pass(module, text, path, fix_style, options, original_compiles, is_selected, apply_noqa, decay_embeddings):
    """The shared facts of one pass over ``text``, and every finding whose rule has a fixer."""
    raw = analyse_module(module, options)
    diagnostics = positioned(module, raw, path)
    suppressed = _suppressed(diagnostics, text) if apply_noqa else []
    # Every finding whose rule has a fixer: the fixer itself says whether it fixes it.
    todo = [
        (finding, diagnostic)
        for finding, diagnostic in zip(raw, diagnostics)
        if _has_fixer(finding.code) and is_selected(finding.code) and diagnostic not in suppressed
    ]
    job = _Pass(module, text, path, fix_style, options, original_compiles, suppressed, is_selected, decay_embeddings)
    return job, todo


def noqa_safe_outcomes(module, text: str, raw_findings, outcomes, options, settings):
    """``outcomes`` (planned in check), each fixed one confirmed as ``fix`` would confirm it.

    ``fix`` drops a fix that would carry a finding a ``# noqa`` suppresses
    away from its comment (or, a bug, would lose a comment: seen where a form
    feed sits in whitespace a fix rewrites); check must then
    not call it fixable.  The findings are tried together, then (as ``fix``
    does) one by one.
    """
    from wdlint.rules.base import Unfixable

    diagnostics = positioned(module, raw_findings, "-")
    suppressed = _suppressed(diagnostics, text) if "noqa" in text.lower() else []
    if not suppressed and not rewrites_may_lose_comments(text):
        return outcomes

    job = _Pass(module, text, "-", settings.fix_style, options, _compiles(text, "-"), suppressed, _all_selected, settings.decay_embeddings)
    todo = [
        (finding, diagnostic)
        for finding, diagnostic, outcome in zip(raw_findings, diagnostics, outcomes)
        if outcome is not None and outcome.fixed and diagnostic not in suppressed
    ]
    if not todo or _fix_pass(job, todo)[0] is not None:
        return outcomes
    refused: dict[int, str] = {}
    for item in todo:
        new_text, _, notes = _fix_pass(job, [item])
        if new_text is None:
            # The note says why fix drops it ("... not fixed: REASON; fix dropped").
            why = notes[0].split(" not fixed: ", 1)[-1].removesuffix("; fix dropped") if notes else "fix drops it"
            refused[id(item[0])] = why
    return [Unfixable(refused[id(f)]) if id(f) in refused else outcome for f, outcome in zip(raw_findings, outcomes)]


@dataclass(frozen=True)
class _Pass:
    """What every fix attempt on one version of the file shares."""

    module: cst.Module
    text: str
    path: str
    fix_style: str
    options: AnalysisOptions
    original_compiles: bool
    #: Findings ``# noqa`` suppresses in ``text``: a fix must leave each on its comment's line.
    suppressed: list[Diagnostic]
    is_selected: Callable[[str], bool]
    decay_embeddings: bool = True

    @cached_property
    def comments(self) -> Counter[str] | None:
        """The comments of libcst's writing of the unchanged module: every fix of this pass keeps them."""
        return comments_of(self.module.code)


def _suppressed(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """What a ``# noqa`` covers (the finding's token range, as flake8 reads it), selected or not: a fix keeps each."""
    return noqa.suppressed(diagnostics, text, split_lines(text))


def _has_fixer(code: str) -> bool:
    from wdlint.rules import get_rule

    rule = get_rule(code)
    return rule is not None and rule.fixer is not None


def _selected(diagnostics: list[Diagnostic], is_selected) -> list[Diagnostic]:
    return [d for d in diagnostics if is_selected(d.code) or d.code == "WD000"]


def _fix_one_by_one(job: _Pass, todo, given_up):
    """After a pass failed as a whole: keep the fixes that work alone, note the others."""
    good = []
    notes = []
    for item in todo:
        new_text, _, item_notes = _fix_pass(job, [item])
        if new_text is None:
            given_up.add(_key(item[1]))
            notes += item_notes
        else:
            good.append(item)
    if not good:
        return None, [], notes
    new_text, applied, more = _fix_pass(job, good)
    if new_text is None:
        # The fixes only clash together: take the first now, the rest next pass.
        new_text, applied, more = _fix_pass(job, good[:1])
    return new_text, applied, notes + more


def _fix_pass(job: _Pass, todo):
    """(new text or None when the result does not parse, fixed diagnostics, notes)."""
    from wdlint.fix.edits import FixContext

    notes: list[str] = []
    applied: list[Diagnostic] = []
    try:
        suppressed = frozenset((d.line, d.column - 1) for d in job.suppressed)
        context = FixContext(
            job.module, job.text, job.options.table(), suppressed,
            fix_style=job.fix_style, decay_embeddings=job.decay_embeddings,
        )
        for finding, diagnostic in sorted(todo, key=lambda item: item[0].code):
            outcome = plan(context, finding)
            if outcome is not None and outcome.fixed:
                applied.append(diagnostic._replace(message=outcome.title))
            elif outcome is not None and outcome.crashed:
                notes.append(_note(diagnostic, outcome.reason))
            # Otherwise check reports it with its reason ("no autofix: ..."): nothing to note here.
        context.finish()
        new_module = _fix_imports(context.apply(), context)
        new_text = new_module.code
    except RecursionError:
        raise  # the caller retries the whole pass on a larger stack
    except Exception as error:  # a bug in a fix must never cost the user their file
        return None, [], [_note(d, f"internal error: {type(error).__name__}: {error}") for _, d in todo]
    if _loses_comment(job, new_text):
        return None, [], [_note(d, "it would lose a comment; fix dropped") for _, d in todo]
    problem = _parse_problem(new_text, job.path, job.original_compiles)
    if problem is not None:
        return None, [], [_note(d, f"the fixed code would not parse ({problem}); fix dropped") for _, d in todo]
    if job.suppressed and not _keeps_suppressions(job, new_text):
        return None, [], [_note(d, "it would move a `# noqa` away from the finding it suppresses; fix dropped") for _, d in todo]
    return new_text, applied, notes


def _loses_comment(job: _Pass, new_text: str) -> bool:
    """Whether a comment libcst writes back of the unchanged text is missing from ``new_text``.

    A fix moves comments, never deletes one.  Compared comment by comment, as
    Python reads them: a count of '#' alone let a comment be lost where another
    was doubled (issue 14, on a file mixing LF and CR line endings).  Against
    libcst's round trip, not the text itself: libcst loses comments among
    blank lines before a whitespace-only last line, and the splice puts those
    lines back.
    """
    before, after = job.comments, comments_of(new_text)
    if before is None or after is None:  # cannot happen (both parse): the count of '#' then
        return new_text.count("#") < job.module.code.count("#")
    return bool(before - after)


def _comments_lost(original: str, fixed: str) -> bool:
    """Whether a comment of ``original`` is missing from ``fixed`` (False where either does not tokenize)."""
    before, after = comments_of(original), comments_of(fixed)
    return before is not None and after is not None and bool(before - after)


def _keeps_suppressions(job: _Pass, new_text: str) -> bool:
    """Every finding a ``# noqa`` suppressed is still there and still suppressed."""
    module = parse(new_text, job.path)
    if isinstance(module, Diagnostic):
        return False
    after = _suppressed(positioned(module, analyse_module(module, job.options), job.path), new_text)
    before = Counter(d.code for d in job.suppressed)
    return not before - Counter(d.code for d in after)


def _fix_imports(module: cst.Module, context) -> cst.Module:
    if not context.imports_to_add and not context.imports_to_remove:
        return module
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

    module = module.visit(_ImportNextToReplaced(context.imports_to_add, context.imports_to_remove))
    codemod_context = CodemodContext()
    for module_name, obj, asname in dict.fromkeys(context.imports_to_add):
        AddImportsVisitor.add_needed_import(codemod_context, module_name, obj, asname)
    if context.imports_to_add:
        module = AddImportsVisitor(codemod_context).transform_module(module)
    for module_name, obj, asname in dict.fromkeys(context.imports_to_remove):
        RemoveImportsVisitor.remove_unused_import(codemod_context, module_name, obj, asname)
    if context.imports_to_remove:
        module = _removing_imports_keeps_comments(RemoveImportsVisitor)(codemod_context).transform_module(module)
    return module


def _removing_imports_keeps_comments(remover):
    """libcst's RemoveImportsVisitor, except that a removed name's comment stays, on its own line.

    ``from torch.optim import (SGD, Adam,  # main optimizer⏎ AdamW)`` loses
    ``Adam`` once it is renamed to the ``AdamW`` already imported; the
    comment ending its line is the user's and is kept where the line was.
    """

    class RemoveImportsKeepingComments(remover):
        def leave_ImportFrom(self, original_node, updated_node):
            result = super().leave_ImportFrom(original_node, updated_node)
            if not isinstance(result, cst.ImportFrom) or result is updated_node:
                return result
            return _keep_removed_comments(updated_node, result)

        # A whole import line removed: its comments (above it, ending it) stay, on lines of their own
        # before the next statement (issue 14: every comment kept).
        def leave_SimpleStatementLine(self, original_node, updated_node):
            parent = getattr(super(), "leave_SimpleStatementLine", None)
            result = parent(original_node, updated_node) if parent is not None else updated_node
            if not isinstance(result, cst.SimpleStatementLine):
                return result
            # Comments inside a removed import's brackets (``from m import (⏎ Adam  # c⏎ )``) too.
            inside = _comments_removed_with_imports(original_node.body, result.body)
            if not result.body:
                comments = [line for line in original_node.leading_lines if line.comment is not None] + inside
                if original_node.trailing_whitespace.comment is not None:
                    comments.append(cst.EmptyLine(comment=original_node.trailing_whitespace.comment))
                if comments:
                    self.__dict__.setdefault("_orphan_comments", {})[id(original_node)] = comments
            elif inside:
                result = result.with_changes(leading_lines=[*result.leading_lines, *inside])
            return result

        def leave_Module(self, original_node, updated_node):
            parent = getattr(super(), "leave_Module", None)
            updated_node = parent(original_node, updated_node) if parent is not None else updated_node
            return _adopt_orphan_comments(self, original_node, updated_node)

        def leave_IndentedBlock(self, original_node, updated_node):
            parent = getattr(super(), "leave_IndentedBlock", None)
            updated_node = parent(original_node, updated_node) if parent is not None else updated_node
            return _adopt_orphan_comments(self, original_node, updated_node)

    return RemoveImportsKeepingComments


def _comments_removed_with_imports(before, after) -> list[cst.EmptyLine]:
    """The comments inside the imports of ``before`` (small statements) that ``after`` no longer holds, in order."""

    def comments(statements):
        found: list[cst.Comment] = []
        stack = [s for s in reversed(statements) if isinstance(s, (cst.Import, cst.ImportFrom))]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Comment):
                found.append(node)
            else:
                stack.extend(reversed(node.children))
        return found

    left = Counter(comment.value for comment in comments(after))
    lost: list[cst.EmptyLine] = []
    for comment in comments(before):
        if left[comment.value]:
            left[comment.value] -= 1
        else:
            lost.append(cst.EmptyLine(comment=comment))
    return lost


def _adopt_orphan_comments(visitor, original_node, updated_node):
    """Comments of removed lines of ``original_node``'s body, put before the next statement that stays."""
    orphans = visitor.__dict__.get("_orphan_comments")
    if not orphans:
        return updated_node
    originals = list(original_node.body)
    removed = [child for child in originals if id(child) in orphans]
    if not removed or len(updated_node.body) != len(originals) - len(removed):
        return updated_node
    body = list(updated_node.body)
    pending: list = []
    survivor = 0
    for child in originals:
        if id(child) in orphans:
            pending += orphans.pop(id(child))
            continue
        if pending:
            statement = body[survivor]
            body[survivor] = statement.with_changes(leading_lines=[*pending, *statement.leading_lines])
            pending = []
        survivor += 1
    if pending:
        if isinstance(updated_node, cst.Module):
            return updated_node.with_changes(body=body, footer=[*pending, *updated_node.footer])
        return updated_node.with_changes(body=body, footer=[*pending, *updated_node.footer])
    return updated_node.with_changes(body=body)


def _keep_removed_comments(before: cst.ImportFrom, after: cst.ImportFrom) -> cst.ImportFrom:
    """``after`` (names removed from ``before``), rebuilt so that the removed lines' comments stay."""
    if isinstance(before.names, cst.ImportStar) or before.rpar is None:
        return after
    originals = list(before.names)
    kept_keys = {(alias.evaluated_name, alias.evaluated_alias) for alias in after.names}
    kept = [i for i, alias in enumerate(originals) if (alias.evaluated_name, alias.evaluated_alias) in kept_keys]
    if not kept or len(kept) == len(originals):
        return after

    def line_break_after(index: int):
        alias = originals[index]
        if isinstance(alias.comma, cst.Comma):
            return alias.comma.whitespace_after
        return before.rpar.whitespace_before if index == len(originals) - 1 else None

    def comments_of(index: int) -> list[str]:
        whitespace = line_break_after(index)
        if not isinstance(whitespace, cst.ParenthesizedWhitespace):
            return []
        lines = [whitespace.first_line, *whitespace.empty_lines]
        return [line.comment.value for line in lines if line.comment is not None]

    names = [originals[i] for i in kept]
    lpar = before.lpar
    pending: list[str] = []
    for position, index in enumerate([*kept, len(originals)]):
        removed_before = range(kept[position - 1] + 1 if position else 0, index)
        pending = [comment for i in removed_before for comment in comments_of(i)]
        if not pending or index == len(originals):
            continue
        if position == 0:
            if lpar is None or not isinstance(lpar.whitespace_after, cst.ParenthesizedWhitespace):
                return after
            lpar = lpar.with_changes(whitespace_after=_with_comment_lines(lpar.whitespace_after, pending))
        else:
            previous = names[position - 1]
            if not isinstance(previous.comma, cst.Comma) or not isinstance(previous.comma.whitespace_after, cst.ParenthesizedWhitespace):
                return after
            whitespace = _with_comment_lines(previous.comma.whitespace_after, pending)
            names[position - 1] = previous.with_changes(comma=previous.comma.with_changes(whitespace_after=whitespace))
        pending = []
    rpar = before.rpar
    if kept[-1] != len(originals) - 1:
        # The names after the last kept one went: its line now ends the list.
        last = names[-1]
        closing = line_break_after(len(originals) - 1)
        own = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else None
        if not isinstance(own, cst.ParenthesizedWhitespace):
            return after
        if isinstance(closing, cst.ParenthesizedWhitespace):
            whitespace = _with_comment_lines(own, pending).with_changes(indent=closing.indent, last_line=closing.last_line)
        else:  # ``Adam)`` closed the list on its line: the bracket goes on a line of its own
            whitespace = _with_comment_lines(own, pending).with_changes(last_line=cst.SimpleWhitespace(""))
        if isinstance(originals[-1].comma, cst.Comma):
            names[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=whitespace))
        else:
            names[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT)
            rpar = rpar.with_changes(whitespace_before=whitespace)
    return after.with_changes(names=names, lpar=lpar, rpar=rpar)


def _with_comment_lines(whitespace: cst.ParenthesizedWhitespace, comments: list[str]) -> cst.ParenthesizedWhitespace:
    """``whitespace`` (a line break) with ``comments`` on lines of their own, at the next line's indentation."""
    lines = [
        cst.EmptyLine(indent=whitespace.indent, whitespace=whitespace.last_line, comment=cst.Comment(comment))
        for comment in comments
    ]
    return whitespace.with_changes(empty_lines=[*whitespace.empty_lines, *lines])


class _ImportNextToReplaced(cst.CSTTransformer):
    """``from torch.optim import SGD, Adam`` -> ``from torch.optim import SGD, Adam, AdamW``.

    A new name imported from the module that already imports the name it
    replaces goes right after that name (where a person would put it);
    RemoveImportsVisitor then drops the old one if nothing else uses it.
    AddImportsVisitor places every other new import.
    """

    def __init__(self, to_add, to_remove) -> None:
        super().__init__()
        self._wanted = {(module, obj) for module, obj, asname in to_add if obj is not None and asname is None}
        self._replaced = {module: obj for module, obj, asname in to_remove if obj is not None and asname is None}

    def visit_IndentedBlock(self, node) -> bool:
        return False  # module-level imports only

    def leave_ImportFrom(self, original_node, updated_node):
        from libcst.helpers import get_full_name_for_node

        from wdlint.fix.layout import insert_item

        if updated_node.relative or isinstance(updated_node.names, cst.ImportStar) or updated_node.module is None:
            return updated_node
        module = get_full_name_for_node(updated_node.module)
        old = self._replaced.get(module)
        for wanted_module, obj in sorted(self._wanted):
            if wanted_module != module or old is None:
                continue
            names = [alias.evaluated_name for alias in updated_node.names]
            if obj in names or old not in names:
                continue
            index = next(
                (i for i, alias in enumerate(updated_node.names) if alias.evaluated_name == old and alias.asname is None),
                None,
            )
            if index is None:
                continue
            updated_node = insert_item(updated_node, index, cst.ImportAlias(name=cst.Name(obj)))
        return updated_node


def _parse_problem(text: str, path: str, original_compiles: bool) -> str | None:
    try:
        cst.parse_module(text)
    except Exception as error:  # ParserSyntaxError, RecursionError
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    if original_compiles and not _compiles(text, path):
        return "Python's compiler rejects it"
    return None


def _compiles(text: str, path: str) -> bool:
    """CPython's verdict (``wdlint.validity``): the judge of every text a fix writes."""
    from wdlint.validity import python_rejects

    return python_rejects(text, path) is None


def _key(diagnostic: Diagnostic) -> tuple[str, int, int]:
    return diagnostic.code, diagnostic.line, diagnostic.column


def _note(diagnostic: Diagnostic, reason: str) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} not fixed: {reason}"
