"""Importing candidates: good and bad CSV, JSON and CxF3 files (a CxF3 with spectra is
written here), rows with errors reported by line and skipped, bad files exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import colour
import numpy as np
import pytest

from livery.catalog.candidate_import import read_candidates
from livery.catalog.candidate_store import CandidateStore
from livery.catalog.light_booth import spectrum_lab
from livery.catalog.loader import load_catalog
from livery.cli import main
from livery.fileio import InputFileError

EXAMPLES = Path(__file__).resolve().parents[1] / "assets" / "examples"
W = np.arange(380, 740, 10)


def reflectance(peak: float, base: float = 0.06, height: float = 0.35) -> np.ndarray:
    return base + height * np.exp(-(((W - peak) / 45.0) ** 2))


def lab_of(r: np.ndarray, observer: str = "CIE 1931 2 Degree Standard Observer") -> np.ndarray:
    """Independently of the app: colour-science's own path at 1 nm."""
    sd = colour.SpectralDistribution(dict(zip(W.astype(float), r, strict=True)))
    cmfs = colour.MSDS_CMFS[observer]
    ill = colour.SDS_ILLUMINANTS["D65"].copy().align(cmfs.shape)
    with colour.utilities.suppress_warnings(colour_runtime_warnings=True):  # aligning: known
        xyz = colour.sd_to_XYZ(sd.copy().align(cmfs.shape), cmfs, ill)
    return colour.XYZ_to_Lab(xyz / 100, colour.CCS_ILLUMINANTS[observer]["D65"])


@pytest.fixture
def library(tmp_path, monkeypatch) -> Path:
    lib = tmp_path / "library"
    monkeypatch.setenv("LIVERY_LIBRARY", str(lib))
    return lib


def test_the_example_files_import(library, capsys):
    for name, codes in [
        ("candidates.csv", ["AX-2027-101", "AX-2027-102", "AX-2027-103"]),
        ("candidates.json", ["BASF-27-017", "BASF-27-018"]),
        ("candidates.cxf", ["PPG-27-043", "PPG-27-044"]),
    ]:
        result = read_candidates(EXAMPLES / name, load_catalog())
        assert result.errors == ()
        assert [c.code for c in result.candidates] == codes
        assert main(["import", str(EXAMPLES / name)]) == 0
    review = CandidateStore(library).load()
    assert len(review.candidates) == 7
    given = {c.code: c.given for c in review.candidates}
    assert given["AX-2027-101"] == "hex" and given["AX-2027-102"] == "lab"
    assert given["AX-2027-103"] == given["PPG-27-043"] == "spectrum"
    blue = review.by_code("AX-2027-101")
    assert blue.hex == "#1f4e79" and blue.finish.family == "metallic"
    assert blue.finish.metallic == 0.7 and blue.finish.coat == 1.0  # row over the preset
    assert blue.angles[45] == (31.5, -1.0, -30.2)
    assert load_catalog(library=library).option("paint", "candidate-ppg-27-044")


def _cxf(objects: str, observer: str = "10_Degree", illuminant: str = "D65") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<cc:CxF xmlns:cc="http://colorexchangeformat.com/CxF3-core">
 <cc:FileInformation><cc:Creator>Test Paints Ltd</cc:Creator></cc:FileInformation>
 <cc:Resources>
  <cc:ObjectCollection>
{objects}
  </cc:ObjectCollection>
  <cc:ColorSpecificationCollection>
   <cc:ColorSpecification Id="CS">
    <cc:TristimulusSpec><cc:Illuminant>{illuminant}</cc:Illuminant>
     <cc:Observer>{observer}</cc:Observer></cc:TristimulusSpec>
    <cc:MeasurementSpec><cc:WavelengthRange StartWL="380" Increment="10"/></cc:MeasurementSpec>
   </cc:ColorSpecification>
   <cc:ColorSpecification Id="M25">
    <cc:TristimulusSpec><cc:Illuminant>D65</cc:Illuminant><cc:Observer>10_Degree</cc:Observer>
    </cc:TristimulusSpec>
    <cc:MeasurementSpec><cc:GeometryChoice><cc:MultiAngle><cc:BRDFAngle>
     <cc:IlluminationAngle>45</cc:IlluminationAngle><cc:Aspecular>25</cc:Aspecular>
    </cc:BRDFAngle></cc:MultiAngle></cc:GeometryChoice></cc:MeasurementSpec>
   </cc:ColorSpecification>
  </cc:ColorSpecificationCollection>
 </cc:Resources>
