"""Deterministic stand-in cars: a low fastback sedan and a coupe-SUV.

The app ships these so it can show a believable car without licensed CAD data.
``generate`` builds a car from numbers (no randomness, so output is identical
run to run); ``python -m livery.vehicles.standin [OUTDIR]`` writes the GLB files
that ``load_standin`` reads back.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import livery
from livery.slots import Slot
from livery.vehicles.glb import write_glb
from livery.vehicles.loaders import load_vehicle_file
from livery.vehicles.model import Part, SourceMaterial, VehicleModel
from livery.vehicles.standin_badges import badge, lightning_decal
from livery.vehicles.standin_body import BodyShape, BodySpec
from livery.vehicles.standin_details import (
    Panels,
    diffuser_fins,
    door_handles,
    grille,
    lamp_internals,
    shut_lines,
    wipers,
)
from livery.vehicles.standin_geometry import Mesh, concat
from livery.vehicles.standin_interior import CabinSpec, cabin_parts, shell_lining
from livery.vehicles.standin_parts import (
    Axle,
    arch_field,
    arch_liner,
    capsule_sdf,
    cut,
    mirror_pod,
    rounded_box_sdf,
    tyre_hub_y,
)
from livery.vehicles.standin_wheels import WheelSpec, wheel_parts

HALF = 4.997 / 2


@dataclass(frozen=True)
class CarSpec:
    """Everything that makes one stand-in."""

    id: str
    name: str
    body: BodySpec
    cabin: CabinSpec
    front_axle_x: float
    front_wheel: WheelSpec
    rear_wheel: WheelSpec
    arch_gap: float
    glass_x: tuple[float, float]  # rear window foot .. windscreen foot
    dlo_front: tuple[tuple[float, float], tuple[float, float]]  # side glass front edge (x, z)
    dlo_rear: tuple[tuple[float, float], tuple[float, float]]  # side glass rear edge (x, z)
    b_pillar: tuple[float, float]  # (x, half width) of the dark B-pillar
    lamp_z: float
    tail_bar_z: float
    badge_z: tuple[float, float]  # front, rear
    badge_radius: tuple[float, float]  # front, rear
    decal: tuple[float, float, float, float]  # bolt box in side view: x0, z0, length, height
    cladding_z: float  # top of the dark lower cladding (0: sills only)
    mirror: tuple[float, float]  # (x, z) of the mirror arm


SEDAN = CarSpec(
    id="su7-ultra",
    name="Stand-in sport sedan (SU7 Ultra class)",
    body=BodySpec(
        length=4.997,
        top=(
            (-HALF, 0.90),
            (-2.43, 0.945),
            (-2.30, 0.935),
            (-2.05, 0.975),
            (-1.55, 1.17),
            (-0.95, 1.37),
            (-0.35, 1.45),
            (0.10, 1.42),
            (0.55, 1.17),
            (0.95, 0.88),
            (1.55, 0.80),
            (2.20, 0.73),
            (HALF, 0.66),
        ),
        bottom=(
            (-HALF, 0.34),
            (-2.2, 0.23),
            (-1.8, 0.115),
            (1.9, 0.11),
            (2.3, 0.165),
            (HALF, 0.27),
        ),
        belt=((-HALF, 0.93), (-1.5, 0.95), (-0.5, 0.92), (0.6, 0.88), (1.5, 0.80), (HALF, 0.72)),
        half_width=(
            (-HALF, 0.89),
            (-2.2, 0.955),
            (-1.45, 0.9815),
            (-0.6, 0.942),
            (0.5, 0.944),
            (1.55, 0.962),
            (2.2, 0.945),
            (HALF, 0.89),
        ),
        shoulder=((-HALF, 0.12), (-1.45, 0.235), (-0.5, 0.13), (0.6, 0.12), (HALF, 0.10)),
        roof_half_width=((-HALF, 0.55), (-1.5, 0.58), (-0.4, 0.62), (0.5, 0.64), (HALF, 0.6)),
        roof_z=1.45,
    ),
    cabin=CabinSpec(
        hip_z=0.40,
        front_x=-0.12,
        rear_x=-1.05,
        dash_x=0.72,
        dash_z=0.76,
        floor_z=0.24,
        screen_x=0.98,
        pillar_x=-0.36,
    ),
    front_axle_x=HALF - 0.95,
    front_wheel=WheelSpec(0.352, 0.245, 0.254),
    rear_wheel=WheelSpec(0.352, 0.265, 0.254),
    arch_gap=0.045,
    glass_x=(-1.98, 0.98),
    dlo_front=((0.62, 0.97), (0.16, 1.31)),
    dlo_rear=((-1.62, 0.98), (-1.05, 1.30)),
    b_pillar=(-0.36, 0.035),
    lamp_z=0.60,
    tail_bar_z=0.875,
    badge_z=(0.62, 0.78),
    badge_radius=(0.058, 0.052),
    decal=(-1.02, 0.45, 2.08, 0.25),
    cladding_z=0.0,
    mirror=(0.80, 0.90),
)

SUV = CarSpec(
    id="yu7-max",
    name="Stand-in coupe-SUV (YU7 Max class)",
    body=BodySpec(
        length=4.999,
        top=(
            (-2.4995, 1.09),
            (-2.44, 1.13),
            (-2.34, 1.125),
            (-2.12, 1.21),
            (-1.65, 1.38),
            (-1.05, 1.525),
            (-0.45, 1.595),
            (-0.05, 1.60),
            (0.30, 1.50),
            (0.74, 1.15),
            (1.10, 1.11),
            (1.65, 1.085),
            (2.20, 1.05),
            (2.4995, 1.00),
        ),
        bottom=(
            (-2.4995, 0.50),
            (-2.2, 0.36),
            (-1.8, 0.195),
            (1.9, 0.19),
            (2.3, 0.30),
            (2.4995, 0.46),
        ),
        belt=(
            (-2.4995, 1.15),
            (-1.5, 1.16),
            (-0.5, 1.125),
            (0.6, 1.10),
            (1.5, 1.05),
            (2.4995, 0.97),
        ),
        half_width=(
            (-2.4995, 0.92),
            (-2.2, 0.975),
            (-1.45, 0.998),
            (-0.6, 0.972),
            (0.5, 0.972),
            (1.55, 0.990),
            (2.2, 0.97),
            (2.4995, 0.92),
        ),
        shoulder=((-2.4995, 0.15), (-1.45, 0.215), (-0.5, 0.15), (0.6, 0.14), (2.4995, 0.10)),
        roof_half_width=((-2.4995, 0.56), (-1.5, 0.62), (-0.4, 0.66), (0.5, 0.68), (2.4995, 0.64)),
        roof_z=1.60,
        nose=0.40,
        tail=0.36,
        nose_exp=3.6,
    ),
    cabin=CabinSpec(
        hip_z=0.58,
        front_x=-0.32,
        rear_x=-1.20,
        dash_x=0.50,
        dash_z=0.96,
        floor_z=0.36,
        screen_x=0.75,
        pillar_x=-0.42,
    ),
    front_axle_x=2.4995 - 0.95,
    front_wheel=WheelSpec(0.386, 0.265, 0.267),
    rear_wheel=WheelSpec(0.386, 0.285, 0.267),
    arch_gap=0.04,
    glass_x=(-2.12, 0.75),
    dlo_front=((0.50, 1.16), (0.02, 1.52)),
    dlo_rear=((-1.85, 1.19), (-1.25, 1.50)),
    b_pillar=(-0.42, 0.038),
    lamp_z=0.82,
    tail_bar_z=1.085,
    badge_z=(0.84, 0.97),
    badge_radius=(0.060, 0.054),
    decal=(-1.02, 0.62, 2.08, 0.26),
    cladding_z=0.44,
    mirror=(0.56, 1.11),
)

CARS = {c.id: c for c in (SEDAN, SUV)}
VEHICLE_IDS: tuple[str, ...] = tuple(CARS)

#: Display materials written into the GLB so other viewers show sensible colours.
_COLOURS: dict[Slot, tuple[tuple[float, float, float, float], float, float]] = {
    Slot.BODY: ((0.08, 0.22, 0.45, 1.0), 0.6, 0.3),
    Slot.GLASS: ((0.04, 0.05, 0.06, 0.45), 0.0, 0.05),
    Slot.RIMS: ((0.55, 0.56, 0.58, 1.0), 1.0, 0.3),
    Slot.TYRES: ((0.05, 0.05, 0.05, 1.0), 0.0, 0.9),
    Slot.DISCS: ((0.35, 0.35, 0.35, 1.0), 1.0, 0.5),
    Slot.CALIPERS: ((0.95, 0.75, 0.05, 1.0), 0.0, 0.4),
    Slot.DECAL: ((0.9, 0.9, 0.9, 1.0), 0.0, 0.5),
    Slot.BADGE: ((0.9, 0.9, 0.92, 1.0), 0.0, 0.2),
    Slot.BADGE_INLAY: ((0.9, 0.75, 0.3, 1.0), 1.0, 0.2),
    Slot.UPHOLSTERY: ((0.15, 0.15, 0.16, 1.0), 0.0, 0.8),
    Slot.INTERIOR_TRIM: ((0.4, 0.28, 0.18, 1.0), 0.0, 0.5),
    Slot.INTERIOR: ((0.1, 0.1, 0.1, 1.0), 0.0, 0.7),
    Slot.LIGHTS: ((0.85, 0.9, 0.95, 1.0), 0.2, 0.1),
    Slot.TAIL_LIGHTS: ((0.7, 0.02, 0.03, 1.0), 0.0, 0.2),
    Slot.TRIM: ((0.03, 0.03, 0.03, 1.0), 0.0, 0.5),
}


def _axles(car: CarSpec) -> list[Axle]:
    out = []
    for x, w in ((car.front_axle_x, car.front_wheel), (car.front_axle_x - 3.0, car.rear_wheel)):
        out.append(Axle(x, w.radius, w.radius + car.arch_gap, 0.0))
    return out


def _exterior(car: CarSpec, shape: BodyShape, axles: list[Axle]) -> dict[str, Mesh]:
    """Left-half exterior regions cut from the skin, then mirrored to both sides."""
    skin = shape.skin(184, 88)
    _, body = cut(skin, arch_field(axles), shape)
    xb = shape.spec.belt
    belt = np.asarray(xb)
    x_rear, x_front = shape.x_rear, shape.x_front

    def edge_x(line: tuple[tuple[float, float], tuple[float, float]], z: np.ndarray) -> np.ndarray:
        (x0, z0), (x1, z1) = line
        return x0 + (z - z0) * (x1 - x0) / (z1 - z0)

    def house(v: np.ndarray) -> np.ndarray:
        """Negative above the belt line, between the rear window foot and the windscreen foot."""
        zbelt = np.interp(v[:, 0], belt[:, 0], belt[:, 1])
        span = np.maximum(car.glass_x[0] - v[:, 0], v[:, 0] - car.glass_x[1])
        return np.maximum(zbelt + 0.065 - v[:, 2], span)

    def side_window(v: np.ndarray, n: np.ndarray, grow: float) -> np.ndarray:
        """The window opening in side view (DLO), grown by ``grow`` metres."""
        zbelt = np.interp(v[:, 0], belt[:, 0], belt[:, 1])
        return np.maximum.reduce(
            [
                zbelt + 0.082 - grow - v[:, 2],
                v[:, 0] - edge_x(car.dlo_front, v[:, 2]) - grow,
                edge_x(car.dlo_rear, v[:, 2]) - grow - v[:, 0],
                (0.66 if grow == 0 else 0.60) - n[:, 1],
            ]
        )

    def glass(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        top = np.maximum(house(v), n[:, 1] - 0.42)  # windscreen, glass roof, rear window
        bx, bw = car.b_pillar
        b = bx - 0.08 * (v[:, 2] - 1.0)  # the B-pillar leans back a little
        side = np.maximum(side_window(v, n, 0.0), bw - np.abs(v[:, 0] - b))
        return np.minimum(top, side)

    def surround(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        """Thin black window surround, roof rails and B-pillar: the DLO grown a little."""
        return np.maximum(house(v), side_window(v, n, 0.014))

    def lamps(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        z = car.lamp_z
        # a slim teardrop that rises outboard, its lower edge cut straight
        d = capsule_sdf(v[:, 1:], (0.46, z + 0.004), (0.80, z + 0.05), 0.020, 0.040)
        flat = (z - 0.006 + 0.10 * (v[:, 1] - 0.47)) - v[:, 2]
        return np.maximum.reduce([d, flat, 0.1 - n[:, 0], x_front - 0.7 - v[:, 0]])

    def tail_bar(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The LED light bar: a slim lit line across the tail."""
        band = np.abs(v[:, 2] - car.tail_bar_z) - 0.010
        return np.maximum.reduce([band, n[:, 0] + 0.25, v[:, 0] - (x_rear + 0.6)])

    def tail_lamps(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The smoked lens of the tail-lamp unit around the bar, deeper at the corners
        where the lamp wraps round (the bar itself is cut out first)."""
        depth = 0.026 + 0.030 * np.clip((np.abs(v[:, 1]) - 0.45) / 0.35, 0.0, 1.0)
        band = np.abs(v[:, 2] - car.tail_bar_z) - depth
        return np.maximum.reduce([band, n[:, 0] + 0.25, v[:, 0] - (x_rear + 0.6)])

    def intake(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        zb = float(np.asarray(shape.spec.bottom)[-1, 1])
        d = rounded_box_sdf(v[:, 1:], (0.0, zb + 0.07), (0.62, 0.055), 0.04)
        lower = np.maximum(d, 0.3 - n[:, 0])
        # air curtains: upright slots at the bumper corners
        curtain = rounded_box_sdf(
            np.stack([np.abs(v[:, 1]), v[:, 2]], 1), (0.70, zb + 0.20), (0.035, 0.09), 0.02
        )
        curtain = np.maximum(curtain, 0.15 - n[:, 0])
        return np.maximum(np.minimum(lower, curtain), x_front - 0.5 - v[:, 0])

    def diffuser(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        zb = float(np.asarray(shape.spec.bottom)[0, 1])
        return np.maximum.reduce([v[:, 2] - (zb + 0.10), n[:, 0] + 0.2, v[:, 0] - (x_rear + 0.6)])

    def lower(v: np.ndarray, n: np.ndarray) -> np.ndarray:
        zb = shape._prof(shape.spec.bottom, v[:, 0])
        sill = v[:, 2] - (zb + 0.075)
        if car.cladding_z <= 0:
            return sill
        flare = np.min(
            [
                np.hypot(v[:, 0] - a.x, v[:, 2] - a.wheel_radius) - a.arch_radius - 0.085
                for a in axles
            ],
            axis=0,
        )
        return np.minimum.reduce(
            [sill, v[:, 2] - car.cladding_z, np.maximum(flare, 0.55 - n[:, 1])]
        )

    parts: dict[str, Mesh] = {}
    for name, field in (
        ("glass.house", glass),
        ("trim.window-surround", surround),
        ("trim.headlamps", lamps),
        ("tail-lights.bar", tail_bar),
        ("trim.taillamps", tail_lamps),
        ("trim.intake", intake),
        ("trim.diffuser", diffuser),
        ("trim.cladding" if car.cladding_z > 0 else "trim.sills", lower),
    ):
        region, body = cut(body, field, shape)
        parts[name] = region
    decal = lightning_decal(shape, car.decal, arch_field(axles))
    parts["body"] = body
    parts.update(shell_lining(shape, car.cabin, body, parts["glass.house"]))
    parts["body.mirror-caps"], parts["trim.mirrors"] = mirror_pod(shape, *car.mirror)
    panels = _panels(car, shape, axles)
    handles_z = panels.belt - 0.10
    details = {
        "trim.shut-lines": shut_lines(shape, panels),
        "trim.door-handles": door_handles(
            shape, (panels.door_split + 0.30, panels.door_split - 0.72), handles_z
        ),
        "lights.head": lamp_internals(shape, car.lamp_z),
        "trim.diffuser-fins": diffuser_fins(shape),
        "trim.grille": grille(shape),
        "trim.wipers": wipers(shape, car.glass_x[1]),
    }
    parts["trim.arch-liners"] = concat([arch_liner(shape, a) for a in axles])
    both = {k: concat([m, m.mirrored_y()]) for k, m in parts.items()}
    both.update(details)
    both["decal.left"] = decal
    both["decal.right"] = decal.mirrored_y()
    for key, z, front in (("front", car.badge_z[0], True), ("rear", car.badge_z[1], False)):
        base, inlay = badge(shape, z, front, car.badge_radius[0 if front else 1])
        both[f"badge.{key}"] = base
        both[f"badge-inlay.{key}"] = inlay
    return both


def _panels(car: CarSpec, shape: BodyShape, axles: list[Axle]) -> Panels:
    """Panel edges from the car's glass, pillars, arches and sills."""
    belt = np.asarray(car.body.belt)
    zb = float(shape._prof(car.body.bottom, np.array([0.0]))[0])
    (x0, z0), (x1, z1) = car.dlo_rear
    z_belt = float(np.interp(0.0, belt[:, 0], belt[:, 1]))
    door_rear = x0 + (z_belt - z0) * (x1 - x0) / (z1 - z0) - 0.03
    rear = axles[1]
    bonnet_x = car.glass_x[1] + 0.10
    bonnet_w = float(shape._prof(car.body.half_width, np.array([bonnet_x]))[0]) - 0.30
    boot = (car.glass_x[0] - 0.06, shape.x_rear + 0.10, 0.60) if car.cladding_z <= 0 else None
    flap_x = rear.x - 0.36
    return Panels(
        door_front=car.glass_x[1] - 0.06,
        door_split=car.b_pillar[0],
        door_rear=door_rear,
        rear_arch=(rear.x, rear.arch_radius + 0.07),
        wheel_z=rear.wheel_radius,
        belt=z_belt + 0.05,
        low=car.cladding_z + 0.04 if car.cladding_z > 0 else zb + 0.14,
        bonnet=(bonnet_x, shape.x_front - 0.28, bonnet_w),
        boot=boot,
        tail_z=car.tail_bar_z - 0.06,
        flap=(flap_x, float(np.interp(flap_x, belt[:, 0], belt[:, 1])) - 0.12),
    )


def _wheels(car: CarSpec, shape: BodyShape, axles: list[Axle]) -> dict[str, Mesh]:
    out: dict[str, Mesh] = {}
    for axle, spec, tag in ((axles[0], car.front_wheel, "f"), (axles[1], car.rear_wheel, "r")):
        hub_y = tyre_hub_y(shape, axle, spec.width, axle.wheel_radius + 0.25)
        pieces = wheel_parts(spec, np.radians(150))
        for kind, mesh in pieces.items():
            left = mesh.transformed(np.eye(3), np.array([axle.x, hub_y, spec.radius]))
            out[f"{kind}.{tag}l"] = left
            out[f"{kind}.{tag}r"] = left.mirrored_y()
    return out


def _with_wells(axles: list[Axle], car: CarSpec, shape: BodyShape) -> list[Axle]:
    """Set each wheel well's inboard wall a little inside the tyre."""
    out = []
    for a, w in zip(axles, (car.front_wheel, car.rear_wheel), strict=True):
        hub_y = tyre_hub_y(shape, a, w.width, a.wheel_radius + 0.25)
        out.append(Axle(a.x, a.wheel_radius, a.arch_radius, hub_y - 0.5 * w.width - 0.05))
    return out


def generate(vehicle_id: str) -> VehicleModel:
    """Build the stand-in ``vehicle_id`` in the app frame (metres, Z up, nose +X)."""
    car = CARS.get(vehicle_id)
    if car is None:
        raise ValueError(f"unknown stand-in {vehicle_id!r}; valid ids: {', '.join(VEHICLE_IDS)}")
    shape = BodyShape(car.body)
    axles = _with_wells(_axles(car), car, shape)
    meshes = _exterior(car, shape, axles)
    meshes.update(_wheels(car, shape, axles))
    meshes.update(cabin_parts(shape, car.cabin, axles[1].inner_y))
    parts = [_to_part(name, meshes[name]) for name in sorted(meshes)]
    _centre(parts)
    return VehicleModel(id=car.id, name=car.name, parts=parts)


def _centre(parts: list[Part]) -> None:
    """Centre on the bounds of every part and stand on the floor, as every loader does,
    so the shipped file reads back unmoved."""
    lo = np.min([p.vertices.min(axis=0) for p in parts], axis=0)
    hi = np.max([p.vertices.max(axis=0) for p in parts], axis=0)
    shift = np.array([-(lo[0] + hi[0]) / 2, -(lo[1] + hi[1]) / 2, -lo[2]], dtype=np.float64)
    for p in parts:
        p.vertices = (p.vertices.astype(np.float64) + shift).astype(np.float32)


def _to_part(name: str, m: Mesh) -> Part:
    slot = Slot(name.split(".")[0])
    colour, metallic, rough = _COLOURS[slot]
    uvs = None if m.uvs is None else m.uvs.astype(np.float32)
    return Part(
        name=name,
        vertices=m.vertices.astype(np.float32),
        faces=m.faces.astype(np.int32),
        slot=slot,
        normals=m.normals.astype(np.float32),
        uvs=uvs,
        material=SourceMaterial(
            name=name,
            base_color=colour,
            metallic=metallic,
            roughness=rough,
            double_sided=slot in (Slot.GLASS, Slot.TRIM, Slot.INTERIOR),
        ),
        slot_source="name",
    )


def load_standin(vehicle_id: str) -> VehicleModel:
    """Read a shipped stand-in GLB back into a VehicleModel."""
    car = CARS.get(vehicle_id)
    if car is None:
        raise ValueError(f"unknown stand-in {vehicle_id!r}; valid ids: {', '.join(VEHICLE_IDS)}")
    path = livery.ASSETS / "vehicles" / f"{vehicle_id}.glb"
    model = load_vehicle_file(path)
    return VehicleModel(id=car.id, name=car.name, parts=model.parts, source=path)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else livery.ASSETS / "vehicles"
    out.mkdir(parents=True, exist_ok=True)
    for vid in VEHICLE_IDS:
        model = generate(vid)
        target = out / f"{vid}.glb"
        write_glb(model, target)
        print(f"{target}: {model.triangle_count} triangles, {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
