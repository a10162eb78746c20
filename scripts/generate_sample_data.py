"""Generate the illustrative indicator data: data/seed/indicator.csv and data/seed/observation.csv.

No public source gives these numbers. They are SAMPLE DATA: realistic in size and trend, made with a
fixed seed so every run writes the same files, and tied to the source row `sample` (reliability
`illustrative`), so the dashboard labels them "sample data" wherever they appear. The office replaces
them with its own figures.

Run: .venv/bin/python scripts/generate_sample_data.py
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 2016
YEARS = range(2016, 2026)
SOURCE = "sample"
UPDATED_AT = "2026-01-15"
OUT = Path(__file__).resolve().parent.parent / "data" / "seed"


@dataclass(frozen=True)
class Spec:
    id: str
    code: str
    name_en: str
    name_bg: str
    unit: str
    direction: str
    programme_id: str
    description_en: str
    description_bg: str
    start: float  # value in 2016
    target_end: float  # target for 2025
    pace: float  # share of the planned change actually achieved by 2025 (1.0 = on plan)
    integer: bool = True


SPECS = (
    Spec(
        "services-online",
        "DIG-01",
        "Municipal services available online",
        "Общински услуги, достъпни онлайн",
        "percent",
        "up",
        "ua-digital-transition",
        "Share of the municipality's administrative services that can be requested and completed online.",
        "Дял от административните услуги на общината, които могат да се заявят и получат онлайн.",
        22,
        85,
        0.93,
        False,
    ),
    Spec(
        "open-datasets",
        "DIG-02",
        "Open datasets published",
        "Публикувани отворени набори от данни",
        "count",
        "up",
        "icc",
        "Datasets published by the municipality on the open data portal (cumulative).",
        "Набори от данни, публикувани от общината на портала за отворени данни (натрупано).",
        40,
        320,
        0.78,
    ),
    Spec(
        "residents-trained",
        "DIG-03",
        "Residents trained in digital skills",
        "Граждани, обучени в цифрови умения",
        "count",
        "up",
        "ua-digital-transition",
        "Residents who completed a basic digital skills course in a municipal digital centre (per year).",
        "Граждани, завършили курс по базови цифрови умения в общински цифров център (за година).",
        150,
        2400,
        1.02,
    ),
    Spec(
        "pilot-projects",
        "DIG-04",
        "Pilot projects with international partners",
        "Пилотни проекти с международни партньори",
        "count",
        "up",
        "policycloud",
        "Pilots run with partners from international programmes (cumulative).",
        "Пилотни проекти с партньори от международни програми (натрупано).",
        1,
        14,
        0.7,
    ),
    Spec(
        "signal-response-days",
        "DIG-05",
        "Average days to resolve a citizen signal",
        "Среден срок за решаване на сигнал от граждани (дни)",
        "days",
        "down",
        "policycloud",
        "Average number of days between a signal to the Call Sofia centre and its resolution.",
        "Среден брой дни от подаването на сигнал към центъра „Call Sofia“ до решаването му.",
        19,
        7,
        0.96,
        False,
    ),
    Spec(
        "e-service-users",
        "DIG-06",
        "Residents using e-services",
        "Граждани, ползващи е-услуги",
        "percent",
        "up",
        "dcc",
        "Share of adult residents who used at least one municipal e-service in the year.",
        "Дял от пълнолетните жители, ползвали поне една общинска е-услуга през годината.",
        12,
        60,
        0.84,
        False,
    ),
    Spec(
        "staff-trained",
        "DIG-07",
        "Municipal staff trained in digital tools",
        "Общински служители, обучени за цифрови инструменти",
        "count",
        "up",
        "ua-digital-transition",
        "Civil servants trained with the partnership's digitalisation tool guide (per year).",
        "Служители, обучени по ръководството за цифровизация на партньорството (за година).",
        30,
        600,
        0.55,
    ),
)

#: Peers with observations for comparison (latest year only), as a share of Sofia's 2025 value.
PEERS = {
    "services-online": {"oulu": 1.08, "helsingborg": 1.05, "hamburg": 0.97, "tallinn": 1.12},
    "open-datasets": {"oulu": 0.8, "helsingborg": 0.55, "hamburg": 2.4, "tallinn": 1.3},
    "e-service-users": {"oulu": 1.25, "helsingborg": 1.2, "hamburg": 1.1, "tallinn": 1.45},
}


def series(spec: Spec, rng: random.Random) -> list[tuple[int, float, float]]:
    """(year, actual, target) for every year: targets on a straight plan, actuals along it at `pace`."""
    n = len(YEARS) - 1
    rows = []
    for i, year in enumerate(YEARS):
        share = i / n
        target = spec.start + (spec.target_end - spec.start) * share
        noise = rng.uniform(-0.04, 0.04) * abs(spec.target_end - spec.start)
        actual = spec.start + (spec.target_end - spec.start) * share * spec.pace + (noise if i else 0)
        rows.append((year, _round(actual, spec.integer), _round(target, spec.integer)))
    return rows


def _round(value: float, integer: bool) -> float:
    return float(round(value)) if integer else round(value, 1)


def main() -> None:
    rng = random.Random(SEED)
    with (OUT / "indicator.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "code",
                "name_en",
                "name_bg",
                "unit",
                "direction",
                "programme_id",
                "description_en",
                "description_bg",
                "source_id",
            ]
        )
        for s in SPECS:
            w.writerow(
                [
                    s.id,
                    s.code,
                    s.name_en,
                    s.name_bg,
                    s.unit,
                    s.direction,
                    s.programme_id,
                    s.description_en,
                    s.description_bg,
                    SOURCE,
                ]
            )
    with (OUT / "observation.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator_id", "partner_id", "period", "kind", "value", "source_id", "updated_at"])
        for s in SPECS:
            rows = series(s, rng)
            w.writerow([s.id, "sofia", "2016-01-01", "baseline", rows[0][1], SOURCE, UPDATED_AT])
            for year, actual, target in rows:
                period = f"{year}-01-01"
                w.writerow([s.id, "sofia", period, "actual", actual, SOURCE, UPDATED_AT])
                w.writerow([s.id, "sofia", period, "target", target, SOURCE, UPDATED_AT])
            latest = rows[-1][1]
            for peer, factor in PEERS.get(s.id, {}).items():
                value = _round(latest * factor * rng.uniform(0.97, 1.03), s.integer)
                if s.unit == "percent":
                    value = min(value, 99.0)
                w.writerow([s.id, peer, f"{YEARS[-1]}-01-01", "actual", value, SOURCE, UPDATED_AT])


if __name__ == "__main__":
    main()
