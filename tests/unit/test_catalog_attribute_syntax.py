"""The one spec syntax of the editor and the catalog files: `颜色|Colour=红|Red;尺码|Size=M`."""

from __future__ import annotations

import pytest

from domain.catalog import attribute_syntax
from domain.catalog.attribute_syntax import format_attributes, parse


def test_a_spec_cell_reads_names_values_and_their_english_words() -> None:
    parsed = parse("颜色|Colour=红|Red; 尺码|Size=M")

    assert parsed.attributes == {"颜色": "红", "尺码": "M"}
    assert parsed.english == {"颜色": {"name": "Colour", "value": "Red"}, "尺码": {"name": "Size"}}
    assert parsed.errors == []


def test_english_words_are_optional_on_names_and_values_alike() -> None:
    parsed = parse("颜色=红|Red;尺码|Size=M;材质=棉")

    assert parsed.attributes == {"颜色": "红", "尺码": "M", "材质": "棉"}
    assert parsed.english == {"颜色": {"value": "Red"}, "尺码": {"name": "Size"}}


def test_full_width_separators_and_new_lines_typed_in_chinese_input_methods_work() -> None:
    parsed = parse("颜色｜Colour＝红；尺码＝M\n材质 = 棉 ")

    assert parsed.attributes == {"颜色": "红", "尺码": "M", "材质": "棉"}
    assert parsed.english == {"颜色": {"name": "Colour"}}


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("颜色", "颜色"),  # no value
        ("=红", "=红"),  # no name
        ("颜色=", "颜色="),  # empty value
        ("颜色=红;颜色=蓝", "颜色=蓝"),  # a name twice
        ("颜色|Colour=|Red", "颜色|Colour=|Red"),  # English but no own value
        ("名" * 33 + "=红", "名" * 33 + "=红"),  # a name past 32 characters
    ],
)
def test_an_unreadable_part_is_reported_and_left_out(text: str, bad: str) -> None:
    parsed = parse(text)

    assert parsed.errors == [bad]
    assert parsed.attributes == ({"颜色": "红"} if text.startswith("颜色=红;") else {})


def test_more_than_ten_specs_are_refused() -> None:
    parsed = parse(";".join(f"n{i}=v" for i in range(11)))

    assert len(parsed.attributes) == attribute_syntax.MAX_ATTRIBUTES and parsed.errors == ["n10=v"]


def test_a_written_cell_reads_back_unchanged() -> None:
    attributes = {"颜色": "红", "尺码": "M", "材质": "棉"}
    english = {"颜色": {"name": "Colour", "value": "Red"}, "尺码": {"value": "Medium"}}

    text = format_attributes(attributes, english)
    parsed = parse(text)

    assert text == "颜色|Colour=红|Red;尺码=M|Medium;材质=棉"
    assert (parsed.attributes, parsed.english) == (attributes, english)


def test_english_words_of_attributes_the_sku_lacks_or_left_blank_are_dropped() -> None:
    kept = attribute_syntax.english_of(
        {"颜色": "红"}, {"颜色": {"name": " Colour ", "value": ""}, "尺码": {"name": "Size"}}
    )

    assert kept == {"颜色": {"name": "Colour"}}
