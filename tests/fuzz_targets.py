"""Fuzz targets: for every reader of outside input, a hypothesis strategy of hostile cases
and the call that reads one. The one place these live: tests/test_fuzz.py runs a short,
derandomized pass in the suite and ``bench/fuzz.py --minutes N`` runs them for long.

A case is ``(files, main)``: the files to write into an empty folder (name -> bytes) and
the one to open, or plain text for share codes. Cases start from a valid input (a small
car, the shipped catalog, a good build) and break it: JSON values replaced by values of
any type or size, bytes flipped, counts and sizes lied about, references out of the
folder. ``outcome`` runs one and says what happened: "ok" (read, or refused with the
project's own error) or the kind of failure.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from livery import ASSETS

Case = tuple[dict[str, bytes], str]

# -- values -----------------------------------------------------------------------------
#: Values that have broken readers before: sizes at type limits, paths out of the folder,
#: special files, numbers a float cannot hold.
NASTY = [
    -1,
    0,
    1,
    2**31,
    2**32 - 1,
    2**53 + 1,
    10**30,
    10**400,
    1e30,
    -1e30,
    1e-300,
    math.nan,
    math.inf,
    -math.inf,
    "",
    "../../../../etc/passwd",
    "/etc/hostname",
    "/dev/zero",
    "..\\..\\windows\\win.ini",
    "C:/x.png",
    "file:///etc/passwd",
    "http://example.invalid/x.bin",
    "data:application/octet-stream;base64,AAAA",
    "a" * 300,
    "\x00",
    "mm",
    ["mm"],
    {"a": 1},
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(NASTY)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and indices) into a JSON-like document."""
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


class _Delete:
    """The value that deletes the key it is set at (copies are the same marker)."""

    def __deepcopy__(self, memo: dict) -> _Delete:
        return self


_DELETE = _Delete()


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    *head, last = path
    node = doc
    for k in head:
        node = node[k]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return doc


@st.composite
def mutated_json(draw: st.DrawFn, doc: dict) -> Any:
    """``doc`` with one to four values replaced by any JSON value (or deleted)."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)[1:]  # the top stays: a document is a table
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        value = copy.deepcopy(draw(json_values | st.just(_DELETE)))  # NASTY stays as it is
        doc = _set(doc, path, value)  # paths are taken afresh: each one exists
    return doc


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, 32-bit words overwritten, cut or grown."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 5))):
        if not out:
            break
        kind = draw(st.sampled_from(["flip", "word", "cut", "insert"]))
        at = draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "word":
            word = draw(st.sampled_from([0, 1, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000000, 30000]))
            out[at : at + 4] = struct.pack("<I", word)
        elif kind == "cut":
            del out[at:]
        else:
            out[at:at] = draw(st.binary(max_size=16))
    return bytes(out)


def toml_text(value: Any) -> str:
    """A value as TOML (inline tables and arrays; enough for hostile documents)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{json.dumps(str(k))} = {toml_text(v)}" for k, v in value.items() if v is not None
            )
            + "}"
        )
    return '""'


def _toml_table(header: str, table: dict) -> str:
    return (
        header
        + "\n"
        + "".join(
            f"{json.dumps(str(a))} = {toml_text(b)}\n" for a, b in table.items() if b is not None
        )
    )


def toml_document(doc: dict) -> str:
    """A top-level TOML document; tables as ``[name]``, arrays of tables as ``[[name]]``."""
    lines, tables = [], []
    for k, v in doc.items():
        if v is None:
            continue
        if isinstance(v, dict):
            tables.append(_toml_table(f"[{json.dumps(str(k))}]", v))
        elif isinstance(v, list) and v and all(isinstance(t, dict) for t in v):
            tables.extend(_toml_table(f"[[{json.dumps(str(k))}]]", t) for t in v)
        else:
            lines.append(f"{json.dumps(str(k))} = {toml_text(v)}")
    return "\n".join(lines) + "\n" + "\n".join(tables)


# -- seeds: small valid inputs ----------------------------------------------------------
@cache
def _car_gltf() -> tuple[dict, bytes]:
    from vehicle_files import GltfBuilder

    b = GltfBuilder()
    tex = b.texture("paint.png")
    b.add_car(
        material=b.material(
            {"name": "paint", "pbrMetallicRoughness": {"baseColorTexture": {"index": tex}}}
        )
    )
    b.doc["buffers"] = [{"uri": "car.bin", "byteLength": len(b.bin)}]
    return b.doc, bytes(b.bin)


