"""Masking personal data for display (DESIGN §5.5, 个人信息保护法 第28条): a masked value keeps its shape and never
gives away what it hides."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuezhifa.core.masking import mask_id_number, mask_name, mask_phone

RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body: str) -> str:
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, RIC_WEIGHTS, strict=True)) % 11]


# --- ID numbers ---------------------------------------------------------------------------------------------


def test_id_number_keeps_the_first_six_and_the_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_old_fifteen_digit_number_hides_its_whole_birth_date():
    """Positions 7-12 are YYMMDD; the last four would give away the day, so only the last three stay."""
    masked = mask_id_number("110105491231002")
    assert masked == "110105******002"
    assert "491231" not in masked and "1231" not in masked


@pytest.mark.parametrize(("value", "masked"), [
    ("E12345678", "E1*****78"),   # passport
    ("1234567890", "12******90"),
    ("ABC", "***"),
    ("A", "*"),
    ("", ""),
    (None, ""),
])
def test_other_certificate_numbers_keep_at_most_a_quarter_at_each_end(value, masked):
    assert mask_id_number(value) == masked


@given(
    st.text("0123456789", min_size=6, max_size=6),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
    st.text("0123456789", min_size=3, max_size=3),
)
def test_a_masked_id_number_never_reveals_the_birth_date(area, birth, sequence):
    number = resident_id(f"{area}{birth:%Y%m%d}{sequence}")
    masked = mask_id_number(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:14] == "********"
    assert f"{birth:%Y%m%d}" not in masked
    assert len(masked) == 18


# --- phone numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("020-87654321", "020*****4321"),
    ("+86 138 1234 5678", "+86*******5678"),
    ("87654321", "****4321"),
    ("8765432", "*******"),
    ("110", "***"),
    ("", ""),
    (None, ""),
])
def test_phone_numbers(value, masked):
    assert mask_phone(value) == masked


@given(st.text("0123456789", min_size=11, max_size=11))
def test_a_masked_mobile_number_hides_its_middle_four(number):
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[-4:]


@given(st.text("0123456789+-", min_size=1, max_size=20))
def test_a_masked_phone_keeps_its_length_and_hides_at_least_four_characters(number):
    masked = mask_phone(number)
    assert len(masked) == len(number)
    assert masked.count("*") >= min(len(number), 4)


# --- names --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "masked"), [
    ("张三丰", "张**"),
    ("张三", "张*"),
    ("欧阳娜娜", "欧***"),
    (" 李四 ", "李*"),
    ("张", "*"),
    ("", ""),
    (None, ""),
])
def test_names_keep_only_the_first_character(value, masked):
    assert mask_name(value) == masked


@given(st.text(st.characters(blacklist_categories=["Z", "C"], blacklist_characters="*"), min_size=1, max_size=20))
def test_no_non_empty_value_is_ever_returned_unmasked(value):
    for mask in (mask_name, mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value)
        assert masked != value
