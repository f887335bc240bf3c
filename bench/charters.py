"""Realistic, varied charters for benchmarks, reproducible from a seed.

Each charter is a department with its own name, hours (some with lunch
closures, evening or weekend opening), 0-3 further sites, 1-8 services, KPIs
and the usual gaps: roughly a third meet every standard, the rest miss a
reply time, a reception interval, a review date or a whole section, and a few
misspell a key. That mix exercises every rule, as real portfolios do.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

DEPARTMENTS = [
    "Lands",
    "Immigration",
    "Vital Statistics",
    "Customs",
    "Taxation",
    "Transport",
    "Labour",
    "Health Records",
    "Social Security",
    "Fisheries",
    "Forestry",
    "Geology",
    "Tourism Licensing",
    "Cooperatives",
    "Archives",
    "Housing",
    "Youth Services",
    "Elections",
]
KINDS = ["Department", "Unit", "Office", "Authority", "Registry"]
DISTRICTS = ["Belize", "Cayo", "Orange Walk", "Corozal", "Stann Creek", "Toledo"]
TOWNS = [
    "Belmopan",
    "Belize City",
    "San Ignacio",
    "Orange Walk Town",
    "Corozal Town",
    "Dangriga",
    "Punta Gorda",
    "Benque Viejo",
]
CHANNELS = ["in_person", "telephone", "email", "post", "online", "social_media", "sms", "mobile_unit"]
FREQUENCIES = ["monthly", "quarterly", "twice_yearly", "annually"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def interval(opens: str, closes: str) -> dict[str, str]:
    return {"opens": opens, "closes": closes}


def weekly(rng: random.Random, lunch: bool = False) -> dict[str, list[dict[str, str]]]:
    opens, closes = rng.choice([("08:00", "17:00"), ("08:00", "16:30"), ("07:30", "16:00"), ("09:00", "17:00")])
    days = DAYS[: rng.choice([5, 5, 5, 6, 7])]
    if lunch:
        return {day: [interval(opens, "12:00"), interval("13:00", closes)] for day in days}
    return {day: [interval(opens, closes)] for day in days}


def charter(index: int, rng: random.Random) -> dict:
    name = f"{rng.choice(DEPARTMENTS)} {rng.choice(KINDS)} No. {index}"
    slug = f"dept{index}"
    quality = rng.random()  # below 0.4 compliant; above it, faults of growing number
    hours = weekly(rng)
    reception = weekly(rng, lunch=True) if quality > 0.85 else hours
    year = 2025 if quality < 0.75 else rng.choice([2023, 2024, 2025])
    data: dict = {
        "format_version": 1,
        "organisation": {
            "name": name,
            "ministry": f"Ministry of {rng.choice(DEPARTMENTS)}",
            "country": "BZ",
            "accountable_official": {
                "name": f"Officer {index}",
                "title": "Chief Executive Officer",
                "email": f"ceo@{slug}.gov.bz",
            },
            "vision": f"A {name} that serves every citizen well.",
            "mission": f"To deliver {name.lower()} services courteously and on time.",
            "strategy": "Service Improvement Plan 2025-2028.",
            "values": rng.sample(["Integrity", "Courtesy", "Accuracy", "Respect", "Service"], 3),
            "code_of_conduct": "Belize Public Service Code of Conduct",
        },
        "charter": {
            "published": f"{year - 1}-0{rng.randint(1, 9)}-01",
            "last_reviewed": f"{year}-0{rng.randint(1, 9)}-15",
            "review_cycle_months": 12 if quality < 0.7 else rng.choice([12, 24]),
            "languages": rng.choice([["en"], ["en", "es"]]),
            "shared_with_mps": f"{year}-01-20",
        },
        "contact": {
            "address": f"{rng.randint(1, 99)} Main Street, {rng.choice(TOWNS)}",
            "telephone": [f"+501 822-{rng.randint(1000, 9999)}"],
            "email": f"info@{slug}.gov.bz",
        },
        "publication": {
            "opening_hours": ["website", "notice_board"],
            "contact_information": ["website"],
            "service_standards": ["website"],
        },
        "opening_hours": {
            "timezone": "America/Belize",
            "weekly": hours,
            "public_holidays": "closed",
            "holiday_calendar": "BZ",
        },
        "reception": {
            "greeting_standard": "You will be greeted as soon as you arrive.",
            "greet_within_minutes": rng.choice([1, 2, 5]),
            "staffed_hours": reception,
            "visits": {"offered": rng.random() < 0.5, "by_appointment": True, "identification": True},
        },
        "telephone": {"answer_within_rings": rng.choice([3, 3, 4, 5]), "standards_manual": {"adopted": True}},
        "correspondence": {
            "reply_within_working_days": 5 if quality < 0.5 else rng.choice([5, 7, 10]),
            "replies_include": {"contact_name": True, "telephone": True},
            "extensions_by_agreement_only": True,
        },
        "website": {
            "url": f"https://www.{slug}.gov.bz/",
            "available_24_7": True,
            "last_updated": f"2025-{rng.randint(6 if quality < 0.6 else 1, 10):02d}-01",
        },
        "staffing": {
            "teams": [{"name": "Front counter", "role": "Clerk", "staff": rng.randint(2 if quality < 0.8 else 1, 6)}],
            "staggered_breaks": True,
            "staggered_leave": True,
            "training": {
                "induction": True,
                "refresher_frequency": "annually",
                "last_refresher": f"2025-0{rng.randint(1, 9)}-10",
            },
        },
        "consultation": {
            "survey_frequency": rng.choice(FREQUENCIES),
            "last_survey": f"2025-0{rng.randint(1, 9)}-{rng.randint(1, 28):02d}",
            "outcomes_published_on": ["website"],
            "improvement_plans_published_on": ["website"],
            "feedback_use": "Survey results are reviewed every quarter and acted on.",
            "feedback_outlet": {"channels": rng.sample(CHANNELS, 3), "publicised_on": ["website", "notice_board"]},
        },
        "complaints": {
            "introduction": "How to tell us when something goes wrong.",
            "commitment": "We welcome complaints and act on each one.",
            "management_model": "Counter staff resolve what they can; a supervisor handles the rest.",
            "published_on": ["website"],
            "recurring_complaints": "Every quarter we fix the most common causes of complaints.",
            "follows_iso_10002": True,
            "scope": "Anyone who uses our services can complain.",
            "visibility_and_access": "The procedure is at every counter and online.",
            "channels": rng.sample(CHANNELS, rng.randint(2, 5)),
            "acknowledge_within_working_days": rng.choice([1, 2, 3]),
            "resolve_within_working_days": rng.choice([10, 15, 20]),
            "assessment_and_action": "A supervisor assesses each complaint.",
            "feedback_to_complainant": "We tell you the outcome in writing.",
            "monitoring": "Management reviews complaints monthly.",
            "staff_training": "Front-line staff are trained in complaint handling.",
            "remedies": ["an apology", "a refund"],
            "appeal": {"independent_body": "Office of the Ombudsman"},
            "communication_needs": "Staff at the counter will write down a complaint for you.",
        },
        "delays": {"customers_told": True, "how": "We call you before the date if we will be late."},
        "confidentiality": {
            "code_of_practice": "Information Handling Code",
            "data_protection_policy": "Government Data Protection Policy",
        },
        "services": [
            {
                "id": f"service-{n}",
                "name": f"Service {n} of {name}",
                "channels": rng.sample(CHANNELS, rng.randint(1, 3)),
                "fee": f"BZ${rng.randint(0, 200)}.00",
                "requirements": "Your identity card and the fee.",
                "priority": n == 1 or rng.random() < 0.2,
                "last_reviewed": "2025-05-01",
                "standard": {
                    "promise": f"We complete this within {d} working days.",
                    "within_working_days": d,
                    "target_percent": rng.choice([80, 85, 90, 95]),
                    "minimum_percent": rng.choice([60, 70, 75]),
                },
            }
            for n in range(1, rng.randint(2, 9))
            for d in [rng.randint(1, 30)]
        ],
        "kpis": [
            {
                "id": f"kpi-{n}",
                "indicator": f"Share of service {n} on time",
                **({"measures": "service:service-1"} if n == 1 else {}),
                "unit": "percent",
                "target": 90,
                "minimum": 75,
                "reporting_frequency": "quarterly",
                "latest": {"period": "2025-Q3", "value": rng.randint(60, 100)},
            }
            for n in range(1, rng.randint(2, 4))
        ],
        "reporting": {"annual_report_published_on": ["website"], "last_annual_report": "2025-03-31"},
        "improvement": {"actions": [{"action": "Online appointments.", "based_on": ["citizen_feedback"]}]},
    }
    if rng.random() < 0.5:
        data["sites"] = [
            {
                "name": f"{town} office",
                "address": f"{town}, {rng.choice(DISTRICTS)} District",
                "opening_hours": {"weekly": site_hours},
                "reception": {"staffed_hours": site_hours if quality < 0.8 else weekly(rng)},
            }
            for town in rng.sample(TOWNS, rng.randint(1, 3))
            for site_hours in [weekly(rng)]
        ]
    if quality > 0.9:
        del data[rng.choice(["consultation", "complaints", "confidentiality", "telephone"])]
    if quality > 0.95:
        data["correspondance"] = data.pop("correspondence")
    return data


def generate(count: int, seed: int, directory: Path) -> list[Path]:
    """Write `count` charters under `directory` (100 per folder, as a portfolio would be organised)."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        folder = directory / f"ministry-{index // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"charter-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(charter(index, rng), sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write realistic, varied charters for benchmarks.")
    parser.add_argument("count", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    generate(arguments.count, arguments.seed, arguments.directory)
