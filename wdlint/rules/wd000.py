"""WD000: a file that cannot be read, decoded or parsed."""

from wdlint.rules.base import Rule

RULE = Rule(
    code="WD000",
    name="unreadable-file",
    summary="File cannot be read, decoded or parsed, so it was not checked",
    what_it_does="Reports a file wdlint could not analyse: unreadable, undecodable (per its PEP 263 "
    "coding header or BOM), binary, or not valid Python syntax. The other files are still checked. "
    "Only a file that could hold a weight-decay finding is reported (its text passes the prefilter: an "
    "optimizer name, or `parameters(` with a square or norm); a file that cannot hold one is not parsed "
    "at all, and its syntax errors are left to the project's general linter (ruff, flake8's E999). "
    "What only Python's compiler rejects (`return` outside a function, `nonlocal` at module level) is "
    "reported where `ast` shows a rule may report: a call that may pass weight decay to an optimizer, "
    "or a penalty's words.",
    why_bad="A file that is not analysed can hide any weight-decay mistake; a syntax error usually "
    "means the file would not run either.",
    example="optimizer = torch.optim.Adam(model.parameters(), lr=1e-3\n",
    use_instead="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n",
)