</cc:CxF>
"""


def _object(id_: str, values: str, tags: str = "") -> str:
    return f"""   <cc:Object ObjectType="Standard" Name="{id_} name" Id="{id_}">
    <cc:TagCollection>{tags}</cc:TagCollection>
    <cc:ColorValues>
{values}
    </cc:ColorValues>
   </cc:Object>"""


def _spectrum(r: np.ndarray) -> str:
    values = " ".join(f"{x:.5f}" for x in r)
    return f'     <cc:ReflectanceSpectrum ColorSpecification="CS">{values}</cc:ReflectanceSpectrum>'


def test_a_cxf3_with_spectra_reads_lab_under_the_observer_it_names(tmp_path):
    r1, r2 = reflectance(470, base=0.12, height=0.2), reflectance(600, base=0.08)
    lab_only = '<cc:ColorCIELab ColorSpecification="CS"><cc:L>60</cc:L><cc:A>-10</cc:A>'
    lab_only += "<cc:B>20</cc:B></cc:ColorCIELab>"
    angle = '<cc:ColorCIELab ColorSpecification="M25"><cc:L>70</cc:L><cc:A>1</cc:A>'
    angle += "<cc:B>2</cc:B></cc:ColorCIELab>"
    tags = '<cc:Tag Name="name_zh" Value="测试蓝"/><cc:Tag Name="family" Value="pearl"/>'
    tags += '<cc:Tag Name="flake_density" Value="0.2"/>'
    objects = "\n".join(
        [
            _object("T-1", _spectrum(r1) + "\n     " + angle, tags),
            _object("T-2", _spectrum(r2)),
            _object("T-3", "     " + lab_only),
        ]
    )
    path = tmp_path / "supplier.cxf"
    path.write_text(_cxf(objects))
    result = read_candidates(path)
    assert result.errors == ()
    t1, t2, t3 = result.candidates
    ten = "CIE 1964 10 Degree Standard Observer"
    assert t1.spectrum.observer == ten
    assert t1.spectrum.reflectance == pytest.approx(r1, abs=1e-5)
    assert t1.lab == pytest.approx(lab_of(r1, ten), abs=0.05)  # against colour-science at 1 nm
    assert not np.allclose(t1.lab, lab_of(r1), atol=0.3)  # control: the 2° observer differs
    assert t2.lab == pytest.approx(lab_of(r2, ten), abs=0.05)
    assert (t1.name.en, t1.name.zh, t1.supplier) == ("T-1 name", "测试蓝", "Test Paints Ltd")
    assert (t1.finish.family, t1.finish.flake_density) == ("pearl", 0.2)
    assert t1.angles == {25: (70.0, 1.0, 2.0)}
    assert (t3.given, t3.lab) == ("lab", (60.0, -10.0, 20.0))
    assert t1.source == "supplier.cxf:6"

    d50 = tmp_path / "d50.cxf"
    d50.write_text(_cxf(_object("T-4", "     " + lab_only), observer="2_Degree", illuminant="D50"))
    [t4] = read_candidates(d50).candidates
    assert t4.lab != pytest.approx((60.0, -10.0, 20.0), abs=0.5)  # adapted from D50 to D65
    assert t4.lab[0] == pytest.approx(60.0, abs=1.0)
    assert spectrum_lab(t1.spectrum, "D65") == t1.lab


def test_bad_rows_are_reported_by_line_and_skipped(tmp_path, library, capsys):
    csv_text = (
        "code,supplier,name_en,name_zh,hex,L,a,b,family,metallic\n"
        "OK-1,Acme,Good,好,#336699,,,,metallic,0.5\n"
        "BAD-1,Acme,No colour,无,,,,,solid,\n"
        "BAD-2,Acme,Bad hex,坏,#33669,,,,solid,\n"
        "BAD-3,Acme,Bad range,坏,#336699,,,,metallic,1.7\n"
        "BAD-4,Acme,Half Lab,坏,,50,10,,solid,\n"
        "BAD-5,Acme,Chrome body,坏,#336699,,,,chrome,\n"
        "OK-2,Acme,Lab,好,,50,10,-5,solid,\n"
        ",Acme,No code,无,#336699,,,,solid,\n"
    )
    path = tmp_path / "rows.csv"
    path.write_text(csv_text)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "skipped" in ln]
    assert [ln.split(": line ")[1].split(":")[0] for ln in lines] == ["3", "4", "5", "6", "7", "9"]
    assert "no colour" in lines[0] and "not an sRGB hex" in lines[1]
    assert "metallic=1.7 is outside 0..1" in lines[2] and "L, a and b" in lines[3]
    assert "can't be a body paint" in lines[4] and "no code" in lines[5]
    assert [c.code for c in CandidateStore(library).load().candidates] == ["OK-1", "OK-2"]
    # the same file again: every row is already there, reported, nothing overwritten
    assert main(["import", str(path)]) == 1
    assert "already in the library" in capsys.readouterr().err


def test_bad_json_objects_are_reported_by_line(tmp_path):
    doc = {
        "candidates": [
            {"code": "J1", "name": {"en": "One", "zh": "一"}, "color": "#112233"},
            {"code": "J2", "name": {"en": "Two", "zh": "二"}, "color": {"lab": [150, 0, 0]}},
            {"code": "J3", "name": {"en": "Three"}, "spectrum": {"reflectance": [0.1, 0.2]}},
            "not an object",
        ]
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc, indent=2))
    result = read_candidates(path)
    assert [c.code for c in result.candidates] == ["J1"]
    text = path.read_text()

    def line_of(s: str) -> int:
        return text[: text.index(s)].count("\n") + 1

    starts = [line_of('"code": "J2"') - 1, line_of('"code": "J3"') - 1, line_of('"not an')]
    assert [e.split(": line ")[1].split(":")[0] for e in result.errors] == [str(n) for n in starts]
    assert "lightness 150" in result.errors[0] and "at least 8" in result.errors[1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "broken.json",
            '{"candidates": [\n  {"code": "X",}\n]}',
            r"broken\.json: line 2: not valid JSON",
        ),
        ("scalar.json", "42", r"scalar\.json: line 1: expected a list"),
        (
            "cols.csv",
            "code,colour_hex\nX,#000000\n",
            r"cols\.csv: line 1: unknown column\(s\) colour_hex",
        ),
        ("nocode.csv", "name_en,hex\nX,#000000\n", r"nocode\.csv: line 1: no 'code' column"),
        ("latin1.csv", b"code,name_en,hex\nX,Caf\xe9,#000000\n", r"latin1\.csv: line 2: not UTF-8"),
        (
            "broken.cxf",
            "<cc:CxF xmlns:cc='http://colorexchangeformat.com/CxF3-core'>\n<cc:Res",
            r"broken\.cxf: .*not a CxF3 file",
        ),
        (
            "empty.cxf",
            "<cc:CxF xmlns:cc='http://colorexchangeformat.com/CxF3-core'/>",
            r"empty\.cxf: holds no CxF3 Object",
        ),
        ("paint.txt", "x", r"paint\.txt: unknown format"),
        (
            "entities.cxf",
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<x>&b;</x>',
            r"entities\.cxf: line 2: a DTD or entity declaration",
        ),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(tmp_path, library, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(InputFileError, match=message):
        read_candidates(path)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("livery: error: ")
    assert not (library / "candidates").exists()


def test_a_missing_or_huge_file_is_refused(tmp_path, monkeypatch, capsys):
    assert main(["import", str(tmp_path / "none.csv")]) == 2
    assert "none.csv: no such file" in capsys.readouterr().err
    big = tmp_path / "big.csv"
    big.write_text("code\n" + "X\n" * 100)
    monkeypatch.setattr("livery.catalog.candidate_import.MAX_FILE_BYTES", 50)
    with pytest.raises(InputFileError, match="at most 50 bytes"):
        read_candidates(big)
