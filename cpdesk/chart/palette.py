"""Colours, dashes and markers: colour-blind safe, and never the only cue.

Series colours come from the Okabe-Ito palette, which stays distinguishable with the common forms
of colour blindness; each comparator also has its own dash and marker, so a chart printed in
black and white still reads. RAG colours always travel with their text label ("Red", "Amber",
"Green"), because red and green are the pair colour-blind readers confuse most.
"""

from __future__ import annotations

from dataclasses import dataclass

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#999999"
LIGHT_GREY = "#C8C8C8"


@dataclass(frozen=True)
class RoleStyle:
    colour: str
    dash: str
    marker: str


ROLE_STYLES: dict[str, RoleStyle] = {
    "home": RoleStyle(OKABE_ITO["blue"], "solid", "circle"),
    "sn": RoleStyle(OKABE_ITO["orange"], "dash", "square"),
    "sn_reported": RoleStyle(OKABE_ITO["orange"], "dashdotdot", "circle"),  # neighbours as a council reports
    "region": RoleStyle(OKABE_ITO["bluish_green"], "dot", "triangle"),
    "england": RoleStyle(OKABE_ITO["black"], "dashdot", "diamond"),
    "district": RoleStyle(OKABE_ITO["sky_blue"], "solid", "none"),
    "operational": RoleStyle(OKABE_ITO["reddish_purple"], "solid", "none"),
    "la": RoleStyle(LIGHT_GREY, "solid", "none"),
    "target": RoleStyle(OKABE_ITO["vermillion"], "dash", "none"),
    "quartile": RoleStyle(GREY, "dot", "none"),
}

# One colour per period in grouped bars, oldest to newest; the most recent gets the strongest blue.
PERIOD_COLOURS = (
    OKABE_ITO["sky_blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"],
    OKABE_ITO["yellow"], OKABE_ITO["vermillion"], OKABE_ITO["black"],
)

RAG_COLOURS = {
    "green": OKABE_ITO["bluish_green"],
    "amber": OKABE_ITO["orange"],
    "red": OKABE_ITO["vermillion"],
    "neutral": GREY,
    "none": LIGHT_GREY,
}


def role_style(role: str) -> RoleStyle:
    return ROLE_STYLES.get(role, RoleStyle(GREY, "solid", "circle"))


def period_colours(count: int) -> list[str]:
    """``count`` colours for grouped bars, ending with the home blue for the latest period."""
    if count <= 0:
        return []
    earlier = [PERIOD_COLOURS[i % len(PERIOD_COLOURS)] for i in range(count - 1)]
    return [*earlier, OKABE_ITO["blue"]]
