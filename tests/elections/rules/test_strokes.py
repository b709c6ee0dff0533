"""CAN-6: formal candidates in the customary surname stroke order (按姓氏笔画为序)."""
import pytest

from elections.rules.strokes import (
    char_sort_key,
    first_stroke,
    sort_by_surname_strokes,
    split_surname,
    stroke_count,
    stroke_sort_key,
    stroke_table,
)


@pytest.mark.parametrize(("char", "count"), [
    ("一", 1), ("丁", 2), ("马", 3), ("王", 4), ("司", 5), ("阳", 6), ("刘", 6), ("李", 7), ("张", 7),
    ("陈", 7), ("欧", 8), ("骨", 9), ("德", 15),
    ("范", 8),  # 艹 is 3 strokes in the PRC standard (Unihan's kTotalStrokes says 9)
])
def test_can_6_known_stroke_counts(char, count):
    assert stroke_count(char) == count


@pytest.mark.parametrize(("char", "stroke"), [("王", "1"), ("山", "2"), ("川", "3"), ("之", "4"), ("马", "5"),
                                              ("丁", "1"), ("心", "4")])
def test_can_6_first_strokes_heng_shu_pie_dian_zhe(char, stroke):
    assert first_stroke(char) == stroke


def test_can_6_fewer_strokes_first_and_compound_surnames_are_whole():
    # 丁 2, 王 4, 司(马) 5, 欧(阳) 8
    names = ["欧阳修", "王小明", "司马光", "丁一"]
    assert sort_by_surname_strokes(names) == ["丁一", "王小明", "司马光", "欧阳修"]


def test_can_6_same_stroke_count_by_first_stroke():
    # all 3 strokes; first strokes 横 竖 撇 点 折
    names = ["马丽", "之华", "川岛", "山峰", "于谦"]
    assert sort_by_surname_strokes(names) == ["于谦", "山峰", "川岛", "之华", "马丽"]


def test_can_6_same_count_and_first_stroke_then_the_next_strokes():
    # 张 5153154 before 陈 5215234: 7 strokes, both start with 折, the second stroke decides;
    # 李 1234521 starts with 横
    assert sort_by_surname_strokes(["陈红", "张伟", "李娜"]) == ["李娜", "张伟", "陈红"]


def test_can_6_same_surname_then_the_given_name_the_same_way():
    # 一 1 stroke, 二 2, 五 4; 小 and 山 have 3 strokes and start with 竖: 小 234 < 山 252
    names = ["王五", "王二", "王一", "王山", "王小"]
    assert sort_by_surname_strokes(names) == ["王一", "王二", "王小", "王山", "王五"]


def test_can_6_a_compound_surname_is_compared_as_a_whole_surname():
    # 欧 alone is a shorter surname than 欧阳, whatever the given names
    assert sort_by_surname_strokes(["欧阳一", "欧德"]) == ["欧德", "欧阳一"]
    assert split_surname("诸葛亮") == ("诸葛", "亮")
    assert split_surname("司马") == ("司", "马")  # two characters: surname 司, given name 马
    assert split_surname("买买提·艾力") == ("买", "买提艾力")
    assert split_surname("东方红", surname="东") == ("东", "方红")


def test_can_6_sorts_records_by_a_key():
    people = [{"name": "王五"}, {"name": "丁一"}]
    assert sort_by_surname_strokes(people, key=lambda p: p["name"]) == [{"name": "丁一"}, {"name": "王五"}]


def test_can_6_rare_and_foreign_characters_sort_after_known_ones():
    rare = next(c for c, (count, seq) in stroke_table().items() if count == 4 and not seq)
    # a 4-stroke hanzi without a known sequence: after the 4-stroke ones with one, before 5 strokes
    assert char_sort_key(rare) > max(char_sort_key(c) for c, (n, s) in stroke_table().items() if n == 4 and s)
    assert char_sort_key(rare) < char_sort_key("司")
    assert sort_by_surname_strokes(["Smith", "王五"]) == ["王五", "Smith"]
    assert stroke_sort_key("王五") < stroke_sort_key("Smith")


def test_can_6_stroke_data_covers_the_20902_gbk_hanzi():
    table = stroke_table()
    assert len(table) == 20902
    assert sum(1 for _count, seq in table.values() if seq) >= 6900
    assert all(len(seq) == count for count, seq in table.values() if seq)
