"""reusecheck: check a republished text against a publisher's reuse terms."""

__version__ = "0.1.0"

from reusecheck.api import check, compare  # noqa: E402

__all__ = ["__version__", "check", "compare"]
