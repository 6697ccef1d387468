"""Synthetic news for the tests and the benchmarks: the one generator, deterministic for a seed.

``article`` writes a plain-text news article. Articles mix agencies and bodies from the gazetteer with invented
people, companies and places (so storing them creates new canonical sources and aliases), carry a release-time
line, quotes, reported speech, figures, dates and denials, and differ in length. ``reports`` writes short reports
of shared events instead, from the same pools, each event told by two to four outlets (the figure, a smaller
one, a denial, the witnesses' estimate): the stuff of cross-article relations, with the few places and bodies
as hot keys, as a real corpus has them.

The benchmark scripts import this module from beside them; the tests import it as ``newsgen`` too (pytest puts
``benchmarks/`` on the import path, see pyproject.toml).
"""

from __future__ import annotations

import random
from pathlib import Path

from claimtrack import words
from claimtrack.model import RawDocument

AGENCIES = ["Reuters", "AFP", "TASS", "Xinhua", "the Associated Press", "Interfax", "Yonhap"]
BODIES = ["NATO", "the European Commission", "the Russian Ministry of Defense", "the World Health Organization",
          "the coast guard", "the fire department", "the United Nations"]
FIRST = ["Mara", "Tomas", "Ines", "Jorun", "Kalle", "Amara", "Dmitri", "Lena", "Oskar", "Priya", "Henrik", "Sofia",
         "Bram", "Yusuf", "Noor", "Elif", "Rosa", "Anton", "Greta", "Malik"]
LAST = ["Velden", "Okafor", "Marsh", "Lindqvist", "Abara", "Kovacs", "Brandt", "Nakamura", "Ferreira", "Halden",
        "Quist", "Moreau", "Tanaka", "Oyelaran", "Petrov", "Castell", "Iversen", "Duarte"]
COMPANIES = ["Kestrel Shipping", "Northwind Energy", "Baltic Grain Holdings", "Orrin Rail", "Solace Pharma",
             "Tidewater Ports", "Greyhaven Mining", "Aster Telecom", "Lumen Freight", "Corvid Steel", "Pallas Water",
             "Harrow Timber", "Meridian Foods", "Quillon Bank", "Sable Airlines", "Verrin Chemicals"]
PLACES = ["Port Elmar", "Vastra", "Kiruna", "Sandvik Bay", "New Harlow", "Tessaly", "Drumond", "Halvik",
          "Oster Falls", "Caldera Point", "Brightwater", "Lowmoor", "Fennick", "Santa Ilda", "Marrow Heights",
          "Ulven"]
TOPICS = [
    ("strike", "dock workers walked off the job", "{n} ships were stuck outside the harbour"),
    ("storm", "a storm cut power to the coast", "{n} homes were still without electricity"),
    ("fire", "a warehouse fire burned through the night", "{n} firefighters were sent to the scene"),
    ("talks", "trade talks stalled over tariffs", "exports fell by {n} percent in the first quarter"),
    ("outbreak", "a measles outbreak spread in schools", "{n} cases were confirmed by Friday"),
    ("merger", "the merger was put on hold", "the deal was worth {n} million euros"),
    ("flood", "the river burst its banks", "{n} people were moved to shelters"),
]
MONTHS = [m.capitalize() for m in words.MONTHS[:10]]  # January to October
DAYS = [d.capitalize() for d in words.WEEKDAYS[:5]]  # the working week
ROLES = ["a spokesperson for", "the chief executive of", "an adviser to", "a senior official at"]
BACKGROUND = ["The weather in the region was expected to improve later in the week.",
              "Officials are due to meet again next month to discuss the budget.",
              "The region has a population of about {p} people.",
              "Local markets reopened on Monday after the holiday."]


