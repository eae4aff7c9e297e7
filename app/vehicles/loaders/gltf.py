"""glTF 2.0 reader (.gltf with .bin and images, and .glb), parsed with numpy.

Why our own parser rather than trimesh's: we need every material parameter the file
carries (clearcoat, transmission, texture transforms, the normal/occlusion/emissive
textures), the node tree for ``livery inspect``, compressed buffers (meshopt, Draco) and a
precise message for each way a file can be broken. Accessors are read as strided numpy
views, so a 2-million-triangle file costs a few array copies, not a Python loop.

Output: a RawScene in glTF's own frame (Y up, +Z forward, metres); frame.py normalises it.
UVs are flipped to the OpenGL convention (origin bottom-left, like trimesh does), with the
base colour texture's KHR_texture_transform already applied.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import struct
import urllib.parse
from pathlib import Path
from typing import Any

import numpy as np

from livery.fileio import InputFileError, inside_folder, present, read_capped
from livery.srgb import linear_to_srgb
from livery.vehicles.glb import CHUNK_BIN, CHUNK_JSON, GLB_MAGIC
from livery.vehicles.loaders.draco_header import DracoHeaderError
from livery.vehicles.loaders.draco_header import read_header as read_draco_header
from livery.vehicles.loaders.errors import VehicleLoadError
from livery.vehicles.loaders.raw import RawPart, RawScene, TreeNode, apply_linear, unique_name
from livery.vehicles.model import SourceMaterial, UVTransform

_COMPONENT = {
    5120: np.dtype(np.int8),
    5121: np.dtype(np.uint8),
    5122: np.dtype("<i2"),
    5123: np.dtype("<u2"),
    5125: np.dtype("<u4"),
    5126: np.dtype("<f4"),
}
_NORMALIZE = {5120: 127.0, 5121: 255.0, 5122: 32767.0, 5123: 65535.0, 5125: 4294967295.0}
#: Limits on what a file may ask for (README "Hostile input"): checked before anything is
#: allocated, so a small file cannot make the reader take minutes or gigabytes.
MAX_FILE_BYTES = 1 << 30  # a .gltf, .glb or .bin file
MAX_JSON_BYTES = 64 << 20  # the JSON of a .gltf or of a GLB's JSON chunk
MAX_NODES = 100_000
MAX_ACCESSOR_COUNT = 1 << 25  # elements in one accessor (33 million vertices or indices)
MAX_TEXTURE_SIDE = 16384  # pixels; and at most MAX_TEXTURE_PIXELS in all
MAX_TEXTURE_PIXELS = 1 << 26
#: What the safety net turns into a "corrupt glTF" message: a JSON value of a type or
#: size no check above foresaw (every field has one, so this is the last line).
_BAD_VALUE = (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError)

_WIDTH = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}

#: Extensions we read (or that only add material detail we may ignore without harm).
SUPPORTED_EXTENSIONS = frozenset(
    {
        "KHR_materials_clearcoat",
        "KHR_texture_transform",
        "KHR_mesh_quantization",
        "EXT_texture_webp",
        "KHR_materials_transmission",
        "KHR_materials_emissive_strength",
        "KHR_materials_sheen",
        "KHR_materials_ior",
        "KHR_materials_specular",
        "KHR_materials_volume",
        "KHR_materials_iridescence",
        "KHR_materials_anisotropy",
        "KHR_materials_dispersion",
        "KHR_materials_unlit",
        "KHR_materials_variants",
        "KHR_lights_punctual",
        "KHR_materials_pbrSpecularGlossiness",
    }
)
#: Compressed geometry: decoded when the named PyPI package is installed.
DECODED_EXTENSIONS = {
    "EXT_meshopt_compression": "meshoptimizer",
    "KHR_draco_mesh_compression": "DracoPy",
}


def _meshopt() -> Any:
    try:
        import meshoptimizer
    except ImportError:
        return None
    return meshoptimizer


def _draco() -> Any:
    try:
        import DracoPy
    except ImportError:
        return None
    return DracoPy


_DECODERS = {"EXT_meshopt_compression": _meshopt, "KHR_draco_mesh_compression": _draco}


def decoder_available(extension: str) -> bool:
    """Whether the decoder for a compressed-geometry extension is installed."""
    return _DECODERS[extension]() is not None


def read_gltf(path: Path, *, strict: bool = True) -> RawScene:
    """Read a .gltf or .glb file into a RawScene (glTF frame: Y up, +Z forward, metres)."""
    try:
        data = read_capped(path, MAX_FILE_BYTES, what="glTF file")
    except InputFileError as e:
        raise VehicleLoadError(path, e.problem) from None
    if data[:4] != GLB_MAGIC and len(data) > MAX_JSON_BYTES:
        raise VehicleLoadError(path, f"the glTF JSON is over {MAX_JSON_BYTES:,} bytes")
    try:
        return _read(path, data, strict)
    except RecursionError:
        raise VehicleLoadError(path, "corrupt glTF: the JSON is nested too deeply") from None
    except _BAD_VALUE as e:
        raise VehicleLoadError(
            path, f"corrupt glTF: a value of the wrong type or size ({e})"
        ) from None


def _read(path: Path, data: bytes, strict: bool) -> RawScene:
    if data[:4] == GLB_MAGIC:
        doc, bin_chunk = _split_glb(path, data)
    elif path.suffix.lower() == ".glb":
        if not data:
            raise VehicleLoadError(path, "the file is empty")
        raise VehicleLoadError(path, "not a GLB file: it does not start with the 'glTF' magic")
    else:
        doc, bin_chunk = _parse_json(path, data), None
    return _Reader(path, doc, bin_chunk, strict).read()


def _split_glb(path: Path, data: bytes) -> tuple[dict, bytes | None]:
    if len(data) < 12:
        raise VehicleLoadError(path, f"truncated GLB: {len(data)} bytes, shorter than its header")
    _, version, length = struct.unpack_from("<4sII", data)
    if version != 2:
        raise VehicleLoadError(path, f"GLB version {version} is not supported (only glTF 2.0)")
    if length > len(data):
        raise VehicleLoadError(
            path, f"truncated GLB: the header says {length} bytes, the file has {len(data)}"
        )
    offset, doc, bin_chunk = 12, None, None
    while offset + 8 <= length:
        size, kind = struct.unpack_from("<II", data, offset)
        start, end = offset + 8, offset + 8 + size
        if end > length:
            raise VehicleLoadError(
                path, f"truncated GLB: a chunk at byte {offset} runs past the end of the file"
            )
        if kind == CHUNK_JSON and doc is None:
            if size > MAX_JSON_BYTES:
                raise VehicleLoadError(
                    path, f"the GLB's JSON chunk is over {MAX_JSON_BYTES:,} bytes"
                )
            doc = _parse_json(path, data[start:end])
        elif kind == CHUNK_BIN and bin_chunk is None:
            bin_chunk = data[start:end]
        offset = end + (-end % 4)
    if doc is None:
        raise VehicleLoadError(path, "corrupt GLB: it has no JSON chunk")
    return doc, bin_chunk


def _parse_json(path: Path, raw: bytes) -> dict:
    if not raw.strip():
        raise VehicleLoadError(path, "the file is empty")
    try:
        doc = json.loads(raw.decode("utf-8").rstrip("\x00 "))
    except UnicodeDecodeError:
        raise VehicleLoadError(path, "not a glTF file: the content is not JSON text") from None
    except json.JSONDecodeError as e:
        raise VehicleLoadError(path, f"the glTF JSON is broken (truncated?): {e}") from None
    except ValueError as e:  # an integer of thousands of digits
        raise VehicleLoadError(path, f"the glTF JSON has an unreadable value: {e}") from None
    if not isinstance(doc, dict) or "asset" not in doc:
        raise VehicleLoadError(path, "not a glTF file: the JSON has no 'asset' object")
    version = str(doc["asset"].get("version", "")) if isinstance(doc["asset"], dict) else ""
    if not version.startswith("2"):
        raise VehicleLoadError(path, f"glTF version {version or '?'} is not supported (only 2.0)")
    return doc


def _numbers(node: dict, key: str, default: tuple[float, ...]) -> np.ndarray:
    """``node[key]``: exactly ``len(default)`` finite numbers, else ValueError."""
    value = node.get(key, default)
    if (
        not isinstance(value, list | tuple)
        or len(value) != len(default)
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError(f"'{key}' must be {len(default)} numbers, got {str(value)[:60]}")
    out = np.array([float(v) for v in value])
    if not np.all(np.isfinite(out)):
        raise ValueError(f"'{key}' has NaN or infinite numbers")
    return out


def _node_matrix(node: dict) -> np.ndarray:
    if "matrix" in node:
        return _numbers(node, "matrix", (0.0,) * 16).reshape(4, 4).T  # column-major in the file
    m = np.eye(4)
    x, y, z, w = _numbers(node, "rotation", (0.0, 0.0, 0.0, 1.0))
    n = np.sqrt(x * x + y * y + z * z + w * w) or 1.0
    x, y, z, w = x / n, y / n, z / n, w / n
    rot = np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )
    m[:3, :3] = rot * _numbers(node, "scale", (1.0, 1.0, 1.0))
    m[:3, 3] = _numbers(node, "translation", (0.0, 0.0, 0.0))
    return m


def _count(value: Any, what: str, limit: int = 1 << 62) -> int:
    """A JSON integer in 0..limit, else ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise ValueError(f"{what} must be a whole number 0..{limit:,}, got {str(value)[:40]}")
    return value


