"""Short share codes for builds.

Layout, in Crockford base 32 (no I, L, O, U; case and hyphens ignored on input):

    V  C  G1G1 G2G2 ... GnGn  KK

``V`` the format version, ``C`` the vehicle's code, two characters per option group
(the option's code, in the catalog's group order) and ``KK`` a 10-bit checksum over
what precedes it. Codes are stable while the catalog keeps its codes and appends
new groups at the end; a code made before a group existed decodes with that
group's default.
"""

from __future__ import annotations

import zlib

from livery.catalog.model import Catalog

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VERSION = 1
MAX_LENGTH = 20
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class ShareCodeError(ValueError):
    """A share code that cannot be decoded; the message says why, for a person."""


def _chars(value: int, width: int) -> str:
    out = ""
    for _ in range(width):
        out = ALPHABET[value % 32] + out
        value //= 32
    return out


def _value(text: str) -> int:
    v = 0
    for ch in text:
        v = v * 32 + ALPHABET.index(ch)
    return v


def _checksum(payload: str) -> str:
    return _chars(zlib.crc32(payload.encode("ascii")) & 0x3FF, 2)


def encode(catalog: Catalog, vehicle_id: str, choices: dict[str, str]) -> str:
    payload = _chars(VERSION, 1) + _chars(catalog.vehicle(vehicle_id).code, 1)
    payload += "".join(_chars(catalog.option(g.id, choices[g.id]).code, 2) for g in catalog.groups)
    code = payload + _checksum(payload)
    assert len(code) <= MAX_LENGTH, "too many groups for a share code"
    return code


def pretty(code: str) -> str:
    """``1101000000000MNQ`` as ``1101-0000-0000-0MNQ``, easier to read out and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper().translate(_ALIASES)


def decode(catalog: Catalog, text: str) -> tuple[str, dict[str, str]]:
    """Return (vehicle id, choices given by the code); groups the code predates are absent."""
    if len(text) > 4 * MAX_LENGTH:  # room for spaces and hyphens; checked before any work
        raise ShareCodeError(
            f"The share code is {len(text):,} characters long; share codes have at most "
            f"{MAX_LENGTH} (and hyphens)."
        )
    code = normalise(text)
    if not code:
        raise ShareCodeError("The share code is empty.")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ShareCodeError(
            f"The share code contains {', '.join(repr(c) for c in bad)}, "
            "which share codes never use. Check for a typo."
        )
    if len(code) < 6 or len(code) % 2:
        raise ShareCodeError(
            f"The share code has {len(code)} characters, which no share code has: "
            "it looks truncated or has extra characters."
        )
    payload, check = code[:-2], code[-2:]
    if _checksum(payload) != check:
        raise ShareCodeError(
            "The share code's checksum does not match: it was mistyped, truncated or altered."
        )
    version = _value(payload[0])
    if version != VERSION:
        raise ShareCodeError(
            f"The share code is format version {version}; this Livery Studio reads version "
            f"{VERSION}. Update the app to open it."
        )
    vcode = _value(payload[1])
    vehicle = next((v for v in catalog.vehicles if v.code == vcode), None)
    if vehicle is None:
        raise ShareCodeError("The share code names a vehicle this catalog does not have.")
    codes = [_value(payload[i : i + 2]) for i in range(2, len(payload), 2)]
    if len(codes) > len(catalog.groups):
        raise ShareCodeError("The share code has more option groups than this catalog knows.")
    choices: dict[str, str] = {}
    for group, ocode in zip(catalog.groups, codes, strict=False):
        option = next((o for o in group.options if o.code == ocode), None)
        if option is None:
            raise ShareCodeError(
                f"The share code names a {group.name.en.lower()} option this catalog does not have."
            )
        choices[group.id] = option.id
    return vehicle.id, choices
