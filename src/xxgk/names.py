"""Agency names as printed: their normal form, the regions they begin with, the kind of agency, the credit code
in a 索引号, and how alike two names are. Pure functions, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# Long forms of the short names agencies print for themselves, longest first (淄博高新区管委会 ↔
# 淄博高新技术产业开发区管理委员会). Applied to both names before comparing.
ABBREVIATIONS = (
    ("高新技术产业开发区", "高新区"),
    ("高新技术产业园区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("管理委员会", "管委会"),
    ("人民政府办公室", "政府办"),
    ("人民政府", "政府"),
)
_PUNCT = re.compile(r"[\s\u3000·•（）()【】\[\]“”\"'、,，.。:：]")
# 统一社会信用代码 (GB 32100-2015): 18 characters; an agency's begins with 11 (机关) or 12 (事业单位).
_CREDIT = re.compile(r"(?<![0-9A-Z])(1[0-9A-HJ-NPQRTUWXY][0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY])"
                     r"(?![0-9A-Z])")
_PLACE = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,10}?(?P<suffix>特别行政区|自治区|自治州|自治县|省|市|州|盟|地区|"
                    r"新区|区|县|旗|乡|镇|街道))")
_NOT_PLACE = set("局委办厅院部所站队会中")
_ZONE_SHORT = ("高新区", "经开区", "开发区", "产业园区", "工业园区", "保税区")
_ZONE = re.compile(r"[\u4e00-\u9fff]{2,12}?(高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|"
                   r"产业园区|工业园区|保税区|综合试验区)")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form two spellings of one name share: no spaces or punctuation, short forms for the long ones."""
    text = _PUNCT.sub("", name)
    for long, short in ABBREVIATIONS:
        text = text.replace(long, short)
    if text.endswith(_ZONE_SHORT):
        text += "管委会"  # a zone's report is its committee's: 淄博高新技术产业开发区 is 淄博高新区管委会
    return text


def credit_code(index_no: str | None) -> str | None:
    """The 统一社会信用代码 an index number (索引号) begins with, as in 113208007833785008/2025-00001."""
    if not index_no:
        return None
    match = _CREDIT.search(index_no.upper())
    return match.group(1) if match else None


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # a RegionKind value


def places(name: str) -> list[Place]:
    """The regions an agency's name begins with, widest first: 淮安市洪泽区人民政府 → 淮安市, 洪泽区."""
    found: list[Place] = []
    rest = _PUNCT.sub("", name)
    while rest:
        zone = _ZONE.match(rest)
        if zone:
            found.append(Place(zone.group(0), "zone"))
            break
        match = _PLACE.match(rest)
        if not match or set(match.group("name")[:-1]) & _NOT_PLACE or len(match.group("name")) < 2:
            break
        place, suffix = match.group("name"), match.group("suffix")
        tail = rest[len(place):]
        if not tail or tail.startswith(("人民政府", "政府")) and suffix in ("乡", "镇", "街道"):
            found.append(Place(place, "town"))
            break
        found.append(Place(place, _place_kind(suffix, found)))
        rest = tail
    return found


def _place_kind(suffix: str, wider: list[Place]) -> str:
    if suffix in ("省", "自治区", "特别行政区"):
        return "province"
    if suffix in ("乡", "镇", "街道"):
        return "town"
    if suffix in ("市", "州", "盟", "地区", "自治州") and not any(p.kind == "city" for p in wider):
        return "city"
    return "county"


def agency_kind(name: str) -> str:
    """The kind of agency its name says (an AgencyKind value)."""
    key = _PUNCT.sub("", name)
    if key.endswith(("管理委员会", "管委会")) or (_ZONE.fullmatch(key) is not None):
        return "zone_committee"
    if key.endswith(("街道办事处", "街道")):
        return "subdistrict"
    if key.endswith("人民政府"):
        return "government"
    if key.endswith(("局", "委员会", "委", "办公室", "厅", "办", "中心", "院", "署", "部")):
        return "department"
    return "other"


def body(name: str) -> str:
    """The name without its leading regions: 淮安市洪泽区人民政府 → 人民政府."""
    key = name_key(name)
    for place in places(name):
        short = name_key(place.name)
        if key.startswith(short):
            key = key[len(short):]
    return key


def plainly_same(a: str, b: str) -> bool:
    """True when two names plainly name one agency: equal once normalised, or one is the other with wider regions
    in front (洪泽区人民政府 / 淮安市洪泽区人民政府), the shorter still naming its own region."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    if not long.endswith(short):
        return False
    own = places(short)
    return bool(own) and own[0].kind != "province" and len(name_key(own[0].name)) >= 2 and body(short) != ""


def likeness(a: str, b: str) -> float:
    """How alike two names are, 0 to 1, on their normal forms; names of different agency kinds or with
    different bodies after the region score low."""
    ka, kb = name_key(a), name_key(b)
    ratio = SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    if agency_kind(a) != agency_kind(b):
        ratio *= 0.5
    return ratio
