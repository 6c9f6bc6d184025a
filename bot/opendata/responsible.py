"""Which agency an imported Traffy ticket belongs to: its organisation, else the routing table.

Traffy's newer layout names the offices that handled a ticket ("เขตจตุจักร,สำนักการระบายน้ำ",
"ฝ่ายโยธา เขตบางซื่อ", "{การไฟฟ้านครหลวง}"); the 2022 layout has only the district. Pure given
the agencies and rules, so an import loads them once and resolves 167k rows in memory."""
from __future__ import annotations

from dataclasses import dataclass

from bot import routing

# Short names Traffy's organisations use for the utilities, beside their full Thai names.
ALIASES = {"กฟน": "mea", "กปน": "mwa"}


@dataclass(frozen=True)
class KnownAgency:
    """What the resolver needs of an agency."""

    id: int
    code: str
    name_th: str
    district: str | None
    enabled: bool = True


class Resolver:
    """Answers 'which agency?' for imported rows, from the agencies and routing rules given."""

    def __init__(self, agencies: list[KnownAgency], rules: dict[tuple[str, str], str]):
        self._by_code = {a.code: a for a in agencies}
        self._rules = rules
        names: dict[str, str] = {}
        for agency in agencies:
            names[agency.name_th] = agency.code
            if agency.district:  # 'เขตบางซื่อ' is how Traffy names the office of บางซื่อ
                names[f"เขต{agency.district}"] = agency.code
        names.update(ALIASES)
        # Longest first, so 'สำนักงานเขตบางซื่อ' wins over any shorter name inside it.
        self._names = sorted(names.items(), key=lambda item: -len(item[0]))
        self._known: dict[tuple, int | None] = {}  # the same few combinations recur 167k times

    def agency_id(self, categories: list[str], district: str | None,
                  organization: str | None = None) -> int | None:
        """The responsible agency's id: the first organisation we know, else routing's choice."""
        key = (tuple(categories), district, organization)
        if key not in self._known:
            self._known[key] = self._choose(categories, district, organization)
        return self._known[key]

    def _choose(self, categories: list[str], district: str | None,
                organization: str | None) -> int | None:
        """Work out the agency for one combination."""
        code = self.organization_code(organization) or routing.choose(self._rules, categories,
                                                                        district)
        agency = self._by_code.get(code)
        if agency is None or not agency.enabled:
            agency = self._by_code.get(routing.TRIAGE)
        return agency.id if agency else None

    def organization_code(self, organization: str | None) -> str | None:
        """The code of the first organisation in Traffy's list that names a known agency."""
        for part in (organization or "").strip().strip("{}").split(","):
            part = part.strip().strip('"')
            for name, code in self._names:
                if name and name in part:
                    return code
        return None
