"""Paint candidates in the library: the file, the store on a shared folder, decisions,
approval into a library paint, judging by ΔE2000, and the commands. No Qt, no GL."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from livery.catalog.candidate_judge import judge, sort_judgements
from livery.catalog.candidate_store import CandidateStore, ConflictError, free_option_code
from livery.catalog.candidates import (
    Candidate,
    Spectrum,
    Status,
    candidate_from_toml,
    candidate_toml,
)
from livery.catalog.finish import parse_finish
from livery.catalog.loader import DEFAULT_CATALOG, load_catalog
from livery.catalog.model import Text
from livery.cli import main
from livery.vehicles.files import load_vehicle

EXAMPLES = Path(__file__).resolve().parents[1] / "assets" / "examples"


def make(code: str, lab=(50.0, 20.0, 10.0), option_code: int | None = None, **kw) -> Candidate:
    finish = parse_finish({"family": "metallic", "color": {"lab": list(lab)}, "metallic": 0.6})
    return Candidate(
        code=code,
        supplier="Acme",
        name=Text(f"Paint {code}", f"漆 {code}"),
        finish=finish,
        given="lab",
        option_code=free_option_code(code, range(40)) if option_code is None else option_code,
        **kw,
    )


@pytest.fixture
def library(tmp_path, monkeypatch) -> Path:
    lib = tmp_path / "library"
    monkeypatch.setenv("LIVERY_LIBRARY", str(lib))
    return lib


def test_a_candidate_file_round_trips_and_is_a_paint_option(library):
    w = tuple(float(x) for x in range(380, 740, 10))
    spectrum = Spectrum(
        w, tuple(0.1 + 0.3 * (x > 600) for x in w), "CIE 1964 10 Degree Standard Observer"
    )
    c = make("AB 12/7", spectrum=spectrum, angles={15: (60.0, 30.0, 20.0), 110: (20.0, 8.0, 4.0)})
    back = candidate_from_toml(candidate_toml(c))
    assert back == c
    saved = CandidateStore(library).add(c)
    assert saved.path == library / "candidates" / "ab-12-7.toml"
    catalog = load_catalog(library=library)
    option = catalog.option("paint", "candidate-ab-12-7")
    assert option.code == c.option_code and option.price == 0
    assert next(iter(option.finishes.values())).color.lab == pytest.approx((50, 20, 10))


def test_a_broken_candidate_file_is_left_out_by_name(library):
    store = CandidateStore(library)
    store.add(make("GOOD"))
    bad = store.add(make("BAD"))
    bad.path.write_text(bad.path.read_text().replace("[candidate]", "[candidate"))
    review = store.load()
    assert [c.code for c in review.candidates] == ["GOOD"]
    assert "bad.toml" in review.problems[0]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('status = "new"', 'status = "maybe"', "unknown status 'maybe'"),
        ("revision = 1", 'revision = 1\nnote = "x"', "malformed"),
        ('given = "lab"', 'given = "guess"', "unknown 'given'"),
        ("[[option]]", "[[optio]]", "exactly one"),
    ],
)
def test_a_malformed_record_is_named(library, old, new, problem):
    store = CandidateStore(library)
    c = store.add(make("M"))
    c.path.write_text(c.path.read_text().replace(old, new, 1))
    review = store.load()
    assert review.candidates == () and problem in review.problems[0]


def test_candidates_are_never_written_into_the_installed_package(library):
    import livery

    store = CandidateStore()
    assert store.folder == library / "candidates"
    assert not store.folder.is_relative_to(Path(livery.__file__).parent)


def test_two_machines_saving_different_candidates_keep_both(library):
    """Two stores (two machines) on one shared folder: each candidate is its own file."""
    a, b = CandidateStore(library), CandidateStore(library)
    a.add(make("A1"))
    b.add(make("B1"))
    a.decide("A1", Status.SHORTLISTED, by="ann")
    b.decide("B1", Status.REJECTED, by="bo")
    got = {c.code: (c.status, c.decided_by) for c in CandidateStore(library).load().candidates}
    assert got == {"A1": (Status.SHORTLISTED, "ann"), "B1": (Status.REJECTED, "bo")}


def test_a_concurrent_edit_of_one_candidate_is_reported_not_lost(library):
    a, b = CandidateStore(library), CandidateStore(library)
    a.add(make("X"))
    seen_by_a, seen_by_b = a.get("X"), b.get("X")
    a.save(seen_by_a.with_(status=Status.SHORTLISTED), by="ann")
    with pytest.raises(ConflictError, match=r"changed by ann .*revision 2, you have 1"):
        b.save(seen_by_b.with_(status=Status.REJECTED), by="bo")
    assert b.get("X").status is Status.SHORTLISTED  # ann's decision stands
    with pytest.raises(ConflictError, match="changed by ann"):
        b.decide("X", Status.REJECTED, by="bo", revision=seen_by_b.revision)
    with pytest.raises(ConflictError, match="already in the library"):
        b.add(make("X"))


def _add_notes(library: str, who: str, n: int) -> None:
    store = CandidateStore(Path(library))
    try:
        for i in range(n):
            store.add_note("SHARED", f"{who} {i}", by=who)
            store.add(make(f"{who}-{i}"))
    except BaseException:
        import traceback

        (Path(library).parent / f"{who}.err").write_text(traceback.format_exc())
        raise


def test_two_sessions_saving_at_once_lose_nothing(library):
    """Two processes at once: notes on one candidate (read-modify-write under the lock)
    and new candidates of their own; every note and every candidate is there."""
    CandidateStore(library).add(make("SHARED"))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_notes, args=(str(library), who, 8)) for who in "pq"]
    for p in procs:
        p.start()
    for who, p in zip("pq", procs, strict=True):
        p.join(120)
        err = library.parent / f"{who}.err"
        assert p.exitcode == 0, err.read_text() if err.exists() else p.exitcode
    review = CandidateStore(library).load()
    assert not review.problems
    shared = review.by_code("SHARED")
    assert sorted(n.text for n in shared.notes) == sorted(
        f"{w} {i}" for w in "pq" for i in range(8)
    )
    assert shared.revision == 17
    assert len(review.candidates) == 17
    assert not list((library / "candidates").glob(".*"))  # no lock or temporary file left


def test_decisions_and_notes_carry_who_and_when(library):
    store = CandidateStore(library)
    store.add(make("N1"))
    store.add_note("N1", "orange at the sill", by="li", point=(1.2, -0.8, 0.4))
    c = store.decide("N1", Status.SHORTLISTED, by="wang", note="for the 2028 programme")
    assert c.status is Status.SHORTLISTED and c.decided_by == "wang" and c.decided_at
    assert [(n.author, n.point) for n in c.notes] == [("li", (1.2, -0.8, 0.4)), ("wang", None)]
    assert store.get("N1") == c
    with pytest.raises(ValueError, match="approve"):
        store.decide("N1", Status.APPROVED)


def test_a_pinned_note_round_trips_with_its_point_part_and_vehicle(library):
    store = CandidateStore(library)
    store.add(make("PIN"))
    store.add_note("PIN", "orange peel at the sill", by="li", point=(1.25, -0.875, 0.5),
                   part="body", vehicle="su7-ultra")  # fmt: skip
    store.add_note("PIN", "unpinned", by="li")
    back = CandidateStore(library).get("PIN")  # read from the file again
    pinned, plain = back.notes
    assert (pinned.point, pinned.part, pinned.vehicle) == ((1.25, -0.875, 0.5), "body", "su7-ultra")
    assert pinned.pinned and not plain.pinned and plain.part is None
    assert candidate_from_toml(candidate_toml(back)) == back


@pytest.mark.parametrize(
    "point", [(1.0, float("nan"), 0.5), (1.0, float("inf"), 0.5), (1.0, 2.0), ("1", 2, 3)]
)
def test_a_bad_note_point_is_refused_by_name(library, point):
    store = CandidateStore(library)
    before = store.add(make("BADPT"))
    with pytest.raises(ValueError, match="note point .*not three finite numbers"):
        store.add_note("BADPT", "here", point=point)
    assert store.get("BADPT") == before  # nothing saved
    # a file edited by hand: the candidate is left out, the note and its point named
    store.add_note("BADPT", "ok", point=(1.0, 0.0, 0.5))
    path = store.path("BADPT")
    path.write_text(path.read_text().replace("point = [", "point = [nan, ", 1))
    review = store.load()
    assert review.candidates == ()
    assert "note 1: note point [nan, 1.0, 0.0, 0.5]" in review.problems[0]


def test_approve_makes_a_library_paint_in_one_step(library):
    store = CandidateStore(library)
    c = store.add(make("AP-1", lab=(40.0, 35.0, -30.0)))
    approved, paint_file = store.approve("AP-1", price=16000, by="chen")
    assert paint_file.parent == library  # the paint editor's save path: into the library
    assert approved.status is Status.APPROVED and approved.paint_id == "paint-ap-1"
    catalog = load_catalog(library=library)
    paint = catalog.option("paint", "paint-ap-1")
    assert (paint.price, paint.code, paint.custom) == (16000, c.option_code, False)
    assert "candidate-ap-1" not in {o.id for o in catalog.group("paint").options}
    assert store.get("AP-1").option_id == "paint-ap-1"
    with pytest.raises(ValueError, match="already the library paint"):
        store.approve("AP-1", price=1)


def test_approve_that_cannot_save_leaves_the_candidate_as_it_was(library):
    store = CandidateStore(library)
    before = store.add(make("AP-2"))
    with pytest.raises(ValueError, match="duplicate code 1"):
        store.approve("AP-2", price=100, paint_code=1)  # a shipped paint's number
    assert store.get("AP-2") == before
    assert load_catalog(library=library).option("paint", "candidate-ap-2")


def test_judge_warns_near_an_existing_paint_and_finds_duplicates(library):
    catalog = load_catalog(library=library)
    red = next(iter(catalog.option("paint", "racing-red").finishes.values())).color.to_lab()
    near = make("NEAR", lab=(red[0] + 1.0, red[1], red[2]))
    twin = make("TWIN", lab=(red[0] + 1.3, red[1], red[2]))
    far = make("FAR", lab=(70.0, -20.0, 10.0))
    judged = {j.candidate.code: j for j in judge(catalog, [near, twin, far])}
    assert judged["NEAR"].nearest.id == "racing-red"
    assert judged["NEAR"].warning == f"too close to Racing Red, ΔE {judged['NEAR'].delta_e:.1f}"
    assert judged["NEAR"].delta_e < 2.0
    assert [k for k, _ in judged["NEAR"].duplicates] == ["TWIN"]
    assert judged["FAR"].warning is None and judged["FAR"].duplicates == ()
    assert judge(catalog, [near], threshold=0.5)[0].warning is None  # control: the threshold
    by_de = [j.candidate.code for j in sort_judgements(judged.values(), "de")]
    assert by_de == ["NEAR", "TWIN", "FAR"]
    by_l = [j.candidate.code for j in sort_judgements(judged.values(), "lightness")]
    assert by_l[0] == "FAR"
    hues = [
        np.degrees(np.arctan2(j.candidate.lab[2], j.candidate.lab[1])) % 360
        for j in sort_judgements(judged.values(), "hue")
    ]
    assert hues == sorted(hues)


def test_the_commands_import_judge_decide_and_list(library, capsys):
    assert main(["import", str(EXAMPLES / "candidates.json"), "--library", str(library)]) == 0
    out = capsys.readouterr().out
    assert "warning: too close to Pearl White" in out and "2 imported" in out
    assert (
        main(
            [
                "decide",
                "BASF-27-018",
                "shortlisted",
                "--by",
                "ann",
                "--note",
                "deep",
                "--point",
                "1,0.5,0.9",
            ]
        )
        == 0
    )
    assert main(["decide", "BASF-27-017", "approved", "--price", "9000"]) == 0
    capsys.readouterr()
    assert main(["candidates", "--json", "--status", "shortlisted"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["code"], row["status"], row["decided_by"]) == ("BASF-27-018", "shortlisted", "ann")
    assert row["notes"][0]["point"] == [1.0, 0.5, 0.9]
    assert main(["catalog", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    paint_ids = {o["id"] for o in doc["groups"][0]["options"]}
    assert {"candidate-basf-27-018", "glacier-white"} <= paint_ids
    assert {c["code"]: c["hex"] for c in doc["candidates"]}["BASF-27-018"] == "#044f99"
    assert main(["decide", "NOPE", "rejected"]) == 2
    assert "no candidate 'NOPE'" in capsys.readouterr().err


def test_decide_pins_a_note_at_a_point_checked_against_the_car(library, capsys):
    store = CandidateStore(library)
    store.add(make("AT-1"))
    lo, hi = load_vehicle("su7-ultra", load_catalog().vehicles).bounds()
    assert main(["decide", "AT-1", "note", "--note", "sill", "--at", "0.5,-1.0,0.3"]) == 0
    assert "pinned on" in capsys.readouterr().out
    [note] = store.get("AT-1").notes
    assert note.point == (0.5, -1.0, 0.3) and note.vehicle == "su7-ultra"
    assert note.part and note.part.split(".")[0] in {"body", "trim", "decal"}
    far = f"{hi[0] + 0.5:.2f},0,0.5"
    for at, problem in [
        ("1,nan,0.5", "three finite numbers"),
        ("1,inf,0.5", "three finite numbers"),
        ("1,0.5", "X,Y,Z in metres"),
        ("a,b,c", "X,Y,Z in metres"),
        (far, "outside the su7-ultra (its bounds are (-2.51"),
        (f"0,0,{lo[2] - 0.1:.2f}", "outside the su7-ultra"),
    ]:
        assert main(["decide", "AT-1", "note", "--note", "x", "--at", at]) == 2, at
        assert problem in capsys.readouterr().err, at
    assert main(["decide", "AT-1", "shortlisted", "--at", "0.5,-1.0,0.3"]) == 2
    assert "--at pins a --note" in capsys.readouterr().err
    assert len(store.get("AT-1").notes) == 1  # nothing refused was saved
    assert store.get("AT-1").status is Status.NEW


def test_a_candidate_renders_on_the_car_by_its_option(library, tmp_path):
    store = CandidateStore(library)
    store.add(make("R1", lab=(45.0, 60.0, 40.0)))
    out = tmp_path / "r1.png"
    args = ["render", "--set", "paint=candidate-r1", "--size", "64x40", "--supersample", "1"]
    assert main([*args, "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert DEFAULT_CATALOG.is_dir()
