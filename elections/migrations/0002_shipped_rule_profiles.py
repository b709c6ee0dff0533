"""The two rule profiles shipped with the system (RULES.md "Rule profiles")."""
from django.db import migrations

NEGATIVE_LIST = [
    "因故意犯罪受过刑事处罚的",
    "存在“村霸”、涉黑涉恶问题或充当黑恶势力“保护伞”的",
    "涉嫌严重违纪违法正在接受审查调查的",
    "煽动群众闹事、扰乱公共秩序或参与非法宗教、邪教组织的",
    "近3年受过党纪政务处分或刑事处罚期满不足规定年限的",
    "以贿选等不正当手段参选的",
    "有严重违法用地、违章建房行为尚未整改的",
    "近5年内有严重损害生态环境行为的",
    "有恶意失信行为被法院纳入失信被执行人名单且至今未撤销的",
    "违法多生育三孩及以上的",
]
NEAR_RELATIVES = ["配偶", "父母", "子女", "兄弟姐妹", "祖父母、外祖父母", "孙子女、外孙子女", "子女的配偶",
                  "配偶的父母", "配偶的兄弟姐妹"]

SEED = dict(
    key="seed-district-plan", name="区实施方案（种子文件）",
    description="种子文件中的区实施方案：选民名单选举日前10日公布，正式候选人选举日前3日公布，差额不少于应选名额的20%，"
                "居民代表会议须有4/5以上代表出席，选举结果产生后5个工作日内完成移交。",
    voter_list_days_before=10, candidates_days_before=3, margin_rule="ratio", margin_percent=20,
    rep_quorum_numerator=4, rep_quorum_denominator=5, rep_quorum_strict=False,
    handover_days=5, handover_working_days=True, vice_chairs_min=1, vice_chairs_max=1,
)
NATIONAL = dict(
    key="national-model", name="全国通行做法",
    description="各省实施办法的通行做法：选民名单选举日前20日公布，正式候选人选举日前5日公布；主任、副主任候选人"
                "至少多1人，委员多1至3人；居民代表会议须有2/3以上代表出席；10日内完成移交；副主任1至2名。",
    voter_list_days_before=20, candidates_days_before=5, margin_rule="per_position", margin_leader_min=1,
    margin_member_min=1, margin_member_max=3, rep_quorum_numerator=2, rep_quorum_denominator=3,
    rep_quorum_strict=True, handover_days=10, handover_working_days=False, vice_chairs_min=1, vice_chairs_max=2,
)


def create(apps, schema_editor):
    RuleProfile = apps.get_model("elections", "RuleProfile")
    for values in (SEED, NATIONAL):
        RuleProfile.objects.update_or_create(
            key=values["key"],
            defaults={**values, "builtin": True, "negative_list": NEGATIVE_LIST, "near_relatives": NEAR_RELATIVES},
        )


def remove(apps, schema_editor):
    apps.get_model("elections", "RuleProfile").objects.filter(key__in=[SEED["key"], NATIONAL["key"]]).delete()


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
