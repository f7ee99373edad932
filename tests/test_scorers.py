"""The benchmarks' reusecheck scorer measures the candidate against the original, not the other way."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

from scorers import reusecheck_scorer  # noqa: E402

ORIGINAL = ("The regional court in Pavlodar fined the river port operator for dumping ballast water near the "
            "city beach. Inspectors found oil traces along two kilometres of the shore in early June. The "
            "operator said it would appeal and blamed a contractor for the spill. Swimming at the beach stays "
            "banned until tests show the water is clean again.")


def test_the_scorer_gives_the_share_of_the_original() -> None:
    # The candidate takes two of the original's four sentences and adds three times as much of its own:
    # swapping the texts would swap the two shares.
    own = ("Our reporter spoke to families who had planned summer holidays on the river and now look for another "
           "place to swim with their children this year. Hotel owners along the embankment expect cancellations. "
           "The city council has promised to open the indoor pool early, from the first of July, at a lower "
           "price for children under fourteen. Environmental groups want the port to publish its ballast logs. ")
    candidate = " ".join(ORIGINAL.split(". ")[:2]) + ". " + own * 2
    scored = reusecheck_scorer()(ORIGINAL, candidate)
    assert 0.4 < scored.share_of_original < 0.7
    assert scored.share_of_candidate < 0.25
