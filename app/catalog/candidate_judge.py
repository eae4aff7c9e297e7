"""Judging candidates against the paints the programme already has, by ΔE2000.

A candidate within a just-noticeable difference of an existing paint adds nothing to
the programme ("too close to Racing Red, ΔE 1.3"), and two candidates that close to
each other are one proposal twice. Colours compared are CIELAB D65 (2°): a
candidate's from its spectrum where it has one, else as given; an existing paint's as
its catalog entry specifies it.

API (stable; the review UI builds on it)::

    judge(catalog, candidates, threshold=2.0, lang="en") -> list[Judgement]
    Judgement    candidate, nearest (Option | None), delta_e, warning (str | None),
                 duplicates (tuple[(code, ΔE)]: other candidates under the threshold)
    sort_judgements(judgements, by)   by: "hue", "lightness", "de" or "code"

Plain Python: no Qt, no VTK.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from livery.catalog.candidates import PAINT_GROUP, Candidate
from livery.catalog.color import delta_e_2000, lab_hue_degrees
from livery.catalog.model import Catalog, Option

DEFAULT_THRESHOLD = 2.0
SORT_KEYS = ("hue", "lightness", "de", "code")


@dataclass(frozen=True)
class Judgement:
    candidate: Candidate
    nearest: Option | None  # the closest existing paint
    delta_e: float | None  # ΔE2000 to it
    warning: str | None  # "too close to Racing Red, ΔE 1.3" under the threshold
    duplicates: tuple[tuple[str, float], ...] = ()  # (other candidate's code, ΔE)


def existing_paints(catalog: Catalog, candidates: Sequence[Candidate]) -> list[Option]:
    """The programme's paints: the paint group less the options candidates are offered as."""
    under_review = {c.option_id for c in candidates if c.paint_id is None}
    return [o for o in catalog.group(PAINT_GROUP).options if o.id not in under_review]


def _lab(option: Option) -> np.ndarray:
    return np.array(next(iter(option.finishes.values())).color.to_lab())


def judge(
    catalog: Catalog,
    candidates: Sequence[Candidate],
    threshold: float = DEFAULT_THRESHOLD,
    lang: str = "en",
) -> list[Judgement]:
    paints = existing_paints(catalog, candidates)
    paint_labs = np.array([_lab(o) for o in paints]).reshape(-1, 3)
    cand_labs = np.array([c.lab for c in candidates]).reshape(-1, 3)
    # every pair at once: candidates x paints, candidates x candidates
    to_paints = np.asarray(delta_e_2000(cand_labs[:, None, :], paint_labs[None, :, :]))
    to_paints = to_paints.reshape(len(candidates), len(paints))
    to_cands = np.asarray(delta_e_2000(cand_labs[:, None, :], cand_labs[None, :, :]))
    to_cands = to_cands.reshape(len(candidates), len(candidates))
    out = []
    for i, c in enumerate(candidates):
        d = np.where([o.id == c.paint_id for o in paints], np.inf, to_paints[i])  # not its own
        nearest = de = warning = None
        if np.isfinite(d).any():
            k = int(np.argmin(d))
            nearest, de = paints[k], float(d[k])
            if de < threshold:
                warning = f"too close to {nearest.name.get(lang)}, ΔE {de:.1f}"
        dups = tuple(
            (candidates[j].code, float(to_cands[i, j]))
            for j in np.argsort(to_cands[i])
            if j != i and to_cands[i, j] < threshold
        )
        out.append(Judgement(c, nearest, de, warning, dups))
    return out


def sort_judgements(judgements: Sequence[Judgement], by: str = "hue") -> list[Judgement]:
    """By hue angle (then lightness), lightness (light first), ΔE (closest first) or code."""
    if by not in SORT_KEYS:
        raise ValueError(f"unknown sort {by!r}; valid: {', '.join(SORT_KEYS)}")

    def key(j: Judgement) -> tuple:
        L, a, b = j.candidate.lab
        if by == "hue":
            return (float(lab_hue_degrees(np.array([L, a, b]))), -L)
        if by == "lightness":
            return (-L, j.candidate.code)
        if by == "de":
            return (float("inf") if j.delta_e is None else j.delta_e, j.candidate.code)
        return (j.candidate.code,)

    return sorted(judgements, key=key)
