"""splink on PostgreSQL computes what DuckDB computes: Jaro-Winkler, Damerau-Levenshtein (plain and
screened) and dates, value by value, in a work schema that leaves no trace."""

from __future__ import annotations

import random
import re
from contextlib import closing

import duckdb
import pandas as pd
from sqlalchemy import Engine, text

from app.identity.linkage import COLUMNS, database, settings
from app.identity.splink_postgres import DAMERAU_LEVENSHTEIN_CAP, JARO_WINKLER_FLOOR
from tests.identity.test_linkage import GIVEN, STREETS, SURNAMES, typo


def string_pairs() -> pd.DataFrame:
    """Short strings of few letters (transpositions, repeats, empties), accented ones, and FEBRL-like values."""
    rng = random.Random(5)
    pairs = [
        ("".join(rng.choices(letters, k=rng.randrange(9))), "".join(rng.choices(letters, k=rng.randrange(9))))
        for letters in ("ab", "abc", "abcd", "aéñü")
        for _ in range(500)
    ]
    names = [*GIVEN, *SURNAMES, *STREETS, "calle mayor 5", "calle olmo 7", "28013", "41003", "612345678"]
    pairs += [(rng.choice(names), typo(rng, rng.choice(names))) for _ in range(500)]
    pairs += [(rng.choice(names), rng.choice(names)) for _ in range(500)]
    return pd.DataFrame(pairs, columns=["a", "b"])


def frame(table: object) -> pd.DataFrame:
    assert isinstance(table, pd.DataFrame)
    return table


DATES = [
    f"{year:04d}-{month:02d}-{day:02d}"
    for year in (0, 1900, 1980, 1981, 2000)
    for month in range(14)
    for day in (0, 1, 28, 29, 30, 31, 32)
]
"""Dates of birth as `prepare` writes them (4, 2 and 2 digits), valid or not: month 00, day 00, 31 April..."""


def test_postgres_comparisons_and_dates_are_duckdb_s(postgres: Engine) -> None:
    pairs, dates = string_pairs(), pd.DataFrame({"d": DATES})
    with closing(duckdb.connect()) as connection:
        connection.register("pairs", pairs)
        connection.register("dates", dates)
        sql = "SELECT jaro_winkler_similarity(a, b) AS jw, damerau_levenshtein(a, b) AS dl FROM pairs"
        expected = connection.sql(sql).df()
        expected_dates = connection.sql("SELECT epoch(try_strptime(d, '%Y-%m-%d')) AS epoch FROM dates").df()
    with postgres.connect() as connection:
        search_path = connection.scalar(text("SHOW search_path"))
    with database(postgres) as db_api:
        db_api.register(pairs, table_name="pairs")
        db_api.register(dates, table_name="dates")
        sql = """
        SELECT current_schema() AS schema, jaro_winkler_similarity(a, b) AS jw, damerau_levenshtein(a, b) AS dl,
            screened_jaro_winkler(a, b) AS screened_jw, screened_damerau_levenshtein(a, b) AS screened_dl
        FROM pairs
        """
        found = frame(db_api.query_sql(sql, output_type="pandas"))
        sql = "SELECT extract(epoch FROM try_cast_date(d, 'YYYY-MM-DD'))::float8 AS epoch FROM dates"
        found_dates = frame(db_api.query_sql(sql, output_type="pandas"))
    assert (found["dl"] == expected["dl"]).all()
    assert (found["jw"] - expected["jw"]).abs().max() < 1e-12
    assert (found["screened_dl"] == expected["dl"].clip(upper=DAMERAU_LEVENSHTEIN_CAP)).all()
    reached = expected["jw"] >= JARO_WINKLER_FLOOR
    assert (found["screened_jw"][reached] - expected["jw"][reached]).abs().max() < 1e-12
    assert (found["screened_jw"][~reached] < JARO_WINKLER_FLOOR).all()
    assert found_dates["epoch"].equals(expected_dates["epoch"])
    with postgres.connect() as connection:
        assert connection.scalar(text("SELECT to_regnamespace(:schema)"), {"schema": found["schema"][0]}) is None
        assert connection.scalar(text("SHOW search_path")) == search_path


def test_postgres_model_thresholds_are_where_the_screened_comparisons_are_exact() -> None:
    model = settings(COLUMNS, 1000, link=False).create_settings_dict("postgres")
    levels = [level["sql_condition"] for column in model["comparisons"] for level in column["comparison_levels"]]
    similarities = [float(t) for sql in levels for t in re.findall(r"screened_jaro_winkler\(.*\) >= ([\d.]+)", sql)]
    distances = [int(t) for sql in levels for t in re.findall(r"screened_damerau_levenshtein\(.*\) <= (\d+)", sql)]
    assert min(similarities, default=0) >= JARO_WINKLER_FLOOR
    assert max(distances, default=DAMERAU_LEVENSHTEIN_CAP) < DAMERAU_LEVENSHTEIN_CAP
