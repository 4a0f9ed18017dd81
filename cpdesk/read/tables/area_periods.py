"""Figures filed under a council's code as it stood in their period.

A table names a council by name or DfE number ("Buckinghamshire", 825), and the area registry finds
today's code for it. A council that was only recoded (same name, same DfE number: Buckinghamshire
E10000002 -> E06000060 in April 2020, Barnsley E08000016 -> E08000038 in May 2025) had the older code
in earlier periods, so its earlier figures are filed under that one. A figure for a period in which its
council did not exist at all (Cumberland before April 2023) is refused: it cannot be that council's.
"""

from __future__ import annotations

import logging

from cpdesk.figures import Figures
from cpdesk.indicators.model import Area, Period
from cpdesk.issues import ERROR, INFO, Issue
from cpdesk.observation import Observation
from cpdesk.read.result import ReadResult

logger = logging.getLogger(__name__)


def in_force(area: Area, period: Period) -> bool:
    """The area existed for at least part of the period."""
    opened_in_time = area.opened is None or area.opened <= period.end
    not_yet_closed = area.closed is None or area.closed >= period.start
    return opened_in_time and not_yet_closed


def file_under_codes_in_force(result: ReadResult, areas) -> None:
    """Refile figures of a recoded council under its code in force; refuse those of a council that did
    not exist in their period. Says so once per council. Each area and period is looked at once."""
    observations = result.observations
    las = _councils_that_opened_or_closed(observations, areas)
    # (code, period) -> the LA of the same council in force then, or None (the figures are refused)
    in_force_then: dict[tuple[str, tuple], Area | None] = {}
    kept: list[int] = []
    new_codes: dict[int, str] = {}
    refiled: dict[tuple[str, str], Area] = {}
    for index, (code, period) in enumerate(zip(observations.area_code, observations.period, strict=True)):
        area = las.get(code)
        if area is None or in_force(area, period):
            kept.append(index)
            continue
        if (code, period.key) not in in_force_then:
            in_force_then[(code, period.key)] = _same_council_then(area, period, areas)
        earlier = in_force_then[(code, period.key)]
        if earlier is None:
            result.issues.append(_not_in_force(observations[index], area, result.file))
            continue
        refiled[(area.code, earlier.code)] = earlier
        kept.append(index)
        new_codes[index] = earlier.code
    if new_codes or len(kept) < len(observations):
        result.observations = _refiled_figures(observations, kept, new_codes)
    for (code, _), then in refiled.items():
        result.issues.append(_refiled(areas.get(code), then, result.file))


def _councils_that_opened_or_closed(figures: Figures, areas) -> dict[str, Area]:
    """Code -> LA, for the LAs among the figures' areas that were not always in force."""
    found = {code: areas.find(code) for code in set(figures.area_code)}
    return {code: area for code, area in found.items() if area is not None and area.kind == "la"
            and (area.opened is not None or area.closed is not None)}


def _refiled_figures(figures: Figures, kept: list[int], new_codes: dict[int, str]) -> Figures:
    """The figures at ``kept``, in order, those in ``new_codes`` filed under their new code."""
    refiled = figures.take(kept)
    for position, index in enumerate(kept):
        if index in new_codes:
            refiled.area_code[position] = new_codes[index]
    return refiled


def _same_council_then(area: Area, period: Period, areas) -> Area | None:
    """The one LA of the same name and DfE number in force in the period, if there is one."""
    found = [other for other in areas.all("la") if other.code != area.code and other.name == area.name
             and other.old_code == area.old_code and in_force(other, period)]
    return found[0] if len(found) == 1 else None


def _lifetime(area: Area) -> str:
    if area.opened and area.closed:
        return f"from {area.opened:%-d %B %Y} to {area.closed:%-d %B %Y}"
    return f"from {area.opened:%-d %B %Y}" if area.opened else f"until {area.closed:%-d %B %Y}"


def _not_in_force(obs: Observation, area: Area, file: str) -> Issue:
    message = (f"{area.name} ({area.code}) existed only {_lifetime(area)}, so the figure for "
               f"{obs.period.label} cannot be its; it was not read. Check which council the row is.")
    logger.info("%s: %s has no figures for %s", file, area.code, obs.period.label)
    return Issue.at("area-not-in-period", ERROR, message, obs.source)


def _refiled(named: Area, then: Area, file: str) -> Issue:
    message = (f"{named.name}'s figures were filed under the code in force in their period: {then.code} "
               f"({_lifetime(then)}) rather than {named.code} ({_lifetime(named)}).")
    return Issue("area-code-in-force", INFO, message, file)