_IDENTITY = np.eye(4)


def _triangles(indices: np.ndarray, mode: int) -> np.ndarray:
    """Triangle list from TRIANGLES (4), TRIANGLE_STRIP (5) or TRIANGLE_FAN (6) indices."""
    if mode == 4:
        n = len(indices) - len(indices) % 3
        return indices[:n].reshape(-1, 3)
    if len(indices) < 3:
        return np.empty((0, 3), dtype=indices.dtype)
    k = np.arange(len(indices) - 2)
    if mode == 5:  # every other strip triangle is flipped to keep the winding
        even = (k % 2) == 0
        a = indices[k]
        b = np.where(even, indices[k + 1], indices[k + 2])
        c = np.where(even, indices[k + 2], indices[k + 1])
        return np.stack([a, b, c], axis=1)
    return np.stack([np.full_like(k, indices[0]), indices[k + 1], indices[k + 2]], axis=1)


class _Reader:
    def __init__(self, path: Path, doc: dict, bin_chunk: bytes | None, strict: bool) -> None:
        self.path = path
        self.doc = doc
        self.bin_chunk = bin_chunk
        self.strict = strict
        self.warnings: list[str] = []
        self._buffers: dict[int, bytes] = {}
        self._views: dict[int, bytes] = {}
        self._images: dict[int, np.ndarray | None] = {}
        self._materials: dict[int, tuple[SourceMaterial, int]] = {}
        self._skipped: dict[str, int] = {}

    # -- errors -------------------------------------------------------------------------------
    def fail(self, problem: str) -> VehicleLoadError:
        return VehicleLoadError(self.path, problem)

    def item(self, key: str, index: Any, what: str) -> dict:
        items = self.doc.get(key)
        if not isinstance(index, int) or not isinstance(items, list) or not 0 <= index < len(items):
            raise self.fail(f"corrupt glTF: {what} refers to {key}[{index}], which does not exist")
        value = items[index]
        if not isinstance(value, dict):
            raise self.fail(f"corrupt glTF: {key}[{index}] is not an object")
        return value

    def skipped(self, what: str) -> None:
        """Count one dropped piece of garbage; read() reports each kind once with its count."""
        self._skipped[what] = self._skipped.get(what, 0) + 1

    def texture_problem(self, problem: str) -> None:
        if self.strict:
            raise self.fail(problem)
        self.warnings.append(problem)

    # -- whole file ---------------------------------------------------------------------------
    def read(self) -> RawScene:
        self.check_extensions()
        nodes = self.doc.get("nodes", [])
        if not isinstance(nodes, list):
            raise self.fail("corrupt glTF: 'nodes' is not a list")
        if len(nodes) > MAX_NODES:
            raise self.fail(f"the file has {len(nodes):,} nodes; at most {MAX_NODES:,} are read")
        roots = self.scene_roots(nodes)
        parts: list[RawPart] = []
        tree: list[TreeNode] = []
        taken: set[str] = set()
        seen: set[int] = set()
        stack: list[tuple[int, np.ndarray, int, str]] = [(r, np.eye(4), 0, "") for r in roots[::-1]]
        while stack:
            index, parent, depth, parent_path = stack.pop()
            if index in seen:
                raise self.fail(f"corrupt glTF: node {index} appears twice in the hierarchy")
            seen.add(index)
            node = self.item("nodes", index, "the scene")
            try:
                world = parent @ _node_matrix(node)
            except ValueError as e:
                raise self.fail(f"corrupt glTF: node {index}: {e}") from None
            if not np.all(np.isfinite(world)):
                raise self.fail(f"node {index} has a transform with NaN or infinite numbers")
            mesh = self.item("meshes", node["mesh"], f"node {index}") if "mesh" in node else None
            label = str(node.get("name") or (mesh or {}).get("name") or f"node{index}")
            node_path = f"{parent_path}/{label}" if parent_path else label
            tree_node = TreeNode(label, depth)
            tree.append(tree_node)
            if mesh is not None and abs(np.linalg.det(world[:3, :3])) < 1e-30:
                self.skipped("meshes under a zero-scale (singular) transform")
            elif mesh is not None:
                extras = node.get("extras")
                hint = extras.get("livery_slot") if isinstance(extras, dict) else None
                for part in self.mesh_parts(mesh, node["mesh"], label, node_path, world, taken):
                    part.slot_hint = hint if isinstance(hint, str) else None
                    tree_node.parts.append(part.name)
                    parts.append(part)
            children = node.get("children", [])
            if not isinstance(children, list):
                raise self.fail(f"corrupt glTF: node {index}: 'children' is not a list")
            for child in children[::-1]:
                stack.append((child, world, depth + 1, node_path))
        self.warnings += [f"{n} {what} skipped" for what, n in self._skipped.items()]
        return RawScene(
            parts=parts,
            tree=tree,
            up="y",
            forward="+z",
            unit=1.0,
            format="glTF binary (GLB)" if self.bin_chunk is not None else "glTF",
            warnings=self.warnings,
        )

    def check_extensions(self) -> None:
        for name in self.doc.get("extensionsRequired", []) or []:
            if name in SUPPORTED_EXTENSIONS:
                continue
            if name in DECODED_EXTENSIONS:
                if not decoder_available(name):
                    raise self.fail(
                        f"the file needs the glTF extension {name} (compressed geometry) and "
                        f"its decoder is not installed: pip install {DECODED_EXTENSIONS[name]}"
                    )
                continue
            if name == "KHR_texture_basisu":
                raise self.fail(
                    "the file needs the glTF extension KHR_texture_basisu (KTX2/Basis "
                    "textures), which Livery Studio cannot decode; export with PNG, JPEG or "
                    "WebP textures instead"
                )
            raise self.fail(
                f"the file needs the glTF extension {name}, which Livery Studio does not support"
            )

    def scene_roots(self, nodes: list) -> list[int]:
        scenes = self.doc.get("scenes")
        if scenes:
            index = self.doc.get("scene", 0)
            scene = self.item("scenes", index, "'scene'")
            roots = scene.get("nodes", [])
            if not isinstance(roots, list):
                raise self.fail(f"corrupt glTF: scene {index}: 'nodes' is not a list")
            return list(roots)
        children = {
            c
            for n in nodes
            if isinstance(n, dict) and isinstance(n.get("children", []), list)
            for c in n.get("children", [])
            if isinstance(c, int)
        }
        return [i for i in range(len(nodes)) if i not in children]

    # -- buffers and accessors ----------------------------------------------------------------
    def buffer(self, index: int) -> bytes:
        if index in self._buffers:
            return self._buffers[index]
        buf = self.item("buffers", index, "a buffer view")
        uri = buf.get("uri")
        if "byteLength" not in buf:
            raise self.fail(f"corrupt glTF: buffer {index} has no byteLength")
        need = _count(buf["byteLength"], f"byteLength of buffer {index}", MAX_FILE_BYTES)
        if uri is not None and not isinstance(uri, str):
            raise self.fail(f"corrupt glTF: the uri of buffer {index} is not a string")
        if uri is None:
            if self.bin_chunk is None or index != 0:
                if (buf.get("extensions") or {}).get("EXT_meshopt_compression", {}).get("fallback"):
                    raise self.fail(f"buffer {index} is a meshopt fallback with no data")
                raise self.fail(f"buffer {index} has no data (no uri and no GLB binary chunk)")
            data = self.bin_chunk
            label = "the GLB binary chunk"
        elif uri.startswith("data:"):
            try:
                data = base64.b64decode(uri.split(",", 1)[1], validate=False)
            except (IndexError, binascii.Error):
                raise self.fail(f"buffer {index} has a broken data: URI") from None
            label = f"buffer {index} (data URI)"
        else:
            try:
                file = inside_folder(self.path.parent, self.local_uri(uri), owner=self.path)
            except InputFileError as e:
                raise self.fail(
                    f"buffer {index} {e.problem}; only its own folder is read"
                ) from None
            if not present(file):
                raise VehicleLoadError(
                    file, f"the buffer file {uri!r} that {self.path.name} needs is missing"
                )
            try:
                data = read_capped(file, MAX_FILE_BYTES, what="glTF buffer")
            except InputFileError as e:
                raise VehicleLoadError(file, f"buffer file {uri!r}: {e.problem}") from None
            label = f"buffer file {uri!r}"
        if len(data) < need:
            raise self.fail(f"{label} is truncated: it has {len(data)} bytes, the file says {need}")
        self._buffers[index] = data
        return data

    @staticmethod
    def local_uri(uri: str) -> str:
        """A relative URI as a path; any scheme (file:, http:) is refused as outside."""
        if ":" in uri.split("/", 1)[0] and len(uri.split(":", 1)[0]) > 1:
            raise InputFileError(uri, f"refers to {uri!r} outside its folder (a URL)")
        return urllib.parse.unquote(uri)

    def view(self, index: int) -> tuple[bytes, int | None]:
        """The bytes of a buffer view (decompressed if needed) and its byteStride."""
        view = self.item("bufferViews", index, "an accessor")
        stride = view.get("byteStride")
        if stride is not None and (
            _count(stride, f"byteStride of buffer view {index}") % 4 or not 4 <= stride <= 252
        ):
            raise self.fail(f"corrupt glTF: buffer view {index} has a byteStride of {stride}")
        if index in self._views:
            return self._views[index], stride
        meshopt = (view.get("extensions") or {}).get("EXT_meshopt_compression")
        if meshopt is not None:
            data = self.meshopt_view(index, meshopt)
            stride = int(meshopt["byteStride"])
        else:
            buf = self.buffer(view.get("buffer", -1))
            start = _count(view.get("byteOffset", 0), f"byteOffset of buffer view {index}")
            end = start + _count(view.get("byteLength"), f"byteLength of buffer view {index}")
            if end > len(buf):
                raise self.fail(
                    f"truncated or corrupt glTF: buffer view {index} ends at byte {end}, "
                    f"past the end of its buffer ({len(buf)} bytes)"
                )
            data = buf[start:end]
        self._views[index] = data
        return data, stride

    def meshopt_view(self, index: int, ext: dict) -> bytes:
        lib = _meshopt()
        if lib is None:
            raise self.fail(
                "the file uses the glTF extension EXT_meshopt_compression and its decoder is "
                "not installed: pip install meshoptimizer"
            )
        buf = self.buffer(ext.get("buffer", -1))
        start = _count(ext.get("byteOffset", 0), f"meshopt byteOffset of buffer view {index}")
        src = buf[start : start + _count(ext["byteLength"], f"meshopt byteLength of view {index}")]
        count = _count(ext["count"], f"meshopt count of buffer view {index}", MAX_ACCESSOR_COUNT)
        stride = _count(ext["byteStride"], f"meshopt byteStride of buffer view {index}", 256)
        mode, filt = ext.get("mode", "ATTRIBUTES"), ext.get("filter", "NONE")
        try:
            if mode == "ATTRIBUTES":
                out = lib.decode_vertex_buffer(
                    count, stride, src, dtype=np.dtype((np.void, stride))
                )
                out = np.frombuffer(out.tobytes(), dtype=np.uint8)
                if filt == "OCTAHEDRAL":
                    out = lib.decode_filter_oct(out, count, stride)
                elif filt == "QUATERNION":
                    out = lib.decode_filter_quat(out, count, stride)
                elif filt == "EXPONENTIAL":
                    out = lib.decode_filter_exp(out, count, stride)
                return out.tobytes()
            if mode not in ("TRIANGLES", "INDICES"):
                raise ValueError(f"unknown mode {mode!r}")
            if stride not in (2, 4):
                raise ValueError(f"index byteStride {stride} (must be 2 or 4)")
            # The encoded stream does not depend on the index width, so decode to 32 bits and
            # narrow here: the meshoptimizer package returns a uint32 array of `count` items
            # even for 2-byte indices, holding them *packed* (two per item) in its first
            # half, so reading its values as 16-bit indices scrambled every mesh.
            decode = lib.decode_index_buffer if mode == "TRIANGLES" else lib.decode_index_sequence
            indices = np.asarray(decode(count, 4, src))
            indices = np.frombuffer(indices.tobytes(), dtype="<u4", count=count)
            if stride == 2:
                if count and int(indices.max()) > 0xFFFF:
                    raise ValueError("an index does not fit the 2-byte byteStride")
                return indices.astype("<u2").tobytes()
            return indices.tobytes()
        except (RuntimeError, ValueError) as e:
            raise self.fail(f"corrupt meshopt-compressed buffer view {index}: {e}") from None

    def accessor(self, index: int) -> np.ndarray:
        """Accessor values as an (count, width) array; normalised integers become float32."""
        acc = self.item("accessors", index, "a mesh primitive")
        try:
            dtype = _COMPONENT[acc["componentType"]]
            width = _WIDTH[acc["type"]]
            count = _count(acc["count"], f"count of accessor {index}", MAX_ACCESSOR_COUNT)
        except (KeyError, TypeError) as e:
            raise self.fail(f"corrupt glTF: accessor {index} has a missing or bad {e}") from None
        except ValueError as e:
            raise self.fail(f"corrupt glTF: {e}") from None
        if "bufferView" in acc:
            data, stride = self.view(acc["bufferView"])
            item = dtype.itemsize * width
            stride = stride or item
            offset = _count(acc.get("byteOffset", 0), f"byteOffset of accessor {index}")
            end = offset + stride * (count - 1) + item if count else offset
            if end > len(data):
                raise self.fail(
                    f"truncated or corrupt glTF: accessor {index} reads {end} bytes from buffer "
                    f"view {acc['bufferView']}, which has {len(data)}"
                )
            out = np.ndarray(
                (count, width),
                dtype=dtype,
                buffer=data,
                offset=offset,
                strides=(stride, dtype.itemsize),
            ).copy()
        else:
            out = np.zeros((count, width), dtype=dtype)
        if "sparse" in acc:
            self.apply_sparse(index, acc["sparse"], out, dtype, width)
        if acc.get("normalized") and acc["componentType"] in _NORMALIZE:
            scale = _NORMALIZE[acc["componentType"]]
            out = out.astype(np.float32) / np.float32(scale)
            if np.issubdtype(dtype, np.signedinteger):
                np.maximum(out, -1.0, out=out)
        return out

    def apply_sparse(self, index: int, sparse: dict, out: np.ndarray, dtype, width: int) -> None:
        n = _count(sparse.get("count", 0), f"sparse count of accessor {index}", len(out))
        try:
            idx_info, val_info = sparse["indices"], sparse["values"]
            idx_dtype = _COMPONENT[idx_info["componentType"]]
            idx_data, _ = self.view(idx_info["bufferView"])
            val_data, _ = self.view(val_info["bufferView"])
            idx = np.frombuffer(idx_data, idx_dtype, n, int(idx_info.get("byteOffset", 0)))
            val = np.frombuffer(val_data, dtype, n * width, int(val_info.get("byteOffset", 0)))
        except (KeyError, ValueError) as e:
            raise self.fail(
                f"corrupt glTF: sparse data of accessor {index} is broken ({e})"
            ) from None
        if n and idx.max() >= len(out):
            raise self.fail(f"corrupt glTF: sparse indices of accessor {index} are out of range")
        out[idx.astype(np.int64)] = val.reshape(n, width)

    # -- meshes -------------------------------------------------------------------------------
    def mesh_parts(
        self,
        mesh: dict,
        mesh_index: int,
        label: str,
        node_path: str,
        world: np.ndarray,
        taken: set[str],
    ) -> list[RawPart]:
        prims = mesh.get("primitives", [])
        out = []
        if not isinstance(prims, list):
            raise self.fail(f"corrupt glTF: mesh {mesh_index}: 'primitives' is not a list")
        for k, prim in enumerate(prims):
            if not isinstance(prim, dict):
                raise self.fail(f"corrupt glTF: mesh {mesh_index} primitive {k} is not an object")
            mode = prim.get("mode", 4)
            if mode not in (4, 5, 6):
                if mode not in (0, 1, 2, 3) or isinstance(mode, bool):
                    self.skipped("primitives of an unknown mode")
                continue  # points and lines have no surface to paint
            mat_index = prim.get("material")
            material, uv_set = (
                self.material(mat_index) if mat_index is not None else (SourceMaterial(), 0)
            )
            vertices, faces, normals, uvs = self.primitive(prim, mesh_index, k, uv_set)
            if len(faces) == 0:
                continue
            name = label
            if len(prims) > 1:
                name = f"{label}/{material.name or f'primitive{k}'}"
            rot = world[:3, :3]
            if not np.array_equal(world, _IDENTITY):  # most nodes of big files have none
                vertices = apply_linear(vertices, rot) + world[:3, 3]
                if normals is not None:
                    normals = apply_linear(normals, np.linalg.inv(rot).T)
                if np.linalg.det(rot) < 0:  # a mirroring transform flips the winding
                    faces = faces[:, ::-1].copy()
            if normals is not None:  # unit length also for quantised (KHR_mesh_quantization)
                length = np.sqrt(np.einsum("ij,ij->i", normals, normals))[:, None]
                normals = (normals / np.where(length > 0, length, 1.0)).astype(np.float32)
            if material.uv_transform is not None and uvs is not None:
                uvs = material.uv_transform.apply(uvs)
            if uvs is not None:
                uvs = np.column_stack([uvs[:, 0], 1.0 - uvs[:, 1]]).astype(np.float32)
            out.append(
                RawPart(
                    name=unique_name(name, taken),
                    path=node_path if len(prims) == 1 else f"{node_path}/{name.rsplit('/', 1)[-1]}",
                    vertices=vertices,
                    faces=faces,
                    normals=normals,
                    uvs=uvs,
                    material=material,
                    mesh_name=str(mesh.get("name", f"mesh{mesh_index}")),
                )
            )
        return out

    def primitive(self, prim: dict, mesh_index: int, k: int, uv_set: int):
        where = f"mesh {mesh_index} primitive {k}"
        attrs = prim.get("attributes", {})
        draco = (prim.get("extensions") or {}).get("KHR_draco_mesh_compression")
        if draco is not None and (
            _draco() is not None
            or "POSITION" not in attrs
            or "bufferView" not in self.item("accessors", attrs["POSITION"], where)
        ):
            positions, indices, normals, uvs = self.draco(draco, attrs, where, uv_set)
        else:
            if "POSITION" not in attrs:
                raise self.fail(f"corrupt glTF: {where} has no POSITION attribute")
            positions = self.accessor(attrs["POSITION"])
            if positions.shape[1] != 3:
                raise self.fail(f"corrupt glTF: POSITION of {where} is not a VEC3 accessor")
            indices = (
                self.accessor(prim["indices"])[:, 0]
                if "indices" in prim
                else np.arange(len(positions), dtype=np.uint32)
            )
            normals = self.accessor(attrs["NORMAL"]) if "NORMAL" in attrs else None
            uv_key = f"TEXCOORD_{uv_set}"
            uvs = self.accessor(attrs[uv_key]) if uv_key in attrs else None
        n = len(positions)
        if len(indices) and int(indices.max()) >= n:
            raise self.fail(f"corrupt glTF: {where} has indices past its {n} vertices")
        faces = _triangles(indices, prim.get("mode", 4)).astype(np.int32, copy=False)
        positions = positions.astype(np.float32, copy=False)
        if normals is not None:
            normals = normals[:, :3].astype(np.float32) if len(normals) == n else None
        if uvs is not None:
            uvs = uvs[:, :2].astype(np.float32) if len(uvs) == n else None
        return positions, faces, normals, uvs

    def draco(self, ext: dict, attributes: dict, where: str, uv_set: int):
        lib = _draco()
        if lib is None:
            raise self.fail(
                "the file uses the glTF extension KHR_draco_mesh_compression and its decoder is "
                "not installed: pip install DracoPy"
            )
        data, _ = self.view(ext["bufferView"])
        try:
            header = read_draco_header(bytes(data))
        except DracoHeaderError as e:
            raise self.fail(f"Draco-compressed geometry in {where}: {e}") from None
        vertices, faces = header.vertices or 0, header.faces or 0
        if vertices > MAX_ACCESSOR_COUNT or faces * 3 > MAX_ACCESSOR_COUNT:
            raise self.fail(
                f"the Draco-compressed geometry in {where} declares {vertices:,} vertices "
                f"and {faces:,} triangles; at most {MAX_ACCESSOR_COUNT:,} of each are read"
            )
        try:
            mesh = lib.decode(bytes(data))
        except Exception as e:  # DracoPy raises its own types and plain ValueErrors
            raise self.fail(f"corrupt Draco-compressed geometry in {where}: {e}") from None
        ids = ext.get("attributes", {})

        def attribute(key: str) -> np.ndarray | None:
            if key not in ids:
                return None
            found = mesh.get_attribute_by_unique_id(ids[key])
            return None if found is None else np.asarray(found["data"], dtype=np.float32)

        positions = attribute("POSITION")
        if positions is None:
            positions = np.asarray(mesh.points, dtype=np.float32).reshape(-1, 3)
        faces = np.asarray(mesh.faces, dtype=np.uint32).reshape(-1)
        declared = (
            self.item("accessors", attributes["POSITION"], where).get("count")
            if "POSITION" in attributes
            else None
        )
        if isinstance(declared, int) and declared != len(positions):
            raise self.fail(
                f"corrupt glTF: the Draco stream of {where} decodes to {len(positions):,} "
                f"vertices, its POSITION accessor declares {declared:,}"
            )
        return positions, faces, attribute("NORMAL"), attribute(f"TEXCOORD_{uv_set}")

    # -- materials and textures ---------------------------------------------------------------
    def material(self, index: int) -> tuple[SourceMaterial, int]:
        """The SourceMaterial of a glTF material and the UV set its base colour reads."""
        if index in self._materials:
            return self._materials[index]
        m = self.item("materials", index, "a mesh primitive")
        name = str(m.get("name") or f"material{index}")
        pbr = m.get("pbrMetallicRoughness", {}) or {}
        exts = m.get("extensions", {}) or {}
        r, g, b, a = (list(pbr.get("baseColorFactor", [1, 1, 1, 1])) + [1, 1, 1, 1])[:4]
        coat = exts.get("KHR_materials_clearcoat", {}) or {}
        emissive = [float(c) for c in m.get("emissiveFactor", [0, 0, 0])][:3]
        strength = (exts.get("KHR_materials_emissive_strength") or {}).get("emissiveStrength")
        if strength is not None:
            emissive = [c * float(strength) for c in emissive]
        fields: dict[str, Any] = {}
        transforms: dict[str, UVTransform] = {}
        uv_set = 0
        slots = {
            "base_color": pbr.get("baseColorTexture"),
            "metallic_roughness": pbr.get("metallicRoughnessTexture"),
            "normal": m.get("normalTexture"),
            "occlusion": m.get("occlusionTexture"),
            "emissive": m.get("emissiveTexture"),
        }
        for kind, info in slots.items():
            if not isinstance(info, dict):
                continue
            transform = self.uv_transform(info)
            if kind == "base_color":
                uv_set = transform.tex_coord if transform else int(info.get("texCoord", 0))
                fields["uv_transform"] = transform
            elif transform is not None:
                transforms[kind] = transform
            fields[f"{kind}_texture"] = self.texture(info.get("index"), f"material {name!r}")
        if isinstance(slots["normal"], dict):
            fields["normal_scale"] = float(slots["normal"].get("scale", 1.0))
        if isinstance(slots["occlusion"], dict):
            fields["occlusion_strength"] = float(slots["occlusion"].get("strength", 1.0))
        material = SourceMaterial(
            name=name,
            base_color=(
                *map(float, linear_to_srgb(np.minimum([float(r), float(g), float(b)], 1.0))),
                float(a),
            ),
            metallic=float(pbr.get("metallicFactor", 1.0)),
            roughness=float(pbr.get("roughnessFactor", 1.0)),
            emissive=(emissive[0], emissive[1], emissive[2]) if len(emissive) == 3 else (0, 0, 0),
            clearcoat=float(coat.get("clearcoatFactor", 0.0)),
            clearcoat_roughness=float(coat.get("clearcoatRoughnessFactor", 0.0)),
            transmission=float(
                (exts.get("KHR_materials_transmission") or {}).get("transmissionFactor", 0.0)
            ),
            alpha_mode=str(m.get("alphaMode", "OPAQUE")),
            double_sided=bool(m.get("doubleSided", False)),
            texture_transforms=transforms,
            **fields,
        )
        self._materials[index] = (material, uv_set)
        return self._materials[index]

    @staticmethod
    def uv_transform(info: dict) -> UVTransform | None:
        t = (info.get("extensions") or {}).get("KHR_texture_transform")
        if not isinstance(t, dict):
            return None
        offset = t.get("offset", [0.0, 0.0])
        scale = t.get("scale", [1.0, 1.0])
        return UVTransform(
            offset=(float(offset[0]), float(offset[1])),
            rotation=float(t.get("rotation", 0.0)),
            scale=(float(scale[0]), float(scale[1])),
            tex_coord=int(t.get("texCoord", info.get("texCoord", 0))),
        )

    def texture(self, index: Any, user: str) -> np.ndarray | None:
        if index is None:
            return None
        tex = self.item("textures", index, user)
        exts = tex.get("extensions", {}) or {}
        source = tex.get("source")
        for key in ("EXT_texture_webp", "EXT_texture_avif", "KHR_texture_basisu"):
            if key in exts and "source" in exts[key]:
                source = exts[key]["source"] if key != "KHR_texture_basisu" else source
                if key == "KHR_texture_basisu" and source is None:
                    self.texture_problem(
                        f"texture {index} is a KTX2/Basis image (KHR_texture_basisu), "
                        "which cannot be decoded; the material is used without it"
                    )
                    return None
                break
        if source is None:
            return None
        return self.image(int(source))

    def image(self, index: int) -> np.ndarray | None:
        if index in self._images:
            return self._images[index]
        img = self.item("images", index, "a texture")
        uri = img.get("uri")
        label = f"image {index}"
        data: bytes | None = None
        if "bufferView" in img:
            data, _ = self.view(img["bufferView"])
        elif isinstance(uri, str) and uri.startswith("data:"):
            try:
                data = base64.b64decode(uri.split(",", 1)[1])
            except (IndexError, binascii.Error):
                self.texture_problem(f"texture {label} has a broken data: URI")
        elif isinstance(uri, str):
            label = f"texture {uri!r}"
            try:
                file = inside_folder(self.path.parent, self.local_uri(uri), owner=self.path)
            except InputFileError as e:  # refused whatever ``strict`` says: never read
                self.warnings.append(f"texture {e.problem}; refused, drawn without it")
                file = None
            if file is not None and not present(file):
                self.texture_problem(f"the texture file {uri!r} is missing (looked for {file})")
            elif file is not None:
                try:
                    data = read_capped(file, MAX_FILE_BYTES, what="texture")
                except InputFileError as e:
                    self.texture_problem(f"texture {uri!r}: {e.problem}")
        self._images[index] = None if data is None else self.decode_image(bytes(data), label)
        return self._images[index]

    def decode_image(self, data: bytes, label: str) -> np.ndarray | None:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
                if max(w, h) > MAX_TEXTURE_SIDE or w * h > MAX_TEXTURE_PIXELS:
                    self.texture_problem(
                        f"{label} is {w}x{h} pixels; textures may be at most "
                        f"{MAX_TEXTURE_SIDE} a side and {MAX_TEXTURE_PIXELS:,} pixels"
                    )
                    return None
                if im.mode not in ("RGB", "RGBA"):
                    im = im.convert(
                        "RGBA" if "A" in im.getbands() or "transparency" in im.info else "RGB"
                    )
                return np.asarray(im, dtype=np.uint8).copy()
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as e:
            self.texture_problem(f"{label} cannot be decoded as an image: {e}")
            return None
