"""Fit the microfibre shading's directional albedos (shaders/finish_common.glsl).

    python tools/fit_microfibre.py [--samples 300000]

Burley's principled BRDF (as Mitsuba 3's ``principled`` evaluates it: Disney 2012) has a
rough diffuse term, (1 - Fi/2)(1 - Fo/2) + Rr (Fo + Fi + Fo Fi (Rr - 1)) with
Rr = 2 roughness cos^2(theta_d), and a sheen lobe, the Schlick weight of theta_d. Under
uniform light each reflects a share of it that depends on N.V (and roughness): this
script integrates both by Monte Carlo over cosine-distributed directions and fits the
polynomials in x = 1 - N.V that ``lvBurleyAlbedo`` and ``lvSheenAlbedo`` evaluate. It
prints the coefficients and the largest error of each fit.
"""

from __future__ import annotations

import argparse

import numpy as np


def schlick_weight(c: np.ndarray | float) -> np.ndarray:
    return (1.0 - np.clip(c, 0.0, 1.0)) ** 5


def albedos(samples: int, mus: np.ndarray, roughnesses: np.ndarray) -> tuple:
    """(diffuse albedo per (mu, roughness), sheen albedo per mu)."""
    rng = np.random.default_rng(0)
    u1, u2 = rng.random(samples), rng.random(samples)
    z = np.sqrt(u1)  # cosine-weighted: the integral of f cos is pi times the mean of f
    s = np.sqrt(1.0 - z * z)
    wo = np.stack([s * np.cos(2 * np.pi * u2), s * np.sin(2 * np.pi * u2), z], 1)
    diffuse = np.empty((len(mus), len(roughnesses)))
    sheen = np.empty(len(mus))
    for i, mu in enumerate(mus):
        wi = np.array([np.sqrt(1.0 - mu * mu), 0.0, mu])
        h = wi + wo
        h /= np.linalg.norm(h, axis=1)[:, None]
        cos_d = np.abs((h * wo).sum(1))
        fo, fi = schlick_weight(wo[:, 2]), schlick_weight(mu)
        sheen[i] = np.pi * schlick_weight(cos_d).mean()
        for j, r in enumerate(roughnesses):
            rr = 2.0 * r * cos_d**2
            f = (1 - 0.5 * fi) * (1 - 0.5 * fo) + rr * (fo + fi + fo * fi * (rr - 1.0))
            diffuse[i, j] = f.mean()  # base colour / pi times pi
    return diffuse, sheen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=300_000)
    args = parser.parse_args()
    mus, rs = np.linspace(0.01, 1.0, 34), np.linspace(0.0, 1.0, 11)
    diffuse, sheen = albedos(args.samples, mus, rs)
    x, r = np.meshgrid(1.0 - mus, rs, indexing="ij")
    x, r = x.ravel(), r.ravel()
    feats = np.stack([x**i * r**j for i in range(6) for j in range(3)], 1)
    c, *_ = np.linalg.lstsq(feats, diffuse.ravel(), rcond=None)
    print("lvBurleyAlbedo: rows x^0..x^5, columns 1, r, r^2")
    print(np.array2string(c.reshape(6, 3), precision=4, suppress_small=True))
    print(f"  max error {np.abs(feats @ c - diffuse.ravel()).max():.1e}")
    xs = 1.0 - mus
    feats = np.stack([xs**i for i in range(1, 6)], 1)
    c, *_ = np.linalg.lstsq(feats, sheen, rcond=None)
    print("lvSheenAlbedo: x^1..x^5", np.array2string(c, precision=4, suppress_small=True))
    print(f"  max error {np.abs(feats @ c - sheen).max():.1e}")


if __name__ == "__main__":
    main()
