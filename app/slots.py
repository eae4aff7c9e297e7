"""The customization slots: the named surfaces a finish can be applied to.

A slot is the link between the catalog (an option gives a finish per slot) and a
vehicle (each part belongs to at most one slot). The string values are what
catalogs, manifests and part names use. Both the catalog and the vehicles speak this
vocabulary and neither imports the other, so it lives below them (standard library only).
"""

from __future__ import annotations

from enum import StrEnum


class Slot(StrEnum):
    BODY = "body"  # painted body shell
    GLASS = "glass"  # windscreen, side windows, rear window, glass roof
    RIMS = "rims"  # wheel rims with spokes
    TYRES = "tyres"
    DISCS = "discs"  # brake discs
    CALIPERS = "calipers"
    DECAL = "decal"  # lightning body decal, both sides
    BADGE = "badge"  # badge base (ceramic)
    BADGE_INLAY = "badge-inlay"  # badge inlay (24K gold or chrome)
    UPHOLSTERY = "upholstery"  # seats and door-card inserts
    INTERIOR_TRIM = "interior-trim"  # dashboard and door trim strips (wood, ash, carbon)
    INTERIOR = "interior"  # dashboard body, steering wheel, floor
    LIGHTS = "lights"  # head lamps
    TAIL_LIGHTS = "tail-lights"  # tail light bar
    TRIM = "trim"  # black exterior trim, grille, mirrors' caps, diffuser


def parse_slot(text: str) -> Slot:
    """Return the slot named ``text`` or raise ValueError listing the valid names."""
    try:
        return Slot(text)
    except ValueError:
        valid = ", ".join(s.value for s in Slot)
        raise ValueError(f"unknown slot {text!r}; valid slots: {valid}") from None
