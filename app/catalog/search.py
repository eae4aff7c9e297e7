"""Finding an option among many: text search and hue groups.

The paint supplier adds about 100 paints over three years, and a group that long
needs a way in. ``matches`` finds an option by either of its names, its id or its
code; ``hue_group`` puts a colour in one of a few hue groups by its CIELAB hue,
chroma and lightness, so a customer can ask for "the blues". (A hue group is what
people call a colour; a finish's ``Family`` is its shading model: metallic, matte, ...)
Plain Python.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from livery.catalog.color import Color, lab_chroma, lab_hue_degrees, srgb_to_lab
from livery.catalog.model import Option

#: The hue groups, in the order a colour wheel shows them; "neutral" is black to white.
HUE_GROUPS = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "neutral")

#: Below this CIELAB chroma a colour reads as grey (silver, white and black paints).
NEUTRAL_CHROMA = 8.0
#: Upper hue bound (degrees, CIELAB) of each chromatic hue group, going round from 15°.
_HUE_BOUNDS = (("red", 50.0), ("orange", 75.0), ("yellow", 110.0), ("green", 190.0),
               ("blue", 290.0), ("purple", 345.0), ("pink", 375.0))  # fmt: skip


def hue_group(color: Color) -> str:
    """One of ``HUE_GROUPS``. Light, soft warm colours (rose gold, blush) count as pink:
    people call them that, whatever their hue says."""
    lab = np.asarray(color.lab) if color.lab is not None else srgb_to_lab(np.asarray(color.srgb))
    return _group_of_lab(lab)


def _group_of_lab(lab: np.ndarray) -> str:
    chroma = float(lab_chroma(lab))
    if chroma < NEUTRAL_CHROMA:
        return "neutral"
    hue = float(lab_hue_degrees(lab))
    if hue < 15.0:
        hue += 360.0
    if hue < 60.0 and chroma < 30.0 and lab[0] > 55.0:
        return "pink"
    return next(name for name, upper in _HUE_BOUNDS if hue < upper)


def option_colour(option: Option) -> Color | None:
    """The colour an option shows: its first slot's finish (the body, for a paint)."""
    finish = next(iter(option.finishes.values()), None)
    return finish.color if finish is not None else None


def option_hue_group(option: Option) -> str | None:
    """The hue group of the colour an option shows (None: it shows none)."""
    return option_hue_groups([option])[option.id]


def option_hue_groups(options: Sequence[Option]) -> dict[str, str | None]:
    """``option_hue_group`` of many options by id, with one CIELAB conversion for all
    (a paint panel of 500 paints: one call instead of 500 of colour-science's)."""
    colours = {o.id: option_colour(o) for o in options}
    labs = {k: np.asarray(c.lab) for k, c in colours.items() if c is not None and c.lab}
    rest = [(k, c) for k, c in colours.items() if c is not None and not c.lab]
    if rest:
        converted = srgb_to_lab(np.array([c.srgb for _, c in rest], dtype=np.float64))
        labs.update({k: lab for (k, _), lab in zip(rest, converted, strict=True)})
    return {k: _group_of_lab(labs[k]) if k in labs else None for k in colours}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def matches(option: Option, query: str) -> bool:
    """Whether ``query`` (any case, either language) is in an option's names or id, or
    is its code. Every word of the query must match; an empty query matches all."""
    fields = [option.name.en, option.name.zh, option.id, option.id.replace("-", " ")]
    haystack = _fold(" | ".join(fields))
    for word in _fold(query).split():
        if word not in haystack and word != str(option.code):
            return False
    return True
