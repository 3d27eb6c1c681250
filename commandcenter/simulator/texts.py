"""The words on simulated cases: descriptions, reasons and notes as people write them."""
from __future__ import annotations

import random

from ..case import Source

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何",
            "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓",
            "许", "傅", "沈", "曾", "彭", "吕")

_COMPONENT_FAULTS = ("破损", "缺失", "松动", "倾斜", "污损", "移位", "被遮挡")
_CLASS_FAULTS = {
    "0111": ("路灯不亮", "路灯白天常亮", "灯杆倾斜"),
    "0302": ("垃圾箱满溢", "垃圾箱破损", "垃圾箱周边脏乱"),
    "0301": ("公厕设施损坏", "公厕卫生差", "公厕无水"),
    "0401": ("行道树枯死", "树枝遮挡交通标志", "行道树倾斜"),
    "0402": ("绿地斑秃", "绿地内堆放杂物", "绿地踩踏严重"),
    "0203": ("护栏撞坏", "护栏缺失", "护栏锈蚀"),
}
_EVENT_DETAILS = {
    "E0102": ("路边堆放生活垃圾", "垃圾桶旁散落垃圾", "绿化带内有暴露垃圾"),
    "E0104": ("路面有油污", "人行道泥土较多", "路面积存落叶杂物"),
    "E0201": ("墙面张贴小广告", "电线杆上喷涂小广告", "楼道口小广告较多"),
    "E0401": ("流动商贩占道经营", "路口有无照游商", "游商售卖水果"),
    "E0402": ("商铺在店外摆放商品", "餐馆店外经营", "店外摆放桌椅"),
    "E0403": ("摊贩占用人行道", "早市占道", "占道摆摊"),
    "E0407": ("机动车占用人行道停放", "车辆堵塞消防通道", "路口乱停车"),
    "E0408": ("共享单车堆积", "自行车堵塞盲道", "非机动车乱停放"),
}
_WHERE = ("附近", "路口", "东侧", "西侧", "南侧", "北侧", "门前", "人行道上")
_TAILS = ("", "", "，请尽快处置", "，影响通行", "，居民反映强烈", "，已持续多日", "，存在安全隐患")
_PREFIX = {Source.SUPERVISOR: "", Source.HOTLINE: "市民来电反映：", Source.VIDEO: "视频巡查发现：",
           Source.REFERRAL: "上级交办："}
_NOTES = {
    "reject": ("不属于城市管理范围", "重复上报", "位置信息不全，无法定位", "已由其他渠道受理"),
    "unconfirmed": ("现场核实未发现问题", "问题已自行消除", "现场与描述不符"),
    "cancel": ("重复立案，已合并", "误报，作废", "与已立案件重复"),
    "redispatch": ("派遣有误，改派责任部门", "责任主体变更，重新派遣"),
    "return": ("不属于本部门职责范围", "权属不清，请重新派遣", "应由其他部门处置"),
    "unjustified_return": ("人手不足，建议转街道处理", "非本单位管辖，请核实", "设施权属待确认"),
    "extension": ("需协调产权单位", "材料采购中", "天气原因暂无法施工", "需履行执法程序", "需多部门联合处置"),
    "suspension": ("涉及历史遗留问题，需上级协调", "需纳入年度改造计划", "涉及诉讼，暂缓处置"),
    "done": ("已处置完毕", "已清理干净", "已修复", "已整改到位", "已劝离并清理"),
    "rework": ("现场核查未处置到位", "仍有残留，需返工", "整改不彻底"),
}


class Texts:
    def __init__(self, district_map):
        self._community_names = {c.code: c.name for c in district_map.communities}

    def description(self, small, grid_code: str, source: Source, rng: random.Random) -> str:
        if small.kind == "component":
            fault = rng.choice(_CLASS_FAULTS.get(small.code) or tuple(small.zh + f for f in _COMPONENT_FAULTS))
        else:
            fault = rng.choice(_EVENT_DETAILS.get(small.code) or (small.zh,))
        community = self._community_names.get(grid_code[:12], "")
        where = f"{community}{int(grid_code[12:])}号网格{rng.choice(_WHERE)}"
        return f"{_PREFIX[source]}{where}{fault}{rng.choice(_TAILS)}"

    @staticmethod
    def caller(rng: random.Random) -> tuple[str, str]:
        """A hotline caller's name and mobile number (citizens' data: never on the wall)."""
        name = rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
        return name, f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"

    @staticmethod
    def pick(kind: str, rng: random.Random) -> str:
        return rng.choice(_NOTES[kind])
