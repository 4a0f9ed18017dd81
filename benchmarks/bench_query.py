"""How long the queries take on a national-sized store: every LA, 13 years, every core indicator.

Run: ``.venv/bin/python benchmarks/bench_query.py``. Prints timings; asserts nothing (timings
depend on the machine, so they are not part of the test run). The report card for one LA should
come in well under 300 ms, including building the index.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cpdesk.indicators.areas import ENGLAND, load_areas  # noqa: E402
from cpdesk.indicators.period_spans import financial_year, snapshot  # noqa: E402
from cpdesk.indicators.schema import load_schema  # noqa: E402
from cpdesk.observation import Observation  # noqa: E402
from cpdesk.query.comparators import comparator_set  # noqa: E402
from cpdesk.query.observations import ObservationIndex  # noqa: E402
from cpdesk.query.ranking import rank_all_las  # noqa: E402
from cpdesk.query.report_card import report_card  # noqa: E402

YEARS = range(2013, 2026)
HOME = "E10000031"  # Warwickshire
REPEATS = 5


def national_observations(seed: int = 2025) -> list[Observation]:
    """Made-up figures in the shape of the DfE's files for every live LA, region and England."""
    rng = random.Random(seed)
    areas = load_areas()
    codes = [a.code for a in areas.all("la") if a.closed is None and a.old_code]
    codes += [a.code for a in areas.all("region")] + [ENGLAND]
    indicators = [i for i in load_schema() if not i.breakdown and not i.local]
    found = []
    for indicator in indicators:
        for year in YEARS:
            period = snapshot(financial_year(year).end) if indicator.period_kind == "snapshot" \
                else financial_year(year)
            for code in codes:
                top = min(indicator.valid_max, 100)
                value = round(rng.uniform(indicator.valid_min, top), indicator.decimals)
                found.append(Observation(code, indicator.id, period, value, raw=str(value), publisher="dfe"))
    return found


def timed(label: str, action: Callable[[], object]) -> object:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<48} median {statistics.median(times):8.1f} ms   best {min(times):8.1f} ms")
    return result


def main() -> None:
    schema, areas = load_schema(), load_areas()
    observations = national_observations()
    print(f"{len(observations):,} figures, {len(YEARS)} years")
    index = timed("build index", lambda: ObservationIndex(observations))
    rows = timed("report card (index already built)", lambda: report_card(index, HOME, schema, areas))
    timed("report card (from the plain list)", lambda: report_card(observations, HOME, schema, areas))
    timed("comparator set, one indicator", lambda: comparator_set(index, HOME, "cpp_rate", areas))
    timed("rank all LAs, one indicator and year",
          lambda: rank_all_las(index, schema["cpp_repeat_pct"], financial_year(2025), areas=areas))
    print(f"report card rows: {len(rows)}")


if __name__ == "__main__":
    main()
