"""WD000: a file that cannot be read, decoded or parsed."""

from wdlint.rules.base import Rule

RULE = Rule(
    code="WD000",
    name="unreadable-file",
    summary="File cannot be read, decoded or parsed, so it was not checked",
    what_it_does="Reports a file wdlint could not analyse: unreadable, undecodable (per its PEP 263 "
    "coding header or BOM), binary, or not valid Python syntax. The other files are still checked.",
    why_bad="A file that is not analysed can hide any weight-decay mistake; a syntax error usually "
    "means the file would not run either.",
    example="optimizer = torch.optim.Adam(model.parameters(), lr=1e-3\n",
    use_instead="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n",
)