@cache
def _car_glb() -> bytes:
    from vehicle_files import GltfBuilder

    b = GltfBuilder()
    b.add_car()
    return b.glb_bytes()


@cache
def _car_meshes() -> dict[str, bytes]:
    from vehicle_files import car_parts, merged, write_obj

    out = {}
    with tempfile.TemporaryDirectory() as d:
        write_obj(Path(d) / "car.obj", car_parts())
        for f in Path(d).iterdir():
            out[f.name] = f.read_bytes()
        m = merged(car_parts())
        for ext in ("stl", "ply", "off"):
            out[f"car.{ext}"] = m.export(file_type=ext)
            if isinstance(out[f"car.{ext}"], str):
                out[f"car.{ext}"] = out[f"car.{ext}"].encode()
    return out


# -- strategies -------------------------------------------------------------------------
def _bomb_accessor(doc: dict, i: int) -> None:
    accessors = doc.get("accessors")
    if (
        isinstance(accessors, list)
        and accessors
        and isinstance(accessors[i % len(accessors)], dict)
    ):
        acc = accessors[i % len(accessors)]
        acc.pop("bufferView", None)
        acc["count"] = [2**24, 2**25 + 1, 2**31, 2**40][i % 4]


def _set_in(doc: dict, key: str, i: int, field: str, value: Any) -> None:
    items = doc.get(key)
    if isinstance(items, list) and items and isinstance(items[i % len(items)], dict):
        items[i % len(items)][field] = value


def _bomb_cycle(doc: dict, i: int) -> None:
    """A node that is its own child, in whatever the mutations left of the node list."""
    nodes = doc.get("nodes")
    if isinstance(nodes, list) and nodes:
        _set_in(doc, "nodes", i, "children", [i % len(nodes)])


#: Structural attacks the value mutations rarely hit by chance: (document, a small number).
GLTF_BOMBS: dict[str, Callable[[dict, int], None]] = {
    "accessor without data, huge count": _bomb_accessor,
    "cycle": _bomb_cycle,
    "zero scale": lambda d, i: _set_in(d, "nodes", i, "scale", [0, 0, 0]),
    "texture out of the folder": lambda d, i: _set_in(d, "images", i, "uri", NASTY[15 + i % 6]),
    "buffer out of the folder": lambda d, i: _set_in(d, "buffers", i, "uri", NASTY[15 + i % 6]),
    "sparse bomb": lambda d, i: _set_in(
        d,
        "accessors",
        i,
        "sparse",
        {
            "count": 2**31,
            "indices": {"bufferView": 0, "componentType": 5125},
            "values": {"bufferView": 0},
        },
    ),
    "strip mode": lambda d, i: _set_in(
        d.get("meshes", [{}])[0]
        if isinstance(d.get("meshes"), list) and d["meshes"] and isinstance(d["meshes"][0], dict)
        else {},
        "primitives",
        0,
        "mode",
        [5, 6, 0, 7][i % 4],
    ),
}


@st.composite
def gltf_cases(draw: st.DrawFn) -> Case:
    from vehicle_files import png_bytes

    doc, binary = _car_gltf()
    doc = draw(mutated_json(doc))
    for bomb in draw(st.lists(st.sampled_from(sorted(GLTF_BOMBS)), max_size=2)):
        GLTF_BOMBS[bomb](doc, draw(st.integers(0, 5)))
    files = {"car.gltf": json.dumps(doc, allow_nan=True).encode()}
    files["car.bin"] = draw(st.just(binary) | mutated_bytes(binary))
    files["paint.png"] = draw(
        st.sampled_from([png_bytes(), png_bytes(size=(30000, 1))[:200], b"junk"])
    )
    return files, "car.gltf"


@st.composite
def glb_cases(draw: st.DrawFn) -> Case:
    return {"car.glb": draw(mutated_bytes(_car_glb()))}, "car.glb"


@cache
def draco_stream() -> bytes:
    """A real Draco mesh stream (edgebreaker, bitstream 2.2): the test car's body."""
    import DracoPy
    from vehicle_files import car_parts

    body = car_parts()["Body"]
    return DracoPy.encode(body.vertices.astype(np.float32), body.faces)


def leb128(value: int) -> bytes:
    """``value`` as an unsigned LEB128 varint (Draco's header counts)."""
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value >> 7 else 0))
        value >>= 7
        if not value:
            return bytes(out)


