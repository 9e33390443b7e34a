"""splink on PostgreSQL: a work schema of its own, the comparisons splink's dialect lacks, one hash for both databases.

With `backend="postgres"` (`app.identity.linkage`) splink works in a schema of its own
(`splink_<random>`, dropped afterwards) and leaves the engine's connections as they were
(`WorkSchemaAPI`). The records go in through pandas, not through DuckDB's postgres extension (which
splink would download). splink's PostgreSQL dialect has no Jaro-Winkler or Damerau-Levenshtein: the
work schema defines both as DuckDB computes them (`POSTGRES_FUNCTIONS`, in PL/pgSQL), screened by
cheap bounds that answer only where the model's thresholds cannot tell the difference, and reads
dates as strictly as DuckDB does (`TRY_CAST_DATE`). The database needs the fuzzystrmatch extension
(installed in `public` where it is nowhere, which takes the right to create extensions). Both
databases pick the pairs they train on by one hash of the record ids (the first 60 bits of an MD5,
not each database's own hash), so they agree: the same pairs, with match weights equal to about
1e-12 (Jaro-Winkler may differ in the last bit: DuckDB's build fuses the Winkler step's
multiply-add). PostgreSQL takes four to six times as long (`bench.linkage`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol, cast

import pandas as pd
from splink.backends.postgres import PostgresAPI
from splink.internals.database_api import AcceptableInputTableType
from splink.internals.dialects import DuckDBDialect, PostgresDialect, SplinkDialect
from splink.internals.input_column import InputColumn
from splink.internals.postgres.dataframe import PostgresDataFrame


class SQLEngine(Protocol):
    """A SQLAlchemy engine, as far as this module needs one (the core does not import SQLAlchemy)."""

    def begin(self) -> AbstractContextManager[Any]: ...


JARO_WINKLER_FLOOR = 0.8
"""`screened_jaro_winkler` is exact from here up (its bounds are worked out for 0.8); no threshold is lower."""
DAMERAU_LEVENSHTEIN_CAP = 3
"""`screened_damerau_levenshtein` is the distance capped here (its bounds assume 3); every threshold is lower."""
POSTGRES_FUNCTIONS = """
CREATE FUNCTION jaro_winkler_similarity(a text, b text) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  x text[] := string_to_array(a, NULL);
  y text[] := string_to_array(b, NULL);
  n int := cardinality(x);
  k int := cardinality(y);
  reach int := greatest(n, k) / 2 - 1;
  free text[] := x;  -- a's characters not matched yet (a matched one is NULL)
  matched text[] := ARRAY[]::text[];  -- b's matched characters, in b's order
  m int;
  t int := 0;
  i int := 0;
  sim float8;
BEGIN
  IF n = 0 OR k = 0 THEN RETURN 0; END IF;
  IF n = 1 AND k = 1 THEN RETURN (a = b)::int; END IF;
  FOR j IN 1..k LOOP  -- each character of b takes the first free equal one of a within reach
    i := array_position(free, y[j], greatest(1, j - reach));
    IF i <= j + reach THEN free[i] := NULL; matched := matched || y[j]; END IF;
  END LOOP;
  m := cardinality(matched);
  IF m = 0 THEN RETURN 0; END IF;
  i := 0;
  FOR j IN 1..m LOOP  -- the matched characters in a's order against b's: half the misplaced are transposed
    LOOP i := i + 1; EXIT WHEN free[i] IS NULL; END LOOP;
    IF x[i] <> matched[j] THEN t := t + 1; END IF;
  END LOOP;
  sim := (m::float8 / n + m::float8 / k + (m - t / 2)::float8 / m) / 3;
  IF sim <= 0.7 THEN RETURN sim; END IF;
  RETURN sim + ((left(a, 1) = left(b, 1))::int + (left(a, 2) = left(b, 2))::int
    + (left(a, 3) = left(b, 3))::int + (left(a, 4) = left(b, 4))::int) * 0.1::float8 * (1 - sim);
END $$;

CREATE FUNCTION damerau_levenshtein(a text, b text) RETURNS int
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE  -- Lowrance and Wagner's, as DuckDB's: d(i, j) of the prefixes is d[(i + 1) * w + j + 2], from -1
  x text[] := string_to_array(a, NULL);
  y text[] := string_to_array(b, NULL);
  n int := cardinality(x);
  k int := cardinality(y);
  w int := k + 2;
  d int[] := array_fill(n + k, ARRAY[(n + 2) * w]);
  last int[] := array_fill(0, ARRAY[k]);  -- the last row above whose character is b's j-th
  i1 int;
  j1 int;  -- the last column to the left whose character is a's i-th
