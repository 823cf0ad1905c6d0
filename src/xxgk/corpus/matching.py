"""Which agency a printed name belongs to: the same agency across years and spellings is recognised where the
evidence is clear (the credit code, the same normalised name, the same name with wider regions in front) and
proposed for a person's confirmation where it is only likely."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Agency, AgencyName, MatchProposal, Region
from ..names import agency_kind, credit_code, likeness, name_key, places, plainly_same

PROPOSE_AT = 0.8  # likeness from which two agencies are shown to a person as possibly one


@dataclass(frozen=True)
class Match:
    agency: Agency
    created: bool
    reason: str  # why this agency: "credit_code", "name", "longer_name", "new"


def match_agency(printed: str, index_no: str | None = None) -> Match:
    """The agency that printed ``printed`` (with this 索引号), created with its region when none is clearly it;
    the name is remembered as one of the agency's names."""
    code = credit_code(index_no)
    key = name_key(printed)
    agency, reason = _clear_match(printed, key, code)
    created = agency is None
    if created:
        agency = Agency.objects.create(name=printed, kind=agency_kind(printed), region=resolve_region(printed),
                                       credit_code=code)
        reason = "new"
        propose_matches(agency, printed)
    else:
        _learn(agency, printed, code)
    AgencyName.objects.get_or_create(name=printed, defaults={"agency": agency, "key": key})
    return Match(agency, created, reason)


def _clear_match(printed: str, key: str, code: str | None) -> tuple[Agency | None, str]:
    if code:
        agency = Agency.objects.filter(credit_code=code).first()
        if agency:
            return agency, "credit_code"
    named = AgencyName.objects.filter(name=printed).select_related("agency").first()
    if named and _codes_agree(named.agency, code):
        return named.agency, "name"
    agencies = {n.agency for n in AgencyName.objects.filter(key=key).select_related("agency")}
    agencies = {a for a in agencies if _codes_agree(a, code)}
    if len(agencies) == 1:
        return agencies.pop(), "name"
    candidates = {n.agency for n in _suffix_names(key) if plainly_same(n.name, printed)}
    candidates = {a for a in candidates if _codes_agree(a, code)}
    if len(candidates) == 1:
        return candidates.pop(), "longer_name"
    return None, ""


def _suffix_names(key: str):
    """Names whose key ends with ``key`` or is a tail of it (wider regions in front on one side)."""
    tails = [key[i:] for i in range(1, len(key) - 3)]
    return list(AgencyName.objects.filter(key__endswith=key).exclude(key=key).select_related("agency")) + \
        list(AgencyName.objects.filter(key__in=tails).select_related("agency"))


def _codes_agree(agency: Agency, code: str | None) -> bool:
    return not code or not agency.credit_code or agency.credit_code == code


def _learn(agency: Agency, printed: str, code: str | None) -> None:
    """What a newly seen name adds: the credit code, a deeper region."""
    changed = []
    if code and not agency.credit_code:
        agency.credit_code = code
        changed.append("credit_code")
    region = resolve_region(printed)
    if region is not None and (agency.region is None or _depth(region) > _depth(agency.region)):
        agency.region = region
        changed.append("region")
    if changed:
        agency.save(update_fields=changed)


def propose_matches(agency: Agency, printed: str) -> list[MatchProposal]:
    """Proposals that ``agency`` is one of the agencies with a like name in the same place."""
    stem = name_key(printed)[:2]
    proposals = []
    seen = set()
    for other in AgencyName.objects.filter(key__startswith=stem).exclude(agency=agency).select_related("agency"):
        if other.agency_id in seen or not _codes_agree(other.agency, agency.credit_code):
            continue
        if agency.region_id and other.agency.region_id and agency.region_id != other.agency.region_id:
            continue  # the region tree tells them apart: a district's government is not its city's
        score = max(likeness(printed, other.name), _abbreviation_score(printed, other.name))
        if score >= PROPOSE_AT:
            seen.add(other.agency_id)
            reason = f"名称相近：“{printed}”与“{other.name}”（相似度{score:.2f}）"
            proposal, _ = MatchProposal.objects.get_or_create(
                agency=agency, candidate=other.agency, defaults={"score": round(score, 3), "reason": reason})
            proposals.append(proposal)
    return proposals


def _abbreviation_score(a: str, b: str) -> float:
    """0.8 when the shorter name is the longer one with characters left out (工信局 in 工业和信息化局) and both
    begin with the same region and are the same kind of agency."""
    ka, kb = sorted((name_key(a), name_key(b)), key=len)
    if agency_kind(a) != agency_kind(b) or len(ka) < 4 or ka[:2] != kb[:2] or ka[-1] != kb[-1]:
        return 0.0
    it = iter(kb)
    return PROPOSE_AT if all(ch in it for ch in ka) else 0.0


def resolve_region(printed: str) -> Region | None:
    """The region tree node an agency's name begins with, created (or hung under its wider region) as needed."""
    parent = None
    for i, place in enumerate(places(printed)):
        region = None
        if parent is not None:
            region = Region.objects.filter(parent=parent, name=place.name).first()
            if region is None:
                region = Region.objects.filter(parent=None, name=place.name).first()
                if region is not None:
                    region.parent = parent
                    region.save(update_fields=["parent"])
        else:
            matches = list(Region.objects.filter(name=place.name)[:2])
            region = matches[0] if len(matches) == 1 else None
        if region is None:
            if parent is None and i == 0:
                parent = _wider_city(place.name)
            region = Region.objects.create(name=place.name, kind=place.kind, parent=parent)
        parent = region
    return parent


def _wider_city(name: str) -> Region | None:
    """The city a zone or district's name begins with (淄博高新区 → 淄博市), when that city is known."""
    for city in Region.objects.filter(kind="city"):
        if len(city.name) >= 3 and name.startswith(city.name[:-1]) and name != city.name:
            return city
    return None


def _depth(region: Region) -> int:
    depth = 0
    while region is not None:
        depth += 1
        region = region.parent
    return depth


def adopt_regions() -> int:
    """Hang the top-level zones and districts under the city their name begins with, once that city is known
    (淄博经济开发区, ingested before any 淄博市 agency, under 淄博市); the number of regions moved."""
    moved = 0
    for region in Region.objects.filter(parent=None).exclude(kind__in=("province", "city")):
        city = _wider_city(region.name)
        if city is not None:
            region.parent = city
            region.save(update_fields=["parent"])
            moved += 1
    return moved