def article(seed: int, published: str | None = None) -> str:
    """An article: a title, a release-time line (``published``, or a date and time drawn from the seed), then
    its paragraphs."""
    r = random.Random(seed)
    topic, event, figure = r.choice(TOPICS)
    place = r.choice(PLACES)
    company = r.choice(COMPANIES)
    person = f"{r.choice(FIRST)} {r.choice(LAST)}"
    other = f"{r.choice(FIRST)} {r.choice(LAST)}"
    agency, body = r.choice(AGENCIES), r.choice(BODIES)
    month, day = r.randrange(len(MONTHS)), r.randint(1, 27)
    n = r.randint(3, 900)
    title = f"{place} {topic}: {company} under pressure as {event.split(' ', 1)[1]}"
    clock = f"{r.randint(6, 22):02d}:{r.choice(['05', '30', '45'])}"
    lines = [title, f"Release time: {published or f'{MONTHS[month]} {day}, 2025 {clock}'}", ""]
    paras = [
        f"{place} - {event[0].upper() + event[1:]} on {r.choice(DAYS)}, and {figure.format(n=n)}, "
        f"according to {agency}.",
        f"\"We are doing everything we can to limit the damage,\" {person}, {r.choice(ROLES)} {company}, told reporters. "
        f"{person.split()[0]} said the company expected to resume normal work by {MONTHS[(month + 1) % len(MONTHS)]} {day}.",
        f"{body[0].upper() + body[1:]} said in a statement that {r.randint(2, 40)} inspectors would visit {place} "
        f"next week.",
        f"{agency[0].upper() + agency[1:]} quoted {other} as saying that the authorities had been warned "
        f"{r.randint(2, 9)} times.",
        f"{company} denied the report, calling it \"false and misleading\".",
        f"Local residents said prices had risen by {r.randint(5, 60)} percent since {MONTHS[month]}.",
        f"Officials in {place} believe the situation will improve within {r.randint(2, 12)} weeks.",
        f"Is the region ready for another {topic}?",
        f"The mayor of {place}, {other}, said on {r.choice(DAYS)} that {r.randint(10, 500)} volunteers had signed up.",
        f"Analysts at {r.choice(COMPANIES)} estimated the losses at {r.randint(2, 90)} million euros.",
    ]
    body_paras = paras[:2] + r.sample(paras[2:], r.randint(2, len(paras) - 2))
    return "\n".join(lines + [p + "\n" for p in body_paras])


def articles(count: int, seed: int = 0) -> list[str]:
    """``count`` distinct articles."""
    return [article(seed * 100003 + i) for i in range(count)]


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """``count`` distinct articles as .txt files in ``folder`` (created), sorted by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(articles(count, seed)):
        p = folder / f"article{i:04d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def reports(count: int, seed: int = 7) -> list[RawDocument]:
    """``count`` short reports, one a day's event after another, each event told by two to four outlets: the figure
    as a body gives it, a smaller figure from another body, a company's denial, the witnesses' estimate (JSON
    Lines documents, with an outlet and a publication date)."""
    r = random.Random(seed)
    docs: list[RawDocument] = []
    day = 0
    while len(docs) < count:
        _topic, _event, figure = r.choice(TOPICS)
        place, company = r.choice(PLACES), r.choice(COMPANIES)
        body, other = r.sample(BODIES, 2)
        n = r.randint(12, 4000)
        day += 1
        published = f"2025-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
        fact = f"{figure.format(n=f'{n:,}')} in {place}"
        smaller = figure.format(n=f"{max(1, n // r.choice([3, 5, 8])):,}")
        versions = [
            f"{fact[0].upper() + fact[1:]} on Sunday, {body} said. "
            + r.choice(BACKGROUND).format(p=f"{r.randint(2, 90)}0,000"),
            f"{smaller[0].upper() + smaller[1:]} in {place}, {other} said on Monday. "
            f"{r.choice(BACKGROUND).format(p='40,000')}",
            f"{company} denied that {fact}. The company called the reports baseless.",
            f"According to witnesses, {figure.format(n=f'about {n:,}')} in {place}. "
            f"{r.choice(BACKGROUND).format(p='12,000')}",
        ]
        for text in r.sample(versions, r.randint(2, 4)):
            if len(docs) >= count:
                break
            docs.append(RawDocument(origin="synthetic", text=text, format="jsonl", id=f"s{len(docs)}",
                                    outlet=r.choice(AGENCIES), published=published))
    return docs
