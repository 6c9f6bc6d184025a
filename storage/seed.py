"""The agencies and routing rules every new database starts with (the migration and create_all)."""
from __future__ import annotations

import sqlalchemy as sa

from nlp.gazetteer import DISTRICTS
from storage import clock

TRIAGE = "triage"
ANY = "*"

DEPARTMENTS = [
    ("triage", "ศูนย์คัดกรองเรื่องร้องเรียน", "Central triage desk", "triage"),
    ("publicworks", "สำนักการโยธา", "Public Works Department", "department"),
    ("drainage", "สำนักการระบายน้ำ", "Drainage and Sewerage Department", "department"),
    ("traffic", "สำนักการจราจรและขนส่ง", "Traffic and Transportation Department", "department"),
    ("environment", "สำนักสิ่งแวดล้อม", "Environment Department", "department"),
    ("enforcement", "สำนักเทศกิจ", "City Law Enforcement Department", "department"),
    ("mea", "การไฟฟ้านครหลวง", "Metropolitan Electricity Authority (MEA)", "utility"),
    ("mwa", "การประปานครหลวง", "Metropolitan Waterworks Authority (MWA)", "utility"),
]

# Problems an outside body owns wherever they are; everything else goes to the district office.
CATEGORY_OWNERS = {"สายไฟ": "mea"}


def district_code(district: str) -> str:
    """The agency code of a district office: its English name, lower case, no spaces."""
    return DISTRICTS[district].lower().replace(" ", "")


def agency_rows() -> list[dict]:
    """The seeded agencies: the departments, then the 50 district offices."""
    now = clock.now()
    rows = [dict(code=code, name_th=th, name_en=en, kind=kind, district=None) for code, th, en, kind
            in DEPARTMENTS]
    rows += [dict(code=district_code(th), name_th=f"สำนักงานเขต{th}", name_en=f"{en} District Office",
                  kind="district", district=th) for th, en in DISTRICTS.items()]
    return [{**row, "enabled": True, "created_at": now} for row in rows]


def rule_rows() -> list[tuple[str, str, str]]:
    """The seeded routing rules as (category, district, agency code)."""
    rules = [(ANY, district, district_code(district)) for district in DISTRICTS]
    rules += [(category, ANY, code) for category, code in CATEGORY_OWNERS.items()]
    return rules + [(ANY, ANY, TRIAGE)]


AGENCIES = sa.table("agencies", sa.column("id", sa.Integer), sa.column("code", sa.String),
                    sa.column("name_th", sa.String), sa.column("name_en", sa.String),
                    sa.column("kind", sa.String), sa.column("district", sa.String),
                    sa.column("enabled", sa.Boolean), sa.column("created_at", sa.DateTime))
RULES = sa.table("routing_rules", sa.column("category", sa.String), sa.column("district", sa.String),
                 sa.column("agency_id", sa.Integer))


def seed(connection) -> None:
    """Insert the seeded agencies and routing rules (tables must be empty)."""
    connection.execute(AGENCIES.insert(), agency_rows())
    ids = dict(connection.execute(sa.select(AGENCIES.c.code, AGENCIES.c.id)).all())
    connection.execute(RULES.insert(), [dict(category=c, district=d, agency_id=ids[code])
                                        for c, d, code in rule_rows()])
