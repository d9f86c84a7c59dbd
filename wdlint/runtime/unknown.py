""""Unknown" as a real value: what the check cannot tell, it does not report."""

from __future__ import annotations

from typing import Final


class Unknown:
    """The one value meaning "cannot tell" (a shape before lazy init, a tensor decay)."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "unknown"

    def __bool__(self) -> bool:
        raise TypeError("compare with `is UNKNOWN`: an unknown value is neither true nor false")


UNKNOWN: Final = Unknown()
