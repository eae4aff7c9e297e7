"""Where ``Slot`` used to live; it is ``livery.slots`` now (below catalog and vehicles).

Kept only while modules outside this package still import it from here; new code
imports ``livery.slots``. Delete this file once nothing does.
"""

from __future__ import annotations

from livery.slots import Slot as Slot
from livery.slots import parse_slot as parse_slot
