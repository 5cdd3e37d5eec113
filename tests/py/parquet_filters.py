"""Reads tertial's Parquet facts back with DuckDB and pyarrow, independently
of polars, and checks that filtered reads give the right counts.

Usage: parquet_filters.py DATA_DIR [DATA_DIR ...]

For every file and every column: the count of rows equal to each distinct
value (and of nulls), computed from a plain unfiltered pyarrow read, must be
what DuckDB's `WHERE col = ?` / `WHERE col IS NULL` and pyarrow's filtered
read (`filters=[(col, '==', v)]`) return. With two or more folders, DuckDB
stacks each file name's files with UNION ALL BY NAME and the row counts must
add up. Prints one line per check; exits 1 on the first wrong answer.
"""
import collections
import pathlib
import sys

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq

assert int(duckdb.__version__.split(".")[0]) >= 2, duckdb.__version__

STACKING = ["period", "kommun", "namnd"]


def fail(msg):
    print("FAIL", msg)
    sys.exit(1)


def check_file(con, path):
    table = pq.read_table(path)
    names = table.column_names
    if names[:3] != STACKING:
        fail(f"{path.name}: the first columns are {names[:3]}, not {STACKING}")
    checks = 0
    for name in names:
        values = table.column(name).to_pylist()
        counts = collections.Counter(values)
        # Every distinct value, at most 25 per column (the larger files have
        # many distinct amounts; the first 25 in row order are checked).
        for value in list(dict.fromkeys(values))[:25]:
            want = counts[value]
            if value is None:
                got = con.execute(
                    f'SELECT count(*) FROM read_parquet(?) WHERE "{name}" IS NULL', [str(path)]
                ).fetchone()[0]
                arrow_n = pq.read_table(path, filters=pc.field(name).is_null()).num_rows
            else:
                got = con.execute(
                    f'SELECT count(*) FROM read_parquet(?) WHERE "{name}" = ?', [str(path), value]
                ).fetchone()[0]
                arrow_n = pq.read_table(path, filters=[(name, "==", value)]).num_rows
            if got != want:
                fail(f"{path.name}: DuckDB counts {got} rows with {name} = {value!r}, the file has {want}")
            if arrow_n != want:
                fail(f"{path.name}: pyarrow's filtered read gives {arrow_n} rows with {name} = {value!r}, the file has {want}")
            checks += 1
    print(f"ok {path.parent.parent.name}/{path.name}: {table.num_rows} rows, {len(names)} columns, {checks} filters")
    return checks


def main():
    dirs = [pathlib.Path(d) for d in sys.argv[1:]]
    con = duckdb.connect()
    total = 0
    for d in dirs:
        files = sorted(d.glob("*.parquet"))
        if not files:
            fail(f"no Parquet files in {d}")
        for f in files:
            total += check_file(con, f)
    if len(dirs) >= 2:
        for f in sorted(dirs[0].glob("*.parquet")):
            paths = [str(d / f.name) for d in dirs]
            union = " UNION ALL BY NAME ".join(f"SELECT * FROM read_parquet('{p}')" for p in paths)
            stacked = con.execute(f"SELECT count(*), count(DISTINCT period) FROM ({union})").fetchone()
            want = sum(pq.read_metadata(p).num_rows for p in paths)
            if stacked[0] != want:
                fail(f"{f.name}: UNION ALL BY NAME gives {stacked[0]} rows, the files have {want}")
            print(f"ok stacked {f.name}: {stacked[0]} rows, {stacked[1]} periods")
    print(f"checked {total} filters")


main()
