"""A node as code: the one renderer that messages, checks and fixes share."""

from __future__ import annotations

import libcst as cst

_EMPTY_MODULE = cst.Module(body=[])


def render(node: cst.CSTNode) -> str:
    """The node's source, exactly as libcst would write it (comments and line breaks included)."""
    return _EMPTY_MODULE.code_for_node(node)


def code_of(node: cst.CSTNode) -> str:
    """The node's source on one line, shortened for messages."""
    text = " ".join(render(node).split())
    return text if len(text) <= 60 else text[:57] + "..."