BEGIN
  IF n = 0 OR k = 0 THEN RETURN n + k; END IF;
  FOR i IN 0..n LOOP d[(i + 1) * w + 2] := i; END LOOP;
  FOR j IN 1..k LOOP d[w + j + 2] := j; END LOOP;
  FOR i IN 1..n LOOP
    j1 := 0;
    FOR j IN 1..k LOOP
      i1 := last[j];
      IF x[i] = y[j] THEN
        d[(i + 1) * w + j + 2] := least(d[i * w + j + 1], d[i1 * w + j1 + 1] + i - i1 + j - j1 - 1);
        j1 := j;
        last[j] := i;
      ELSE
        d[(i + 1) * w + j + 2] := 1 + least(d[i * w + j + 1], d[(i + 1) * w + j + 1], d[i * w + j + 2],
          d[i1 * w + j1 + 1] + i - i1 + j - j1 - 2);
      END IF;
    END LOOP;
  END LOOP;
  RETURN d[(n + 1) * w + k + 2];
END $$;

-- PostgreSQL's power raises an error where the result underflows, where DuckDB's (IEEE) gives 0: EM
-- takes 2^w of match weights that a block without duplicates drives to minus a thousand bits. The
-- search path puts this schema before pg_catalog.
CREATE FUNCTION power(x float8, y float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN x = 2 AND y <= -1075 THEN 0 ELSE pg_catalog.power(x, y) END
$$;

-- The screened functions are VOLATILE only so that PostgreSQL keeps splink's CTEs apart (it would
-- otherwise paste each comparison into every one of the several places that reads its level).

-- Jaro-Winkler where it is at least 0.8, and 0 for a pair that cannot reach 0.8. Jaro is at most
-- (m/|a| + m/|b| + 1) / 3, with m matching characters, no more than those of each string found in the
-- other; the Winkler step needs a shared first letter and a Jaro above 0.7. So reaching 0.8 takes
-- m (1/|a| + 1/|b|) > 1.1 with a shared first letter, >= 1.4 without.
CREATE FUNCTION screened_jaro_winkler(a text, b text) RETURNS float8
LANGUAGE sql VOLATILE AS $$
SELECT CASE
  WHEN length(a) = 0 OR length(b) = 0 THEN 0
  WHEN least(length(a) - length(translate(a, b, '')), length(b) - length(translate(b, a, '')))
    * (1.0::float8 / length(a) + 1.0::float8 / length(b))
    < CASE WHEN left(a, 1) = left(b, 1) THEN 1.1 ELSE 1.4 END - 1e-9 THEN 0
  ELSE jaro_winkler_similarity(a, b)
END
$$;

-- The Damerau-Levenshtein distance capped at 3. An edit changes the length by at most 1, and each
-- character of a missing from b takes an edit of its own (as does each of b missing from a); the
-- distance is at least half the Levenshtein one (levenshtein_less_equal: fuzzystrmatch's, in C,
-- up to 255 characters), and equals it up to 1.
CREATE FUNCTION screened_damerau_levenshtein(a text, b text) RETURNS int
LANGUAGE sql VOLATILE AS $$
SELECT CASE
  WHEN greatest(abs(length(a) - length(b)), length(translate(a, b, '')), length(translate(b, a, ''))) >= 3 THEN 3
  WHEN greatest(length(a), length(b)) > 255 THEN least(damerau_levenshtein(a, b), 3)
  WHEN levenshtein_less_equal(a, b, 5) <= 1 THEN levenshtein_less_equal(a, b, 5)
  WHEN levenshtein_less_equal(a, b, 5) >= 5 THEN 3
  ELSE least(damerau_levenshtein(a, b), 3)
END
$$;
"""
"""The comparisons splink's PostgreSQL dialect lacks, as DuckDB computes them, and the screened ones the model calls."""


TRY_CAST_DATE = """
CREATE FUNCTION try_cast_date(date_string text, format text) RETURNS date
LANGUAGE sql STABLE AS $$
SELECT CASE
  WHEN format <> 'YYYY-MM-DD' THEN splink_try_cast_date(date_string, format)
  WHEN date_string !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN NULL
  WHEN substr(date_string, 9, 2)::int
    > extract(day FROM to_date(substr(date_string, 1, 7), 'YYYY-MM') + interval '1 month - 1 day') THEN NULL
  ELSE to_date(date_string, 'YYYY-MM-DD')
END
$$;
"""
"""A date as DuckDB's `try_strptime` reads YYYY-MM-DD written as `prepare` writes it (4, 2 and 2 digits).

None for a day the calendar lacks, and for other shapes (which DuckDB may read: `1980-4-5`).

splink's `try_cast_date` (kept for other formats as `splink_try_cast_date`) calls `to_date`, which
reads month 00 as January and day 00 as the 1st.
"""


def duckdb_hash(dialect: SplinkDialect, expression: str) -> str:
    """The first 60 bits of the MD5 of `expression`'s text, in DuckDB."""
    return f"('0x' || substr(md5(CAST({expression} AS VARCHAR)), 1, 15))::BIGINT"


