"""Seed the vocabulary of circumstances with those the law names (处罚法 第30-33条, 第36条, 第49条) and the common
aggravating ones. The list is copied here, not imported, so that this migration keeps meaning what it meant when it was
written; later changes to the vocabulary come as new migrations or through administrators.
"""

from django.db import migrations

ROWS = [
    # code, name, category, basis, default tier, natural persons only
    ("under_14", "不满十四周岁", "exemption", "《中华人民共和国行政处罚法》第三十条", "", True),
    ("mental_incapable", "精神病人、智力残疾人在不能辨认或者不能控制自己行为时实施违法行为", "exemption", "《中华人民共和国行政处罚法》第三十一条", "", True),
    ("no_fault", "有证据足以证明没有主观过错", "exemption", "《中华人民共和国行政处罚法》第三十三条第二款", "", False),
    ("time_barred", "违法行为在法定追责期限内未被发现", "exemption", "《中华人民共和国行政处罚法》第三十六条", "", False),
    ("minor_violation", "违法行为轻微", "fact", "《中华人民共和国行政处罚法》第三十三条第一款", "", False),
    ("corrected", "及时改正", "fact", "《中华人民共和国行政处罚法》第三十三条第一款", "", False),
    ("no_harm", "没有造成危害后果", "fact", "《中华人民共和国行政处罚法》第三十三条第一款", "", False),
    ("slight_harm", "危害后果轻微", "fact", "《中华人民共和国行政处罚法》第三十三条第一款", "", False),
    ("first_violation", "初次违法", "fact", "《中华人民共和国行政处罚法》第三十三条第一款", "", False),
    ("age_14_to_18", "已满十四周岁不满十八周岁", "leniency", "《中华人民共和国行政处罚法》第三十条", "lighter", True),
    ("mental_limited", "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人", "leniency", "《中华人民共和国行政处罚法》第三十一条", "lighter", True),
    ("mitigated_harm", "主动消除或者减轻违法行为危害后果", "leniency", "《中华人民共和国行政处罚法》第三十二条第（一）项", "lighter", False),
    ("coerced", "受他人胁迫或者诱骗实施违法行为", "leniency", "《中华人民共和国行政处罚法》第三十二条第（二）项", "lighter", False),
    ("confessed", "主动供述行政机关尚未掌握的违法行为", "leniency", "《中华人民共和国行政处罚法》第三十二条第（三）项", "lighter", False),
    ("meritorious", "配合行政机关查处违法行为有立功表现", "leniency", "《中华人民共和国行政处罚法》第三十二条第（四）项", "lighter", False),
    ("other_statutory_leniency", "法律、法规、规章规定的其他应当从轻或者减轻处罚的情形", "leniency", "《中华人民共和国行政处罚法》第三十二条第（五）项", "lighter", False),
    ("repeated", "多次违法", "aggravation", "裁量基准规定", "heavier", False),
    ("serious_harm", "造成严重后果", "aggravation", "裁量基准规定", "heavier", False),
    ("refused_cooperation", "拒不配合调查、隐匿或者销毁证据", "aggravation", "裁量基准规定", "heavier", False),
    ("refused_correction", "拒不改正或者逾期未改正", "aggravation", "罚则规定（常作为罚款情形的适用条件）", "", False),
    ("vulnerable_groups", "涉及学生、老年人等重点人群", "aggravation", "裁量基准规定", "heavier", False),
    ("emergency", "突发事件期间违反突发事件应对措施", "aggravation", "《中华人民共和国行政处罚法》第四十九条", "heavier", False),
]


def seed(apps, schema_editor):
    Circumstance = apps.get_model("discretion", "Circumstance")
    for order, (code, name, category, basis, default_tier, natural_only) in enumerate(ROWS):
        Circumstance.objects.update_or_create(code=code, defaults={
            "name": name, "category": category, "basis": basis, "default_tier": default_tier,
            "natural_only": natural_only, "builtin": True, "active": True, "order": (order + 1) * 10,
        })


def unseed(apps, schema_editor):
    apps.get_model("discretion", "Circumstance").objects.filter(code__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("discretion", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
