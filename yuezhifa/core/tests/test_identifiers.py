"""统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999), LEGAL.md §6.

The check characters are computed here from the weights in LEGAL.md §6, independently of the code under test."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from yuezhifa.core.identifiers import (
    is_valid_credit_code,
    is_valid_resident_id,
    validate_credit_code,
    validate_resident_id,
)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_ALPHABET = "0123456789X"
PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]


def uscc_check(body: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def ric_check(body: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, RIC_WEIGHTS, strict=True)) % 11]


def credit_code(body: str) -> str:
    return body + uscc_check(body)


def resident_id(body: str) -> str:
    return body + ric_check(body)


def message(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_the_independent_check_functions_agree_with_the_published_examples():
    assert credit_code("9144030071526726X") == "9144030071526726XG"
    assert resident_id("11010519491231002") == "11010519491231002X"


# --- 统一社会信用代码 ---------------------------------------------------------------------------------------


def test_example_credit_code_is_valid():
    assert validate_credit_code("9144030071526726XG") == "9144030071526726XG"
    assert is_valid_credit_code("9144030071526726XG")


@pytest.mark.parametrize("typed", [" 9144 0300 7152 6726 xg ", "９１４４０３００７１５２６７２６ＸＧ"])
def test_credit_code_is_normalised_from_spaces_lower_case_and_full_width(typed):
    assert validate_credit_code(typed) == "9144030071526726XG"


@pytest.mark.parametrize("prefix", ["N1", "N2", "N3", "Y1", "A1", "A9", "51", "12"])
def test_letter_registration_authority_codes_are_accepted_although_stdnum_rejects_them(prefix):
    """GB 32100-2015 登记管理部门码 may be a letter (N 农业, Y 其他, A 中央军委改革和编制办公室): such codes are real."""
    code = credit_code(f"{prefix}440300MA5F2K8Q1")
    assert validate_credit_code(code) == code
    if not prefix.isdigit():
        assert not uscc.is_valid(code)


def test_wrong_check_character_is_rejected_naming_the_field_and_the_expected_character():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("9144030071526726XH")
    assert caught.value.code == "checksum"
    assert "统一社会信用代码校验码错误" in message(caught)
    assert "应为 G" in message(caught)


def test_the_field_named_in_the_message_is_the_callers():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("9144030071526726XH", field="当事人统一社会信用代码")
    assert message(caught).startswith("当事人统一社会信用代码")


@pytest.mark.parametrize("value", ["9144030071526726X", "9144030071526726XG0", "91440300"])
def test_wrong_length_is_rejected(value):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    assert caught.value.code == "length"
    assert f"统一社会信用代码应为 18 位，实际为 {len(value)} 位" in message(caught)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_forbidden_letters_are_rejected(letter):
    code = f"91440300715267{letter}6XG"
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == "format"
    assert f"统一社会信用代码含有不允许的字符 {letter}" in message(caught)


def test_region_positions_must_be_digits():
    code = credit_code("9144A30071526726X")
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert "第 3-8 位应为登记管理机关行政区划码" in message(caught)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty_credit_code_is_required(value):
    with pytest.raises(ValidationError, match="统一社会信用代码不能为空"):
        validate_credit_code(value)


# The GB 32100-2015 structure: 登记管理部门码 + 机构类别码 (alphabet), 登记管理机关行政区划码 (6 digits),
# 主体标识码 (9 characters of the alphabet); the check character follows.
uscc_bodies = st.builds(
    lambda head, region, subject: head + region + subject,
    st.text(USCC_ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)


@given(uscc_bodies)
def test_any_body_with_its_computed_check_character_is_valid(body):
    code = credit_code(body)
    assert validate_credit_code(code) == code


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_changing_any_one_character_makes_the_code_invalid(body, position, replacement):
    code = credit_code(body)
    if code[position] == replacement:
        replacement = USCC_ALPHABET[(USCC_ALPHABET.index(replacement) + 1) % len(USCC_ALPHABET)]
    changed = code[:position] + replacement + code[position + 1:]
    assert not is_valid_credit_code(changed)


@given(st.text(USCC_ALPHABET, min_size=17, max_size=17).filter(lambda b: not b[2:8].isdigit()))
def test_a_body_with_letters_in_the_region_positions_is_invalid_even_with_the_right_check(body):
    assert not is_valid_credit_code(credit_code(body))


# --- 居民身份证号码 -----------------------------------------------------------------------------------------


def test_example_resident_id_is_valid():
    assert validate_resident_id("11010519491231002X") == "11010519491231002X"
    assert validate_resident_id(" 11010519491231002x ") == "11010519491231002X"
    assert validate_resident_id("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert is_valid_resident_id("11010519491231002X")


@pytest.mark.parametrize("body", [
    "46010019500101123",  # 海南: code from 1988, holder born 1950
    "50010119500101123",  # 重庆: code from 1997
    "44190019800101123",  # 东莞 as a prefecture-level city: code from 1988
    "44030319600101123",  # 深圳罗湖区: code from 1990
    "81000019900101123",  # 港澳台居民居住证
])
def test_real_numbers_with_area_codes_newer_than_the_birth_are_accepted(body):
    """The area code is where the number was issued, not where or when its holder was born."""
    number = resident_id(body)
    assert validate_resident_id(number) == number
    assert not ric.is_valid(number)  # why the module does not delegate to stdnum


def test_wrong_check_character_is_rejected():
    with pytest.raises(ValidationError) as caught:
        validate_resident_id("110105194912310021")
    assert caught.value.code == "checksum"
    assert "居民身份证号码校验码错误（最后一位应为 X）" in message(caught)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490001", "18000101"])
def test_impossible_birth_date_is_rejected(birth):
    number = resident_id(f"110105{birth}002")
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(number)
    assert caught.value.code == "component"
    assert "居民身份证号码第 7-14 位出生日期无效" in message(caught)


def test_birth_date_in_the_future_is_rejected():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    number = resident_id(f"110105{tomorrow:%Y%m%d}002")
    with pytest.raises(ValidationError, match="出生日期晚于今天"):
        validate_resident_id(number)


@pytest.mark.parametrize("value", ["11010519491231002", "11010519491231002X1", "110105491231002"])
def test_wrong_length_resident_id_is_rejected(value):
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(value)
    assert caught.value.code == "length"
    assert f"居民身份证号码应为 18 位，实际为 {len(value)} 位" in message(caught)


@pytest.mark.parametrize("value", ["1101051949123100AX", "11010519491231002Y"])
def test_letters_other_than_a_final_x_are_rejected(value):
    with pytest.raises(ValidationError, match="居民身份证号码格式错误"):
        validate_resident_id(value)


@pytest.mark.parametrize("area", ["000000", "990101", "700101"])
def test_unknown_province_prefix_is_rejected(area):
    with pytest.raises(ValidationError, match="居民身份证号码前 6 位地址码无效"):
        validate_resident_id(resident_id(f"{area}19850315001"))


def test_messages_name_the_callers_field_and_never_repeat_the_number():
    number = "110105194912310021"
    with pytest.raises(ValidationError) as caught:
        validate_resident_id(number, field="当事人身份证号码")
    assert message(caught).startswith("当事人身份证号码")
    assert number not in message(caught)
    assert "19491231" not in message(caught)


@pytest.mark.parametrize("value", ["", None])
def test_empty_resident_id_is_required(value):
    with pytest.raises(ValidationError, match="居民身份证号码不能为空"):
        validate_resident_id(value)


resident_bodies = st.builds(
    lambda province, county, birth, sequence: f"{province}{county}{birth:%Y%m%d}{sequence}",
    st.sampled_from(PROVINCES),
    st.text("0123456789", min_size=4, max_size=4),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
    st.text("0123456789", min_size=3, max_size=3),
)


@given(resident_bodies)
def test_any_valid_area_and_date_with_the_computed_check_character_is_valid(body):
    number = resident_id(body)
    assert validate_resident_id(number) == number


@given(resident_bodies, st.integers(0, 17), st.sampled_from(RIC_ALPHABET))
def test_changing_any_one_character_makes_the_resident_id_invalid(body, position, replacement):
    number = resident_id(body)
    if number[position] == replacement:
        replacement = RIC_ALPHABET[(RIC_ALPHABET.index(replacement) + 1) % len(RIC_ALPHABET)]
    changed = number[:position] + replacement + number[position + 1:]
    assert not is_valid_resident_id(changed)
