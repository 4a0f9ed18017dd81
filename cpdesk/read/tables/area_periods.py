"""Figures filed under a council's code as it stood in their period.

A table names a council by name or DfE number ("Buckinghamshire", 825), and the area registry finds
today's code for it. A council that was only recoded (same name, same DfE number: Buckinghamshire
E10000002 -> E06000060 in April 2020, Barnsley E08000016 -> E08000038 in May 2025) had the older code
in earlier periods, so its earlier figures are filed under that one. A figure for a period in which its
council did not exist at all (Cumberland before April 2023) is refused: it cannot be that council's.
"""

from __future__ import annotations

import logging
from dataclasses import replace

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
    not exist in their period. Says so once per council."""
    kept: list[Observation] = []
    refiled: dict[tuple[str, str], Area] = {}
    for obs in result.observations:
        area = areas.find(obs.area_code)
        if area is None or area.kind != "la" or in_force(area, obs.period):
            kept.append(obs)
            continue
        earlier = _same_council_then(area, obs.period, areas)
        if earlier is None:
            result.issues.append(_not_in_force(obs, area, result.file))
            continue
        refiled[(area.code, earlier.code)] = earlier
        kept.append(replace(obs, area_code=earlier.code))
    result.replace_observations(kept)
    for (code, _), then in refiled.items():
        result.issues.append(_refiled(areas.get(code), then, result.file))


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