@st.composite
def draco_cases(draw: st.DrawFn) -> Case:
    """The test car with a Draco-compressed body whose stream is broken: bytes flipped,
    or a count in its header (vertices, faces, symbols) replaced by any size."""
    from vehicle_files import GltfBuilder

    stream = draco_stream()
    if draw(st.booleans()):
        at = draw(st.integers(11, 16))
        count = draw(st.sampled_from([n for n in NASTY if isinstance(n, int) and n >= 0]))
        stream = stream[:at] + leb128(min(count, 2**64 - 1)) + stream[at + 1 :]
    else:
        stream = draw(mutated_bytes(stream))
    b = GltfBuilder()
    b.add_car()
    view = b.view(stream)
    b.doc["meshes"][0]["primitives"][0]["extensions"] = {
        "KHR_draco_mesh_compression": {"bufferView": view, "attributes": {}}
    }
    b.doc["extensionsUsed"] = ["KHR_draco_mesh_compression"]
    return {"car.glb": b.glb_bytes()}, "car.glb"


@st.composite
def candidate_cases(draw: st.DrawFn) -> Case:
    """A shipped example candidates file (CSV, JSON or CxF3) with its text or bytes
    broken: JSON values replaced, CSV cells replaced by nasty values, bytes flipped."""
    name = draw(st.sampled_from(["candidates.csv", "candidates.json", "candidates.cxf"]))
    data = (ASSETS / "examples" / name).read_bytes()
    how = draw(st.sampled_from(["bytes", "cells"] + (["json"] if name.endswith("json") else [])))
    if how == "json":
        doc = draw(mutated_json(json.loads(data)))
        data = json.dumps(doc, allow_nan=True).encode()
    elif how == "cells":
        rows = data.decode().splitlines()
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(rows) - 1))
            cells = rows[i].split(",")
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = str(draw(st.sampled_from(NASTY)))
            rows[i] = ",".join(cells)
        data = "\n".join(rows).encode()
    else:
        data = draw(mutated_bytes(data))
    return {name: data}, name


_OBJ_NUMBERS = st.sampled_from(
    ["0", "1", "-1", "0.5", "nan", "inf", "-inf", "1e30", "1e400", "x", "2147483648"]
)


@st.composite
def obj_cases(draw: st.DrawFn) -> Case:
    base = _car_meshes()
    lines = base["car.obj"].decode().splitlines()
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["v", "f", "mtllib", "usemtl", "o", "drop", "vt", "polygon"]))
        at = draw(st.integers(0, len(lines)))
        if kind == "v":
            line = "v " + " ".join(draw(st.lists(_OBJ_NUMBERS, min_size=0, max_size=4)))
        elif kind == "vt":
            line = "vt " + " ".join(draw(st.lists(_OBJ_NUMBERS, min_size=0, max_size=3)))
        elif kind == "f":
            idx = st.integers(-5, 10**6).map(str) | st.sampled_from(
                ["1/1/1", "0", "-99999", "a", "1//"]
            )
            line = "f " + " ".join(draw(st.lists(idx, max_size=6)))
        elif kind == "polygon":
            line = "f " + " ".join(str(1 + i % 50) for i in range(draw(st.integers(3, 3000))))
        elif kind in ("mtllib", "usemtl", "o"):
            line = f"{kind} {draw(st.sampled_from([n for n in NASTY if isinstance(n, str)] + ['car.mtl']))}"
        else:
            if lines:
                del lines[min(at, len(lines) - 1)]
            continue
        lines.insert(at, line)
    files = {k: v for k, v in base.items() if k.endswith(".mtl")}
    mtl = draw(
        st.sampled_from(
            [
                "",
                "newmtl x\nmap_Kd ../../etc/hostname\n",
                "newmtl y\nmap_Kd /dev/zero\n",
                "newmtl z\nKd nan 1 1\n",
            ]
        )
    )
    if mtl:
        files["car.mtl"] = mtl.encode()
    files["car.obj"] = "\n".join(lines).encode()
    return files, "car.obj"


def _mesh_bytes(fmt: str) -> Callable[[st.DrawFn], Case]:
    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        data = _car_meshes()[f"car.{fmt}"]
        if fmt in ("off", "ply") and draw(st.booleans()):  # lie about the counts
            text = data.decode("latin-1")
            n = draw(st.sampled_from(["0", "-1", "3", "99999999", "4294967296", "1e3", "x"]))
            if fmt == "off":
                head, rest = text.split("\n", 2)[:2], text.split("\n", 2)[2]
                counts = head[1].split()
                counts[draw(st.integers(0, len(counts) - 1))] = n
                data = (head[0] + "\n" + " ".join(counts) + "\n" + rest).encode("latin-1")
            else:
                key = draw(st.sampled_from(["element vertex ", "element face "]))
                at = text.find(key)
                end = text.find("\n", at)
                data = (text[: at + len(key)] + n + text[end:]).encode("latin-1")
        return {f"car.{fmt}": draw(st.just(data) | mutated_bytes(data))}, f"car.{fmt}"

    return cases


