"""Invented archive articles and candidate pages for the index and scan tests."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ARTICLES: dict[str, str] = {
    "ferry": (
        "The night ferry between Aktau and Baku will sail twice a week from March, the port authority said on "
        "Tuesday, after a winter in which storms on the Caspian cancelled one crossing in three.\n\n"
        "Engineers fitted the older of the two vessels with stabilising fins during a six-week refit in the "
        "dry dock at Kuryk, and the crew trained on a simulator borrowed from the naval academy.\n\n"
        "Freight forwarders welcomed the timetable but asked for a booking system that shows free deck space "
        "for lorries, since drivers now wait at the gate without knowing whether they will board at all.\n\n"
        "Tickets for foot passengers will cost the same as last year, and cabins will be sold online for the "
        "first time, with payment in tenge or manat accepted at the terminal until the summer."
    ),
    "orchard": (
        "Apple growers in the foothills east of Almaty lost about a fifth of their blossom to a late frost "
        "that settled in the valleys for three nights running, the regional farmers union estimated.\n\n"
        "Smudge pots and wind machines saved the upper slopes, where cold air drains away, but the low "
        "orchards beside the river were hit hardest, and some young trees may not fruit at all this season.\n\n"
        "The union asked the ministry to bring forward subsidy payments for frost netting, which costs more "
        "per hectare than most small family farms earn from a good harvest of the old Aport variety.\n\n"
        "Buyers at the wholesale market expect prices to climb by autumn, though imports from Uzbekistan "
        "usually fill the gap before the local crop reaches the shops in September."
    ),
    "library": (
        "The city library will keep its reading rooms open until midnight during the examination season, "
        "a trial that the board approved after students gathered more than four thousand signatures.\n\n"
        "Security staff will work an extra shift, paid from a fund that a retired professor left to the "
        "library in her will on the condition that it serve young readers who have nowhere quiet to study.\n\n"
        "The heating in the east wing, which failed twice last winter, has been replaced with heat pumps, "
        "and the board says the running cost of the late hours will be lower than many expected.\n\n"
        "If the trial goes well, the late opening could become permanent from next year, starting with the "
        "periodicals hall and the computer room on the ground floor."
    ),
    "observatory": (
        "Astronomers at the mountain observatory above the city recorded a bright fireball crossing the "
        "southern sky shortly before dawn, and asked anyone who found fragments to bring them in for study.\n\n"
        "Three cameras of the all-sky network caught the trail, which let the team work out that the object "
        "entered the atmosphere at a shallow angle and broke apart somewhere above the steppe near Balkhash.\n\n"
        "Meteorite hunters have already set out, though the search area covers several hundred square "
        "kilometres of grassland and dry riverbeds where a dark stone is easy to miss among the gravel.\n\n"
        "The observatory plans an open evening next month, when visitors can see the recordings and a piece "
        "of an older fall that a shepherd found in the same region two decades ago."
    ),
    "bakery": (
        "A bakery cooperative in Shymkent has started delivering bread by electric bicycle to the old town, "
        "where narrow lanes make it hard for vans to stop without blocking the traffic for everyone else.\n\n"
        "Six riders cover the morning round in under two hours, carrying flatbread, buns and the sweet "
        "baursak that many families order for weekend guests, and customers pay through a messaging app.\n\n"
        "The cooperative bought the bicycles with a small grant from the city's clean transport programme and "
        "says the fuel it saves already covers the cost of charging the batteries at the bakery overnight.\n\n"
        "Other bakeries in the district have asked to join the scheme, and the organisers are looking for a "
        "shared depot where riders could load several orders at once before sunrise."
    ),
    "stadium": (
        "Work on the new football stadium in Karaganda has fallen four months behind schedule, the contractor "
        "told the city council, blaming a shortage of steel and a wet autumn that flooded the foundations.\n\n"
        "The club will play its first home matches of the season at the old ground, whose stands were "
        "declared safe after an inspection last week, although capacity will be cut to seven thousand.\n\n"
        "Councillors asked for a weekly report on progress and warned that penalty clauses in the contract "
        "would apply if the stadium is not ready for the cup final the city is due to host in October.\n\n"
        "Supporters groups said they would accept the delay as long as ticket prices at the temporary ground "
        "stay at last season's level."
    ),
}

FILLER = (
    "residents council meeting evening market bridge river teacher winter festival museum concert road "
    "village school hospital volunteers harvest station tram garden weather mayor budget children parents "
    "weekend photographs exhibition singer choir neighbours street cafe repairs roof holiday visitors"
).split()


def url(name: str) -> str:
    return f"https://archive.example/news/{name}"


def filler(rng: random.Random, sentences: int) -> str:
    """Sentences of shuffled common words: text that reuses no article."""
    out = []
    for _ in range(sentences):
        words = rng.sample(FILLER, rng.randint(8, 14))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def passage(name: str, paragraph: int) -> str:
    return ARTICLES[name].split("\n\n")[paragraph]


def write_archive_jsonl(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for name, text in ARTICLES.items():
            out.write(json.dumps({"url": url(name), "title": name.title(), "text": text}) + "\n")
    return path


def candidates(count: int, seed: int = 7) -> tuple[list[dict[str, Any]], set[tuple[str, str]]]:
    """Candidate records, every third copying a paragraph of an article, and the true (candidate, original)
    pairs."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    truth: set[tuple[str, str]] = set()
    names = sorted(ARTICLES)
    for i in range(count):
        page = f"https://pages.example/p/{i}"
        body = [filler(rng, 3), filler(rng, 2)]
        if i % 3 == 0:
            name = names[i % len(names)]
            body.insert(1, passage(name, (i // 3) % 4))
            truth.add((page, url(name)))
        records.append({"url": page, "title": f"Page {i}", "text": "\n\n".join(body)})
    return records, truth


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return path