def postgres_hash(dialect: SplinkDialect, expression: str) -> str:
    """The first 60 bits of the MD5 of `expression`'s text, in PostgreSQL."""
    return f"('x' || substr(md5(({expression})::text), 1, 15))::bit(60)::bigint"


# splink picks the records and pairs it trains on (u's sample and chunks, EM's sample) by a hash of
# their ids, each database's own; one hash for both makes both train on the same pairs.
DuckDBDialect.hash_function_expression = duckdb_hash  # type: ignore[method-assign,assignment]
PostgresDialect.hash_function_expression = postgres_hash  # type: ignore[method-assign,assignment]
# splink's PostgreSQL dialect names no Jaro-Winkler or Damerau-Levenshtein function; the work schema has them.
PostgresDialect.jaro_winkler_function_name = "screened_jaro_winkler"  # type: ignore[assignment]
PostgresDialect.damerau_levenshtein_function_name = "screened_damerau_levenshtein"  # type: ignore[assignment]


class WorkSchemaAPI(PostgresAPI):
    """splink's PostgresAPI kept to a schema of its own, leaving the engine's connections as they were.

    splink's sets the search path of whichever pooled connection it gets (and whoever gets that
    connection next inherits it), looks tables up by name in every schema, and loads data through
    DuckDB's postgres extension, which it downloads. Here each statement sets the search path for
    its own transaction, lookups stay in the schema, and pandas loads the data.
    """

    def __init__(self, engine: SQLEngine, schema: str) -> None:
        self.search_path = f'"{schema}", public'
        super().__init__(cast(Any, engine), schema)

    def _create_splink_schema(self, other_schemas_to_search: object) -> None:
        self._execute_sql_against_backend(f'CREATE SCHEMA "{self._db_schema}"')

    def _create_try_cast_date_function(self) -> None:
        """splink's `try_cast_date`, strict about the calendar for YYYY-MM-DD (`TRY_CAST_DATE`)."""
        super()._create_try_cast_date_function()  # type: ignore[no-untyped-call]
        self._execute_sql_against_backend("ALTER FUNCTION try_cast_date(text, text) RENAME TO splink_try_cast_date")
        self._execute_sql_against_backend(TRY_CAST_DATE)

    def _register_extensions(self) -> None:
        """fuzzystrmatch (installed in public where the database has it nowhere), then `POSTGRES_FUNCTIONS`."""
        sql = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'fuzzystrmatch'"
        home = self._execute_sql_against_backend(sql).scalar()
        if home is None:
            self._execute_sql_against_backend("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch SCHEMA public")
        self.search_path = f'"{self._db_schema}", pg_catalog, {home or "public"}, public'
        self._execute_sql_against_backend(POSTGRES_FUNCTIONS)

    def _execute_sql_against_backend(
        self, final_sql: str, templated_name: str | None = None, physical_name: str | None = None
    ) -> Any:
        with self._engine.begin() as connection:
            # No parallel workers (their sums differ in the last bit from run to run), and no JIT: splink's
            # fresh tables have no statistics, and the planner compiles queries of a few rows for seconds.
            settings = f"SET LOCAL search_path TO {self.search_path}; SET LOCAL max_parallel_workers_per_gather = 0"
            settings += "; SET LOCAL jit = off"
            connection.exec_driver_sql(settings, execution_options={"no_parameters": True})
            return connection.exec_driver_sql(final_sql, execution_options={"no_parameters": True})

    def _table_registration(self, input: AcceptableInputTableType, table_name: str) -> None:
        frame = input if isinstance(input, pd.DataFrame) else pd.DataFrame(input)
        frame.to_sql(table_name, self._engine, schema=self._db_schema, index=False, method="multi", chunksize=1000)

    def table_exists_in_database(self, table_name: str) -> bool:
        sql = f"""SELECT to_regclass('"{self._db_schema}"."{table_name}"') IS NOT NULL"""
        return bool(self._execute_sql_against_backend(sql).scalar())

    def table_to_splink_dataframe(self, templated_name: str, physical_name: str) -> WorkSchemaFrame:
        return WorkSchemaFrame(templated_name, physical_name, self)  # type: ignore[no-untyped-call]


class WorkSchemaFrame(PostgresDataFrame):
    """A table of the work schema (splink's looks its columns up in every schema)."""

    @property
    def columns(self) -> list[InputColumn]:
        sql = f"""
        SELECT column_name FROM information_schema.columns
        WHERE table_schema = '{self._db_schema}' AND table_name = '{self.physical_name}' ORDER BY ordinal_position
        """
        rows = self.db_api._execute_sql_against_backend(sql).all()
        return [InputColumn(row[0], sqlglot_dialect_str="postgres") for row in rows]