@st.composite
def manifest_cases(draw: st.DrawFn) -> Case:
    good = {
        "auto": True,
        "frame": {"up": "z", "forward": "+x", "unit": "m"},
        "slots": {"body": ["Body*"], "rims": "Wheel*"},
    }
    doc = draw(mutated_json(good))
    text = toml_document(doc)
    text = draw(
        st.just(text)
        | st.sampled_from(["[" * 5000, "a = " + "[" * 3000, "x = 1" + "0" * 5000, "\xff\xfe"])
    )
    files = {
        "car.stl": _car_meshes()["car.stl"],
        "car.stl.livery.toml": text.encode("utf-8", "surrogatepass"),
    }
    return files, "car.stl"


def _hdr(w: int, h: int, body: bytes) -> bytes:
    return b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n" + f"-Y {h} +X {w}\n".encode() + body


@st.composite
def hdr_cases(draw: st.DrawFn) -> Case:
    """A Radiance header with any size, and scanlines of run-length codes (runs of any
    length, zero and past the line included) or flat pixels."""
    w = draw(st.sampled_from([16, 16, 16, 8, 0, 7, 40000, 2**31]))
    h = draw(st.sampled_from([2, 2, 1, 0, 20000, 2**31]))
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):  # run-length coded: 4 channels of (count, value...) codes
            codes = draw(
                st.lists(st.sampled_from([0, 1, 4, 16, 127, 128, 129, 144, 200, 255]), max_size=12)
            )
            rows.append(
                bytes([2, 2, 0, 16])
                + b"".join(bytes([c]) + bytes([100]) * (1 if c > 128 else c) for c in codes)
            )
        else:
            rows.append(bytes([130, 130, 130, 129]) * draw(st.sampled_from([16, 3, 0])))
    data = _hdr(w, h, b"".join(rows))
    return {"env.hdr": draw(st.just(data) | mutated_bytes(data))}, "env.hdr"


@cache
def _exr() -> bytes:
    import OpenEXR

    px = np.ones((8, 16), np.float32)
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / "e.exr")
        with OpenEXR.File(
            {"compression": OpenEXR.ZIP_COMPRESSION, "type": OpenEXR.scanlineimage},
            {"R": px, "G": px, "B": px},
        ) as f:
            f.write(path)
        return Path(path).read_bytes()


@st.composite
def exr_cases(draw: st.DrawFn) -> Case:
    return {"env.exr": draw(mutated_bytes(_exr()))}, "env.exr"


@st.composite
def build_cases(draw: st.DrawFn) -> Case:
    good = {
        "format": "livery-build",
        "version": 1,
        "vehicle": "su7-ultra",
        "choices": {"paint": "amethyst"},
    }
    doc = draw(mutated_json(good))
    text = draw(
        st.just(json.dumps(doc, allow_nan=True))
        | st.sampled_from(["[" * 100000, '{"version": 1' + "0" * 5000 + "}", "\udcff"])
    )
    return {"b.json": text.encode("utf-8", "surrogatepass")}, "b.json"


share_codes = (
    st.text(max_size=40)
    | st.sampled_from(["", "1101-0000-0000-0MNQ", "A" * 5000, "O" * 20, "-" * 30])
    | st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ-", max_size=24)
)


@st.composite
def catalog_cases(draw: st.DrawFn) -> Case:
    import tomllib

    root = ASSETS / "catalog"
    name = draw(st.sampled_from(sorted(str(p.relative_to(root)) for p in root.rglob("*.toml"))))
    doc = tomllib.loads((root / name).read_text(encoding="utf-8"))
    text = toml_document(draw(mutated_json(doc)))
    raw = draw(
        st.just(text.encode("utf-8", "surrogatepass"))
        | st.sampled_from([b"\xff\xfe\x00", b"a = " + b"[" * 3000])
    )
    return {name: raw}, name


