"""``index.html``: a gallery of the set that opens from disk, with no server.

The page carries its data inline (no fetch, which browsers refuse for file://):
one tile per image, or per turntable, with every build it shows, so filtering by an
option finds an image that shows that option even when another build's render stands
for it. Click a tile for the full size; drag a turntable to turn it, or open its MP4.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from livery.catalog import Catalog
from livery.fileio import write_atomic

NAME = "index.html"


def tiles(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries grouped by what they show: a file, or a turntable's frames."""
    out: dict[str, dict[str, Any]] = {}
    for e in entries:
        if not e.get("file"):
            continue
        turntable = e.get("frame") is not None
        key = str(Path(e["file"]).parent) if turntable else e["file"]
        t = out.setdefault(
            key,
            {
                "vehicle": e["vehicle"],
                "camera": e["camera"],
                "environment": e["environment"],
                "size": e["size"],
                "files": [],
                "codes": [],
                "options": {},
                "price": e["price"],
                "video": e.get("video"),
            },
        )
        if e["file"] not in t["files"]:
            t["files"].append(e["file"])
        if e["share_code"] not in t["codes"]:
            t["codes"].append(e["share_code"])
        for group, option in e["options"].items():
            ids = t["options"].setdefault(group, [])
            if option["id"] not in ids:
                ids.append(option["id"])
    for t in out.values():
        t["files"].sort()
    return list(out.values())


def page(catalog: Catalog, entries: Sequence[dict[str, Any]], title: str) -> str:
    groups = [
        {
            "id": g.id,
            "name": f"{g.name.en} · {g.name.zh}",
            "options": [[o.id, f"{o.name.en} · {o.name.zh}"] for o in g.options],
        }
        for g in catalog.groups
    ]
    data = json.dumps({"tiles": tiles(entries), "groups": groups}, ensure_ascii=False)
    data = data.replace("</", "<\\/")
    return _TEMPLATE.replace("{{TITLE}}", html.escape(title)).replace("{{DATA}}", data)


def write(folder: Path, catalog: Catalog, entries: Sequence[dict[str, Any]]) -> Path:
    return write_atomic(folder / NAME, page(catalog, entries, f"Livery Studio · {folder.name}"))


_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f4f4f2;color:#222}
header{position:sticky;top:0;background:#fff;padding:10px 16px;border-bottom:1px solid #ddd;
  z-index:2}
header h1{font-size:18px;margin:0 0 8px}
header label{margin-right:12px;font-size:13px;white-space:nowrap}
#count{font-size:13px;color:#666}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;padding:16px}
figure{margin:0;background:#fff;border-radius:6px;overflow:hidden;cursor:pointer;
  box-shadow:0 1px 3px #0002}
figure img{width:100%;display:block}
figcaption{font-size:12px;padding:6px 8px;line-height:1.4}
.tag{display:inline-block;background:#223;color:#fff;border-radius:3px;padding:0 4px;font-size:11px}
#big{position:fixed;inset:0;background:#000d;display:none;align-items:center;justify-content:center;z-index:3}
#big img{width:96vw;height:88vh;object-fit:contain;user-select:none;-webkit-user-drag:none}
#big p{position:absolute;bottom:8px;color:#ddd;font-size:13px;width:100%;text-align:center}
</style></head><body>
<header><h1>{{TITLE}}</h1><div id="filters"></div><span id="count"></span></header>
<main id="grid"></main>
<div id="big"><img id="bigimg" alt=""><p id="bigtext"></p></div>
<script id="data" type="application/json">{{DATA}}</script>
<script>
const D = JSON.parse(document.getElementById("data").textContent);
const filters = {};
const F = document.getElementById("filters");
function addSelect(key, label, values) {
  if (values.length < 2) return;
  const l = document.createElement("label");
  l.textContent = label + " ";
  const s = document.createElement("select");
  s.dataset.key = key;
  s.add(new Option("all", ""));
  for (const [v, name] of values) s.add(new Option(name, v));
  s.onchange = () => { filters[key] = s.value; show(); };
  l.appendChild(s); F.appendChild(l);
}
const uniq = k => [...new Set(D.tiles.map(t => t[k]))].map(v => [v, v]);
addSelect("vehicle", "Vehicle", uniq("vehicle"));
addSelect("camera", "Camera", uniq("camera"));
addSelect("environment", "Light", uniq("environment"));
addSelect("size", "Size", uniq("size"));
for (const g of D.groups) {
  const used = new Set(D.tiles.flatMap(t => t.options[g.id] || []));
  addSelect("opt:" + g.id, g.name, g.options.filter(o => used.has(o[0])));
}
function matches(t) {
  for (const [k, v] of Object.entries(filters)) {
    if (!v) continue;
    if (k.startsWith("opt:")) { if (!(t.options[k.slice(4)] || []).includes(v)) return false; }
    else if (t[k] !== v) return false;
  }
  return true;
}
const grid = document.getElementById("grid");
const grouped = code => code.match(/.{1,4}/g).join("-");
function show() {
  grid.textContent = "";
  let n = 0;
  for (const t of D.tiles) {
    if (!matches(t)) continue;
    n++;
    const f = document.createElement("figure");
    const img = document.createElement("img");
    img.loading = "lazy"; img.src = t.files[0]; img.alt = t.codes[0];
    const c = document.createElement("figcaption");
    const spin = t.files.length > 1 ? ' <span class="tag">360°</span>' : "";
    const more = t.codes.length > 1 ? " +" + (t.codes.length - 1) : "";
    c.innerHTML = `<b>${grouped(t.codes[0])}</b>${more}${spin}<br>` +
      `${t.vehicle} · ${t.camera} · ${t.environment} · ${t.size}`;
    if (t.video) {
      const a = document.createElement("a");
      a.href = t.video; a.textContent = "MP4"; a.className = "tag"; a.title = "video";
      a.onclick = e => e.stopPropagation();
      c.append(" ", a);
    }
    f.append(img, c);
    f.onclick = () => open_(t);
    grid.appendChild(f);
  }
  document.getElementById("count").textContent = `${n} of ${D.tiles.length} images`;
}
const big = document.getElementById("big"), bigimg = document.getElementById("bigimg");
let current = null, frame = 0, dragX = null, moved = false;
function open_(t) {
  current = t; frame = 0; bigimg.src = t.files[0];
  t.files.forEach(f => { const i = new Image(); i.src = f; });
  document.getElementById("bigtext").textContent = t.codes.map(grouped).join("  ") +
    (t.files.length > 1 ? "  · drag to turn" : "");
  big.style.display = "flex";
}
bigimg.addEventListener("pointerdown", e => {
  dragX = e.clientX; moved = false; bigimg.setPointerCapture(e.pointerId); e.preventDefault();
});
bigimg.addEventListener("pointermove", e => {
  if (dragX === null || !current || current.files.length < 2) return;
  const step = Math.trunc((e.clientX - dragX) / 8);
  if (step !== 0) {
    const n = current.files.length;
    frame = ((frame - step) % n + n) % n; dragX = e.clientX; moved = true;
    bigimg.src = current.files[frame];
  }
});
bigimg.addEventListener("pointerup", () => { dragX = null; });
big.addEventListener("click", e => { if (!moved) big.style.display = "none"; moved = false; });
document.addEventListener("keydown", e => { if (e.key === "Escape") big.style.display = "none"; });
show();
</script></body></html>
"""
