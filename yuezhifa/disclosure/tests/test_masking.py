"""The public masking (处罚法 第50条; 个人信息保护法 第28条, 第34条; LEGAL.md §5) catches personal data in every written
form: phones with dots or spaces, numbers in Chinese numerals, health data, room numbers of homes and vehicle plates;
and leaves alone what is not personal (dates, amounts, shops, 致癌 substances, licence numbers)."""

import pytest

from ..masking import HIDDEN, mask_text


@pytest.mark.parametrize("text, secret", [
    # phones with dots or spaces between the groups
    ("联系电话138.0013.8000。", "138.0013.8000"),
    ("其手机 138 0013 8000 已关机", "138 0013 8000"),
    ("座机020.8765.4321", "020.8765.4321"),
    ("号码为139·2647·0318", "139·2647·0318"),
    # numbers in Chinese numerals: a mobile (零 and 〇, 幺 for 1), an 18-digit ID number with its X
    ("当事人称其号码是一三八零零一三八零零零。", "一三八零零一三八零零零"),
    ("手机号一三八〇〇一三八〇〇〇", "一三八〇〇一三八〇〇〇"),
    ("拨打幺三八 零零幺三 八零零零联系", "幺三八 零零幺三 八零零零"),
    ("身份证号四四〇一〇六一九八五〇三一二二〇一X在案", "四四〇一〇六一九八五〇三一二二〇一X"),
    ("证件号码壹叁捌零零壹叁捌零零零", "壹叁捌零零壹叁捌零零零"),
    ("电话138零零一三8000", "138零零一三8000"),
    # health data
    ("当事人因糖尿病住院治疗", "糖尿病"),
    ("当事人因病住院期间", "住院"),
    ("经检测为HIV阳性", "HIV"),
    ("经检测为HIV阳性", "阳性"),
    ("其子患艾滋病多年", "艾滋病"),
    ("证人有精神病史", "精神病"),
    ("其母亲肺癌晚期", "肺癌"),
    ("当事人系乙肝病毒携带者", "乙肝"),
    # room numbers of homes
    ("在其租住的3栋502房内存放", "3栋502房"),
    ("送至12-1102室", "12-1102室"),
    ("在502号房发现", "502号房"),
    ("在2单元301查获", "2单元301"),
    ("B座1203室", "1203"),
    # vehicle plates
    ("驾驶粤A·12345小型汽车", "粤A·12345"),
    ("车牌号粤B12345", "粤B12345"),
    ("新能源车粤AD12345停在路边", "粤AD12345"),
    ("外省车辆湘A 1234X", "湘A 1234X"),
])
def test_new_forms_are_hidden(text, secret):
    masked = mask_text(text)
    assert secret not in masked and HIDDEN in masked, masked


@pytest.mark.parametrize("text", [
    "二〇二六年十一月二十八日",
    "罚款7.500000万元",
    "2026.11.28",
    "粤ICP备12345678号",
    "天河区汇景广场3号铺销售",
    "黄曲霉毒素属致癌物质",
    "第一百二十四条第一款第（五）项",
    "一二三四五六",
    "广州市天河区天府路1号询问室",
    "依据《中华人民共和国传染病防治法》第七十三条、《艾滋病防治条例》第六十二条和《残疾人保障法》",
])
def test_what_is_not_personal_stays(text):
    assert mask_text(text) == text


def test_adjacent_hidden_words_read_as_one():
    assert mask_text("因糖尿病住院") == f"因{HIDDEN}"
