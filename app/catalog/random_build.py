"""Random valid builds ("Surprise me"): plain Python, so scripts and tests can draw them too."""

from __future__ import annotations

import random

from livery.catalog.build import BuildState
from livery.catalog.model import Catalog

#: Draws before giving up on a combination the rules allow (then: the defaults).
ATTEMPTS = 50


def random_state(catalog: Catalog, vehicle_id: str, rng: random.Random) -> BuildState:
    """A random build that the rules allow: each group picks among what is still allowed."""
    for _ in range(ATTEMPTS):
        choices = dict(catalog.vehicle(vehicle_id).defaults)
        for g in catalog.groups:
            allowed = [
                o.id
                for o in catalog.options_for(vehicle_id, g.id)
                if catalog.why_not(vehicle_id, choices, g.id, o.id) is None
            ]
            if allowed:
                choices[g.id] = rng.choice(allowed)
        if not catalog.violations(vehicle_id, choices):
            return BuildState(vehicle_id, choices)
    return BuildState(vehicle_id, dict(catalog.vehicle(vehicle_id).defaults))
