"""Duplicate customers by probabilistic record linkage: a Fellegi-Sunter model, trained by splink on DuckDB.

The model. Two records are compared column by column, and each comparison falls into one *level*:
for a name exact, swapped with the other name, Jaro-Winkler >= 0.92, >= 0.8, Damerau-Levenshtein
<= 2, or anything else; for a date of birth exact, one edit, within a month, a year, ten years, or
anything else; e-mail, phone, postcode, street and city similarly (`comparison`). Each level has an
*m* probability (how often two records of one person land there) and a *u* probability (how often
two different people do), and log2(m/u) is its match weight in bits. A pair's match weight is the
sum over its columns plus the prior log-odds that two random records match; the match probability
is 2^w / (1 + 2^w). A column null on either side adds nothing, and only the `COLUMNS` the records
have are compared, so a frame without e-mail or phone is scored on the rest. An exact name match
counts for less when the name is common (term-frequency adjustment).

Training is unsupervised, from the records themselves, and deterministic:
- the prior from the pairs that agree exactly on name and date of birth, e-mail or phone
  (`PRIOR_KEYS`), taken to be 70 % of the true matches;
- u from `U_PAIRS` record pairs drawn at random (seeded), nearly all of them different people;
- m by expectation-maximisation on the pairs of each training block (`TRAINING_KEYS`: same date of
  birth, same full name, same postcode, ...), each block estimating the columns it does not fix.
  A block that has no pairs, or on which EM degenerates (no duplicates in it), is skipped. Every m is
  then raised to at least `M_FLOOR`: a level no true match fell into while training is rare, not
  impossible, so one differing column cannot veto a pair by hundreds of bits.
EM needs duplicates to learn from: the columns of a block skipped for having none keep splink's
default m values.

Only pairs that agree on at least one *blocking key* (`PREDICTION_KEYS`, or have their names
swapped) are scored: about 6,000 pairs of the 10,000 FEBRL4 records instead of fifty million. A
pair that differs on every key is never found, which is the recall lost to blocking.

Values are normalised first (`app.identity.normalize`): names and addresses without accents or case,
e-mail and phone (read as Spanish without a +country) in canonical form, an invalid one as missing,
dates of birth as YYYY-MM-DD.

Backends. The same model, blocking and training run on either of two databases: by default a DuckDB
in memory, on one thread; with `backend="postgres"`, PostgreSQL through a SQLAlchemy engine, in a
work schema of its own (`app.identity.splink_postgres`, which also says how both databases come to
train on the same pairs). splink's Spark backend is not offered: there is no Spark here to run or
test it on.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any, Literal

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.database_api import DatabaseAPI
from splink.internals.exceptions import EMTrainingException
from splink.internals.splink_dataframe import SplinkDataFrame

from app.errors import TailorError
from app.identity.fields import NORMALIZERS, normalized
from app.identity.pairs import CandidatePair
from app.identity.splink_postgres import SQLEngine, WorkSchemaAPI

Backend = Literal["duckdb", "postgres"]
"""The database splink runs on: a DuckDB in memory, or PostgreSQL through a SQLAlchemy engine."""
KeyList = Sequence[tuple[str, ...]]
"""Blocking keys: each the columns (or SQL expressions of columns) two records must agree on."""

COLUMNS = (
    "given_name",
    "surname",
    "date_of_birth",
    "street",
    "city",
    "postcode",
    "state",
    "email",
    "phone",
    "soc_sec_id",
)
"""The columns compared; any may be missing or null. `unique_id` is required."""
ALIASES = {"suburb": "city"}
"""Other names accepted for a column."""

PREDICTION_KEYS: KeyList = (
    ("given_name", "surname"),
    ("surname", "date_of_birth"),
    ("given_name", "date_of_birth"),
    ("date_of_birth", "postcode"),
    ("street", "postcode"),
    ("street", "city"),
    ("date_of_birth", "city"),
    ("surname", "postcode"),
    ("given_name", "postcode"),
    ("date_of_birth", "substr(surname, 1, 1)"),
    ("date_of_birth", "substr(given_name, 1, 1)"),
    ("soc_sec_id",),
    ("email",),
    ("phone",),
)
"""Pairs that agree on all the parts (columns or SQL expressions) of one of these keys are scored."""
SWAPPED_NAMES = "l.given_name = r.surname and l.surname = r.given_name"
"""One more key: given name and surname written the other way round."""
TRAINING_KEYS: KeyList = (
    ("date_of_birth",),
    ("given_name", "surname"),
    ("postcode",),
    ("email",),
    ("phone",),
)
"""Blocks whose pairs expectation-maximisation learns m from, for the columns outside the key."""
PRIOR_KEYS: KeyList = (("given_name", "surname", "date_of_birth"), ("email",), ("phone",))
PRIOR_RECALL = 0.7
"""The share of true matches assumed to agree exactly on one of `PRIOR_KEYS`."""
U_PAIRS = 5e5
"""Record pairs sampled to estimate u."""
EM_PAIRS = 1e6
"""At most about this many pairs of a training block go into EM (a deterministic sample of records)."""
M_FLOOR = 1e-4
"""The least m of a level after training."""
SEED = 20260601


class LinkageInputError(TailorError, ValueError):
    """Records or settings the linkage cannot take (no ids, repeated ids, a threshold or backend out of range)."""


def find_duplicates(
    records: pd.DataFrame,
    *,
    threshold: float = 0.9,
    link_with: pd.DataFrame | None = None,
    seed: int = SEED,
    backend: Backend = "duckdb",
    engine: SQLEngine | None = None,
) -> list[CandidatePair]:
    """Pairs of `records` (or of `records` x `link_with`) with match probability >= `threshold`, best first.

    `engine` (PostgreSQL's) is needed by the postgres backend, and only by it.
    """
    if not 0 <= threshold < 1:
        raise LinkageInputError("threshold {threshold} is not a probability below 1", threshold=threshold)
    if backend not in ("duckdb", "postgres"):
        raise LinkageInputError("no backend {backend!r}: duckdb or postgres", backend=backend)
    if (backend == "postgres") != (engine is not None):
        raise LinkageInputError("the postgres backend needs an engine, and the duckdb backend takes none")
    left = prepare(records)
    right = prepare(link_with) if link_with is not None else None
    link = right is not None
    columns = shared_columns(left, right)
    if not columns or len(left) < (1 if link else 2) or (right is not None and right.empty):
        return []
    with quiet_splink(), database(engine) as db_api:
        tables = [db_api.register(left[["unique_id", *columns]], dataset_display_name="records")]
        if right is not None:
            tables.append(db_api.register(right[["unique_id", *columns]], dataset_display_name="link_with"))
        model = settings(columns, possible_pairs(left, right), link=link)
        linker = train(tables, model, columns, agreeing_keys(left, right, columns), seed)
        scored = linker.inference.predict(threshold_match_probability=threshold).as_record_list()
    return sorted(candidate_pairs(scored, link=link), key=lambda p: (-p.probability, p.left_id, p.right_id))


@contextmanager
def database(engine: SQLEngine | None) -> Iterator[DatabaseAPI[Any]]:
    """splink's database for one run: a DuckDB in memory, or a work schema of its own on `engine`, dropped after."""
    if engine is None:
        with closing(duckdb.connect(":memory:")) as connection:
            # One thread: DuckDB's parallel sums differ in the last bit from run to run.
            connection.execute("SET enable_progress_bar = false; SET threads = 1")
            yield DuckDBAPI(connection)
        return
    schema = f"splink_{uuid.uuid4().hex[:12]}"
    try:
        yield WorkSchemaAPI(engine, schema)
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """`unique_id` as text and every known column normalised (null where missing or invalid); others dropped."""
    if "unique_id" not in records.columns:
        raise LinkageInputError(
            "the records have no unique_id column (columns: {names})", names=", ".join(map(str, records.columns))
        )
    renames = {alias: column for alias, column in ALIASES.items() if column not in records.columns}
    frame = records.reset_index(drop=True).rename(columns=renames)
    prepared = pd.DataFrame({"unique_id": frame["unique_id"].astype(str)})
    repeated = prepared["unique_id"][prepared["unique_id"].duplicated()].unique()
    if len(repeated):
        raise LinkageInputError("unique_id repeats: {names}", names=", ".join(repeated[:5]))
    for column in COLUMNS:
        if column in frame.columns:
            values = [normalized(NORMALIZERS[column], value) for value in frame[column]]
            prepared[column] = pd.Series(values, index=frame.index, dtype=object)
    return prepared


def shared_columns(left: pd.DataFrame, right: pd.DataFrame | None) -> list[str]:
    """The known columns with at least one value on each side."""
    frames = [left] if right is None else [left, right]
    return [c for c in COLUMNS if all(c in f.columns and f[c].notna().any() for f in frames)]


def name_comparison(column: str, *, swap: bool) -> ComparisonCreator:
    """Exact (weighted by how common the name is), Jaro-Winkler >= 0.92 / >= 0.8, two edits, else."""
    return cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=True),
            *([cll.ColumnsReversedLevel("given_name", "surname", symmetrical=True)] if swap else []),
            cll.JaroWinklerLevel(column, 0.92),
            cll.JaroWinklerLevel(column, 0.8),
            cll.DamerauLevenshteinLevel(column, 2),
            cll.ElseLevel(),
        ],
        output_column_name=column,
    )


