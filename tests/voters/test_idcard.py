"""GB 11643 identity numbers: structure, birth date, ISO 7064 MOD 11-2 check digit, spreadsheet noise."""
import datetime

import pytest

from voters import idcard

VALID = "11010519491231002X"  # the standard's own example: born 1949-12-31, a woman, check digit X


def test_a_valid_number_gives_its_birth_date_and_sex():
    card = idcard.parse(VALID)
    assert card.number == VALID
    assert card.birth_date == datetime.date(1949, 12, 31)
    assert card.sex == "F"


def test_an_odd_17th_digit_is_a_man():
    number = idcard.make("110108", datetime.date(1990, 3, 7), 123)
    assert number == "110108199003071238"
    assert idcard.parse(number).sex == "M"


def test_a_wrong_check_digit_is_refused_naming_the_right_one():
    with pytest.raises(idcard.InvalidIdNumber) as exc:
        idcard.parse("110105194912310021")
    assert "X" in str(exc.value) and "1" in str(exc.value)


@pytest.mark.parametrize("first17", ["11010519491231002", "44030419800101001", "65010219991231123"])
def test_every_check_digit_made_is_accepted_and_every_other_refused(first17):
    right = idcard.check_char(first17)
    assert idcard.parse(first17 + right).number == first17 + right
    for wrong in "0123456789X":
        if wrong != right:
            with pytest.raises(idcard.InvalidIdNumber):
                idcard.parse(first17 + wrong)


def test_a_lower_case_x_is_accepted():
    assert idcard.parse("11010519491231002x").number == VALID


def test_full_width_digits_and_letters_are_accepted():
    assert idcard.parse("１１０１０５１９４９１２３１００２Ｘ").number == VALID


def test_spaces_tabs_and_ideographic_spaces_are_ignored():
    assert idcard.parse(" 110105 19491231\t002X\u3000").number == VALID


def test_17_digits_are_refused():
    with pytest.raises(idcard.InvalidIdNumber) as exc:
        idcard.parse("11010519491231002")
    assert "17" in str(exc.value)


def test_letters_in_the_middle_are_refused():
    with pytest.raises(idcard.InvalidIdNumber):
        idcard.parse("1101051949123100AX")


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "20230229"])
def test_impossible_birth_dates_are_refused(birth):
    first17 = f"110105{birth}002"
    with pytest.raises(idcard.InvalidIdNumber) as exc:
        idcard.parse(first17 + idcard.check_char(first17))
    assert birth in str(exc.value)


def test_29_february_of_a_leap_year_is_a_real_birth_date():
    first17 = "11010520000229002"
    assert idcard.parse(first17 + idcard.check_char(first17)).birth_date == datetime.date(2000, 2, 29)


def test_a_birth_date_in_the_future_or_before_1900_is_refused():
    for birth in ("20270101", "18991231"):
        first17 = f"110105{birth}002"
        with pytest.raises(idcard.InvalidIdNumber):
            idcard.parse(first17 + idcard.check_char(first17), today=datetime.date(2026, 11, 22))


def test_a_region_without_a_province_code_is_refused():
    for region in ("000000", "990101", "110000"):
        first17 = f"{region}19800101002"
        with pytest.raises(idcard.InvalidIdNumber):
            idcard.parse(first17 + idcard.check_char(first17))


@pytest.mark.parametrize("excel", [1.10105194912310e17, "1.10105E+17", "110105194912310000.0", "1.1010519491231E+17"])
def test_a_number_excel_stored_as_a_float_is_refused_not_repaired(excel):
    with pytest.raises(idcard.InvalidIdNumber) as exc:
        idcard.parse(excel)
    assert "Excel" in str(exc.value)


def test_an_exact_integer_from_a_program_is_read_as_the_number():
    first17 = "44030419800101001"
    number = first17 + idcard.check_char(first17)
    assert number[-1] != "X"
    assert idcard.parse(int(number)).number == number


def test_masking_keeps_the_first_6_and_last_4_characters():
    assert idcard.mask(VALID) == "110105********002X"
