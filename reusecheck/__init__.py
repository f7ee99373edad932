"""reusecheck: check a republished text against a publisher's reuse terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check", "compare", "compare_many"]

if TYPE_CHECKING:
    from reusecheck.api import check, compare, compare_many


def __getattr__(name: str) -> Any:
    # The API pulls in the rule loader and parsers; `import reusecheck.matching` should not pay for them.
    if name in ("check", "compare", "compare_many"):
        from reusecheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'reusecheck' has no attribute {name!r}")