@st.composite
def job_cases(draw: st.DrawFn) -> Case:
    good = {
        "vehicles": ["su7-ultra", "car.stl"],
        "cameras": ["front34"],
        "environments": ["studio", "env.hdr"],
        "sizes": ["96x54"],
        "builds": [{"code": "1101-0000-0000-0MNQ"}, {"file": "b.json"}, {"random": 2, "seed": 1}],
    }
    doc = draw(mutated_json(good))
    text = toml_document(doc)
    files = {
        "job.toml": text.encode("utf-8", "surrogatepass"),
        "car.stl": _car_meshes()["car.stl"],
        "env.hdr": _hdr(16, 8, bytes([130, 130, 130, 129]) * 128),
        "b.json": b'{"format": "livery-build", "version": 1, "vehicle": "su7-ultra", "choices": {}}',
    }
    return files, "job.toml"


# -- running one case -------------------------------------------------------------------
@cache
def _catalog():  # type: ignore[no-untyped-def]
    from livery.catalog import load_catalog

    return load_catalog()


def _read_vehicle(folder: Path, main: str) -> None:
    from livery.vehicles.loaders import read_vehicle_file

    read_vehicle_file(folder / main, strict=False)


def _read_panorama(folder: Path, main: str) -> None:
    from livery.scene import skies

    skies.load_pixels(str(folder / main))


def _read_build(folder: Path, main: str) -> None:
    from livery.catalog.build import read_build_file

    read_build_file(_catalog(), folder / main)


def _read_share_code(folder: Path, code: str) -> None:
    from livery.catalog import state_from_share_code

    state_from_share_code(_catalog(), code)


def _read_catalog(folder: Path, main: str) -> None:
    from livery.catalog import load_catalog

    load_catalog(folder)


def _read_job(folder: Path, main: str) -> None:
    from livery.batch.job import load_job

    load_job(folder / main, _catalog())


def _read_candidates(folder: Path, main: str) -> None:
    from livery.catalog.candidate_import import read_candidates

    read_candidates(folder / main, _catalog())


def _expected() -> tuple[type[BaseException], ...]:
    """The project's own errors: a refusal that names the file and the problem (the
    ones the CLI turns into one line and exit status 2)."""
    from livery.cli import input_errors

    return input_errors()


@dataclass(frozen=True)
class Target:
    name: str
    cases: st.SearchStrategy
    read: Callable[[Path, str], None]  # (the case's folder, the file to open)
    #: Other refusals the reader documents (its callers map them to a message).
    also: tuple[type[BaseException], ...] = ()


TARGETS = {
    t.name: t
    for t in [
        Target("gltf", gltf_cases(), _read_vehicle),
        Target("glb", glb_cases(), _read_vehicle),
        Target("obj", obj_cases(), _read_vehicle),
        Target("stl", _mesh_bytes("stl")(), _read_vehicle),
        Target("ply", _mesh_bytes("ply")(), _read_vehicle),
        Target("off", _mesh_bytes("off")(), _read_vehicle),
        Target("manifest", manifest_cases(), _read_vehicle),
        Target("hdr", hdr_cases(), _read_panorama),
        Target("exr", exr_cases(), _read_panorama),
        # read_build_file raises UnicodeDecodeError for non-UTF-8 text, as Path.read_text
        # (BuildSession.open's contract; the commands and the app map it to a message).
        Target("build", build_cases(), _read_build, also=(UnicodeDecodeError,)),
        Target("sharecode", share_codes.map(lambda code: ({}, code)), _read_share_code),
        Target("catalog", catalog_cases(), _read_catalog),
        Target("job", job_cases(), _read_job),
        Target("draco", draco_cases(), _read_vehicle),
        Target("candidates", candidate_cases(), _read_candidates),
    ]
}


def run(target: Target, case: Case) -> None:
    """Read ``case`` with ``target``'s reader; raise whatever the reader raises."""
    files, main = case
    with tempfile.TemporaryDirectory(prefix="livery-fuzz-") as d:
        folder = Path(d)
        if target.name == "catalog":  # the shipped catalog, less the file the case replaces
            folder = Path(shutil.copytree(ASSETS / "catalog", folder / "catalog"))
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        target.read(folder, main)


def outcome(target: Target, case: Case) -> str:
    """ "ok" (read, or refused with the project's own error), else the failure's kind:
    the exception's type name ("MemoryError" included)."""
    try:
        run(target, case)
    except _expected() + target.also:
        return "ok"
    except Exception as e:  # noqa: BLE001 - that is what a fuzzer looks for
        return type(e).__name__
    return "ok"
