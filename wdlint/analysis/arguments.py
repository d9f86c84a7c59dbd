"""One binder for call arguments: positional, keyword, ``*args``, ``**kwargs``, and a partial's.

A ``functools.partial`` binds its arguments first: bind ``partial_args +
call_args`` and read them as one call.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import libcst as cst


class ArgumentState(enum.Enum):
    FOUND = "found"
    MISSING = "missing"
    UNKNOWN = "unknown"  # may be hidden in *args / **kwargs


@dataclass(frozen=True)
class BoundArguments:
    positional: tuple[cst.BaseExpression, ...]
    #: Index of the first ``*args``; positions from there on are unknown.
    star_index: int | None
    keywords: dict[str, cst.BaseExpression]
    has_double_star: bool

    @classmethod
    def bind(cls, args: tuple[cst.Arg, ...]) -> BoundArguments:
        positional: list[cst.BaseExpression] = []
        keywords: dict[str, cst.BaseExpression] = {}
        star_index = None
        double_star = False
        for arg in args:
            if arg.star == "*":
                if star_index is None:
                    star_index = len(positional)
            elif arg.star == "**":
                double_star = True
            elif arg.keyword is not None:
                keywords[arg.keyword.value] = arg.value
            elif star_index is None:
                positional.append(arg.value)
        return cls(tuple(positional), star_index, keywords, double_star)

    def get(
        self, name: str, position: int | None, signature_pinned: bool = True
    ) -> tuple[ArgumentState, cst.BaseExpression | None]:
        """The argument bound to ``name`` (keyword, or positional at ``position``).

        UNKNOWN where ``*args``/``**kwargs`` may hide it, or where the
        signature is not pinned and extra positional arguments could be it.
        """
        if name in self.keywords:
            return ArgumentState.FOUND, self.keywords[name]
        if position is not None:
            if position < len(self.positional):
                return ArgumentState.FOUND, self.positional[position]
            if self.star_index is not None:
                return ArgumentState.UNKNOWN, None
        elif not signature_pinned and name != "params" and (len(self.positional) > 1 or self.star_index is not None):
            return ArgumentState.UNKNOWN, None  # signature not pinned: could be positional
        if self.has_double_star:
            return ArgumentState.UNKNOWN, None
        return ArgumentState.MISSING, None
