"""Percentages that may have been given as fractions: reported, never rescaled and never guessed.

A percentage indicator's cell that holds a plain number between 0 and 1 (no % sign, no percentage
format) is 23.8% written as 0.238 as often as it is a true 0.9%. Where the same indicator's other
figures in the table (or sheet) are whole percentages, or where every one of them is 1 or less, the
plain numbers in (0, 1] are not read: the officer says which was meant by typing the % sign or by
formatting the cells as percentages. A lone 0 or 1 among no other evidence is read as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cpdesk.indicators.model import Indicator, Unit
from cpdesk.observation import Observation


@dataclass(frozen=True)
class SuspectedFraction:
    observation: Observation
    title: str
    whole_example: str  # the raw text of one of the indicator's whole percentages, "" if it has none
    value: float  # the plain number in (0, 1] the cell holds

    def message(self, *, name_the_cell: bool = True) -> str:
        """The officer's message; without the cell's name where the caller's prefix names it."""
        obs = self.observation
        if self.whole_example:
            why = f"while its other figures here are whole percentages (such as {self.whole_example})"
        else:
            why = "and all its figures here are 1 or less"
        cell = f"Cell {obs.source.cell} holds " if name_the_cell and obs.source else ""
        return (f"{cell}{obs.raw} for '{self.title}', a percentage, {why}: it may be {obs.raw}% or a "
                f"fraction ({obs.raw} = {_as_percent(self.value)}%). It was not read. Type it with its % "
                "sign, or format the cells as percentages in Excel, then import again.")


def _as_percent(value: float) -> str:
    return f"{value * 100:.10g}"


def split_fractions(cells: Sequence[tuple[Observation, bool]],
                    indicator_of: Callable[[str], Indicator | None]
                    ) -> tuple[list[Observation], list[SuspectedFraction]]:
    """(figures kept, suspected fractions) of ``cells``: (observation, written as a percent) pairs."""
    def percent_value(obs: Observation) -> float | None:
        """The figure of a percentage indicator; None for a status or another indicator's figure."""
        indicator = indicator_of(obs.indicator_id)
        return obs.value if indicator is not None and indicator.unit == Unit.PERCENT else None

    whole: dict[str, str] = {}
    below_one: set[str] = set()
    for obs, _ in cells:
        value = percent_value(obs)
        if value is not None and value > 1:
            whole.setdefault(obs.indicator_id, obs.raw)
        elif value is not None and 0 < value < 1:
            below_one.add(obs.indicator_id)
    kept: list[Observation] = []
    suspected: list[SuspectedFraction] = []
    for obs, was_percent in cells:
        value = percent_value(obs)
        indicator_in_doubt = obs.indicator_id in whole or obs.indicator_id in below_one
        if was_percent or value is None or not 0 < value <= 1 or not indicator_in_doubt:
            kept.append(obs)
            continue
        indicator = indicator_of(obs.indicator_id)
        title = indicator.title if indicator is not None else obs.indicator_id
        suspected.append(SuspectedFraction(obs, title, whole.get(obs.indicator_id, ""), value))
    return kept, suspected