def comparison(column: str, columns: Sequence[str]) -> ComparisonCreator:
    """The comparison (its levels) of one column."""
    if column in ("given_name", "surname"):
        return name_comparison(column, swap={"given_name", "surname"} <= set(columns))
    if column == "date_of_birth":
        return cl.DateOfBirthComparison(column, input_is_string=True, invalid_dates_as_null=False)
    if column in ("street", "city"):
        return cl.JaroWinklerAtThresholds(column, [0.92, 0.8])
    if column == "email":
        return cl.EmailComparison(column)
    if column == "state":
        return cl.ExactMatch(column)
    return cl.DamerauLevenshteinAtThresholds(column, [1, 2])


def keys(candidates: KeyList, columns: Sequence[str]) -> list[BlockingRuleCreator]:
    """Blocking rules for the candidate keys whose columns are all present."""
    return [block_on(*key) for key in candidates if all(uses(part) <= set(columns) for part in key)]


def uses(expression: str) -> set[str]:
    """The known columns an expression of a key reads: `'substr(surname, 1, 1)'` -> `{'surname'}`."""
    return {column for column in COLUMNS if re.search(rf"\b{column}\b", expression)}


def possible_pairs(left: pd.DataFrame, right: pd.DataFrame | None) -> int:
    """How many pairs the records make: n(n-1)/2 in a dedupe, n x m in a link."""
    return len(left) * (len(left) - 1) // 2 if right is None else len(left) * len(right)


