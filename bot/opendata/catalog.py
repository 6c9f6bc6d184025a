"""The Open311 service list: one service per category label, named in Thai and English. Pure."""
from __future__ import annotations

from dataclasses import dataclass

from nlp.labels import LABELS, label_code, label_from_code, label_name

OTHER = "other"
GROUPS = {
    "roads_and_transport": ("road", "sidewalk", "bridge", "traffic", "traffic_signs", "signs",
                            "transit"),
    "water": ("flooding", "drain", "canal"),
    "lighting_and_power": ("street_light", "overhead_wires"),
    "environment": ("cleanliness", "trees", "noise", "stray_animals", "pm25", "toilets"),
    "safety": ("safety", "obstruction", "homeless_people"),
    "feedback": ("complaint", "suggestion", "question", OTHER),
}
GROUP_OF = {code: group for group, codes in GROUPS.items() for code in codes}
# A few everyday words per service, so a client can match free text to a service.
EXTRA_KEYWORDS = {
    "road": "หลุม,ถนนพัง,pothole", "sidewalk": "ฟุตบาท,บาทวิถี,footpath",
    "flooding": "น้ำขัง,flood", "street_light": "ไฟดับ,ไฟถนน,lamp", "drain": "ท่อตัน,sewer",
    "cleanliness": "ขยะ,garbage,litter", "obstruction": "จอดรถ,หาบเร่,blocked",
    "overhead_wires": "สายสื่อสาร,cable", "trees": "กิ่งไม้,branch", "noise": "เสียงดัง,loud",
    "stray_animals": "สุนัขจรจัด,dog,cat", "pm25": "ฝุ่น,smoke,dust",
}
ATTRIBUTES = [{"variable": True, "code": "landmark", "datatype": "string", "required": False,
               "datatype_description": "Free text", "order": 1,
               "description": "จุดสังเกตใกล้ปัญหา / A landmark near the problem"}]


@dataclass(frozen=True)
class Service:
    """One Open311 service: a category label with its code and names."""

    code: str
    label: str | None  # the Thai label stored on cases; None for 'other'
    name_th: str
    name_en: str

    @property
    def name(self) -> str:
        """The bilingual name Open311 clients show."""
        return f"{self.name_th} / {self.name_en}"


SERVICES = [Service(label_code(label), label, label, label_name(label, "en")) for label in LABELS]
SERVICES.append(Service(OTHER, None, "อื่น ๆ", "Other"))
BY_CODE = {service.code: service for service in SERVICES}


def service_for_case(categories: list[str]) -> Service:
    """The service of a case: its first known category, else 'other'."""
    for label in categories or []:
        try:
            return BY_CODE[label_code(label)]
        except KeyError:
            continue
    return BY_CODE[OTHER]


def service_document(service: Service) -> dict:
    """A service as the Open311 `services` list shows it."""
    keywords = [service.name_th, service.name_en.lower()]
    if service.code in EXTRA_KEYWORDS:
        keywords.append(EXTRA_KEYWORDS[service.code])
    return {"service_code": service.code, "service_name": service.name,
            "description": f"{service.name_en} problems reported in Bangkok ({service.name_th})",
            "metadata": True, "type": "realtime", "keywords": ",".join(keywords),
            "group": GROUP_OF.get(service.code, "feedback")}


def definition_document(service: Service) -> dict:
    """A service's attributes (GET services/{code})."""
    return {"service_code": service.code, "attributes": [dict(a) for a in ATTRIBUTES]}


__all__ = ["SERVICES", "BY_CODE", "Service", "service_for_case", "service_document",
           "definition_document", "label_from_code", "OTHER"]
