"""The English names of the region tree (rule: infra/data/README.md): pinyin place names with English suffixes,
the well-known exceptions, and a committed data set that is complete and what the rule makes today."""

from __future__ import annotations

import json

import pytest

from infra import regions_data
from infra.region_names_en import english_name, english_names, pinyin_word


def tree_names() -> dict[str, str]:
    return {r["name"]: r["name_en"] for r in regions_data.rows()}


@pytest.mark.parametrize(
    ("name", "level", "english"),
    [
        # a province and a municipality by their names alone, a prefecture-level city too
        ("广东省", 1, "Guangdong"),
        ("北京市", 1, "Beijing"),
        ("深圳市", 2, "Shenzhen"),
        # district-level suffixes in English
        ("南山区", 3, "Nanshan District"),
        ("城口县", 3, "Chengkou County"),
        ("昆山市", 3, "Kunshan City"),
        ("浦东新区", 3, "Pudong New Area"),
        ("井陉矿区", 3, "Jingxing Mining District"),
        ("六枝特区", 3, "Liuzhi Special District"),
        ("阿里地区", 2, "Ngari Prefecture"),
        ("锡林郭勒盟", 2, "Xilingol League"),
        ("乌拉特前旗", 3, "Urad Front Banner"),
        # autonomous areas name their peoples
        ("延边朝鲜族自治州", 2, "Yanbian Korean Autonomous Prefecture"),
        ("大通回族土族自治县", 3, "Datong Hui and Tu Autonomous County"),
        ("双江拉祜族佤族布朗族傣族自治县", 3, "Shuangjiang Lahu, Va, Blang and Dai Autonomous County"),
        ("鄂伦春自治旗", 3, "Oroqen Autonomous Banner"),
        ("管城回族区", 3, "Guancheng Hui District"),
        # a development zone's leading province and city are words of their own
        ("河北唐山芦台经济开发区", 3, "Hebei Tangshan Lutai Economic Development Zone"),
    ],
)
def test_a_place_name_in_pinyin_takes_its_suffix_in_english(name: str, level: int, english: str) -> None:
    assert english_names([(name, level)], stems={"河北", "唐山"}) == [english]


@pytest.mark.parametrize(
    ("name", "level", "english"),
    [
        ("内蒙古自治区", 1, "Inner Mongolia"),
        ("西藏自治区", 1, "Xizang"),
        ("广西壮族自治区", 1, "Guangxi"),
        ("陕西省", 1, "Shaanxi"),
        ("山西省", 1, "Shanxi"),
        ("黑龙江省", 1, "Heilongjiang"),
        ("乌鲁木齐市", 2, "Urumqi"),
        ("拉萨市", 2, "Lhasa"),
        ("呼和浩特市", 2, "Hohhot"),
        ("哈尔滨市", 2, "Harbin"),
    ],
)
def test_the_well_known_exceptions_are_spelt_as_in_english(name: str, level: int, english: str) -> None:
    assert english_name(name, level) == english


@pytest.mark.parametrize(
    ("chinese", "pinyin"),
    [
        # pypinyin's phrases get these right
        ("重庆", "Chongqing"),
        ("长沙", "Changsha"),
        ("厦门", "Xiamen"),
        ("蚌埠", "Bengbu"),
        ("番禺", "Panyu"),
        # fixed by the tables: a character read one way in place names, and whole readings
        ("长治", "Changzhi"),
        ("尧都", "Yaodu"),
        ("南乐", "Nanle"),
        ("长子", "Zhangzi"),
        ("乐清", "Yueqing"),
        ("漯河", "Luohe"),
        ("闵行", "Minhang"),
        ("六合", "Luhe"),
    ],
)
def test_a_place_with_a_many_reading_character_is_read_as_the_place_is_called(chinese: str, pinyin: str) -> None:
    assert pinyin_word(chinese) == pinyin


def test_a_lone_character_reading_fixes_only_the_place_of_that_name() -> None:
    assert english_name("单县", 3) == "Shan County"
    assert english_name("蔚县", 3) == "Yu County"
    assert pinyin_word("单") == "Shan"


@pytest.mark.parametrize(
    ("chinese", "pinyin"),
    [("西安", "Xi'an"), ("六安", "Lu'an"), ("东阿", "Dong'e"), ("呼伦贝", "Hulunbei"), ("新干", "Xingan")],
)
def test_an_apostrophe_marks_only_a_syllable_starting_with_a_o_or_e(chinese: str, pinyin: str) -> None:
    assert pinyin_word(chinese) == pinyin


def test_u_umlaut_is_written_u_so_every_name_is_ascii() -> None:
    assert pinyin_word("吕梁") == "Luliang"


def test_the_committed_tree_reads_the_way_the_sample_says() -> None:
    names = tree_names()

    assert [names[n] for n in ("重庆市", "西藏自治区", "陕西省", "六安市", "西安市", "南山区")] == [
        "Chongqing",
        "Xizang",
        "Shaanxi",
        "Lu'an",
        "Xi'an",
        "Nanshan District",
    ]


def test_every_region_in_the_committed_file_has_a_non_empty_ascii_english_name() -> None:
    rows = regions_data.rows()

    missing = [r["code"] for r in rows if not r["name_en"].strip() or not r["name_en"].isascii()]

    assert len(rows) == 3347
    assert missing == []


def test_the_committed_english_names_are_what_the_rule_makes_today() -> None:
    # a changed rule or table without `python -m infra.regions_data --english` (and a migration) fails here
    committed = json.loads(regions_data.DATA_FILE.read_text(encoding="utf-8"))["regions"]

    remade = regions_data.with_english([r[:3] for r in committed])

    assert [r for r in remade if r not in committed] == []