def agreeing_keys(left: pd.DataFrame, right: pd.DataFrame | None, columns: Sequence[str]) -> KeyList:
    """The prior keys present on which at least one pair of records agrees (a key no pair shares estimates 0)."""
    found = []
    for key in PRIOR_KEYS:
        if not set(key) <= set(columns):
            continue
        values = left[list(key)].dropna()
        if right is None:
            agree = bool(values.duplicated().any())
        else:
            others = right[list(key)].dropna().drop_duplicates()
            agree = not values.drop_duplicates().merge(others, on=list(key)).empty
        found.extend([key] if agree else [])
    return found


def settings(columns: Sequence[str], pairs: int, *, link: bool) -> SettingsCreator:
    """The model: one comparison per column, blocking on the keys present (each column alone if none is).

    The prior starts at one match among all `pairs`, the floor where no prior key agrees anywhere.
    """
    rules: list[BlockingRuleCreator | dict[str, Any]] = [*keys(PREDICTION_KEYS, columns)]
    rules = rules or [block_on(column) for column in columns]
    if {"given_name", "surname"} <= set(columns):
        rules.append(CustomRule(SWAPPED_NAMES))
    return SettingsCreator(
        link_type="link_only" if link else "dedupe_only",
        probability_two_random_records_match=1 / (pairs + 1),
        comparisons=[comparison(column, columns) for column in columns],
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
    )


def train(
    tables: Sequence[SplinkDataFrame], model: SettingsCreator, columns: Sequence[str], prior_keys: KeyList, seed: int
) -> Linker:
    """A linker for `tables` with the prior from exact agreement on `prior_keys`, u sampled, m from EM.

    A training block without pairs, or where EM runs an m to 0 (no duplicates to learn from), is
    skipped: the model goes back to what it was before that block, which splink leaves half-changed.
    """
    linker = Linker(tables, model, log_level=None)
    if prior_keys:
        rules: list[str | BlockingRuleCreator] = [*keys(prior_keys, columns)]
        linker.training.estimate_probability_two_random_records_match(rules, recall=PRIOR_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=seed)
    # A block on every column leaves EM nothing to estimate.
    for rule in keys([key for key in TRAINING_KEYS if not set(columns) <= set(key)], columns):
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=EM_PAIRS
            )
        except (EMTrainingException, ValueError):
            linker = Linker(tables, before, log_level=None)
    return Linker(tables, with_m_floor(linker.misc.save_model_to_json()), log_level=None)


def with_m_floor(model: dict[str, Any]) -> dict[str, Any]:
    """`model` with every trained m at least `M_FLOOR` (a level no match fell in is rare, not impossible)."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if isinstance(level.get("m_probability"), float):
                level["m_probability"] = max(level["m_probability"], M_FLOOR)
    return model


def candidate_pairs(scored: Iterable[dict[str, Any]], *, link: bool) -> Iterator[CandidatePair]:
    """The predicted pairs, left from `records` and right from `link_with` (or the lower id left)."""
    for row in scored:
        left, right = str(row["unique_id_l"]), str(row["unique_id_r"])
        if (link and row["source_dataset_l"] != "records") or (not link and right < left):
            left, right = right, left
        yield CandidatePair(left, right, float(row["match_probability"]), float(row["match_weight"]))


@contextmanager
def quiet_splink() -> Iterator[None]:
    """Splink's log at ERROR only while it runs (it reports every training step at INFO)."""
    logger = logging.getLogger("splink")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
