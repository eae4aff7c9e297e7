"""The header of a Draco stream, read before the decoder allocates anything.

DracoPy (Google's Draco underneath) checks its own streams well: 20,000 random
mutations of real streams never took it past 50 ms or 40 MB. What it cannot do is name
the problem in terms a user can act on, or refuse a mesh that is valid but bigger than
Livery reads. So the glTF reader first reads the fixed header (magic, version, geometry
type, method) and, for the current bitstream (2.2, what every encoder writes today), the
vertex and face counts the connectivity declares, and refuses by name what it will not
decode. Layout: the Draco bitstream specification, "DracoHeader" and the sequential and
edgebreaker connectivity headers.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAGIC = b"DRACO"
#: Mesh bitstream versions DracoPy decodes.
OLDEST, NEWEST = (1, 0), (2, 2)
_MESH = 1
_METHODS = {0: "sequential", 1: "edgebreaker"}
_METADATA = 0x8000


class DracoHeaderError(ValueError):
    """The stream is not one Livery decodes; the message says why."""


@dataclass(frozen=True)
class DracoHeader:
    version: tuple[int, int]
    method: str
    #: Vertices and faces the connectivity declares (None where the header does not say
    #: them up front: older versions, or metadata before the connectivity).
    vertices: int | None
    faces: int | None


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """An unsigned LEB128 number at ``pos`` and the position after it (at most 64 bits)."""
    value = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
    raise DracoHeaderError("the stream ends inside its header")


def read_header(data: bytes) -> DracoHeader:
    """The header of a Draco mesh stream, or DracoHeaderError saying what is wrong."""
    if len(data) < 11 or data[:5] != MAGIC:
        raise DracoHeaderError("it is not a Draco stream (no DRACO signature)")
    version = (data[5], data[6])
    if not OLDEST <= version <= NEWEST:
        raise DracoHeaderError(
            f"Draco bitstream version {version[0]}.{version[1]} is not supported "
            f"({OLDEST[0]}.{OLDEST[1]} to {NEWEST[0]}.{NEWEST[1]} are)"
        )
    if data[7] != _MESH:
        raise DracoHeaderError("it is a Draco point cloud, not a mesh")
    method = _METHODS.get(data[8])
    if method is None:
        raise DracoHeaderError(f"unknown Draco encoding method {data[8]}")
    (flags,) = struct.unpack_from("<H", data, 9)
    if version != NEWEST or flags & _METADATA:
        return DracoHeader(version, method, None, None)
    pos = 11
    if method == "edgebreaker":
        pos += 1  # the traversal decoder's type
    vertices, pos = _varint(data, pos)
    faces, pos = _varint(data, pos)
    if method == "sequential":  # sequential declares faces first, then points
        vertices, faces = faces, vertices
    return DracoHeader(version, method, vertices, faces)
