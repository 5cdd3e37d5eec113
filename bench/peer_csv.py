#!/usr/bin/env python3
"""polars' own CSV reader on the #TRANS rows of make_sie.py's file, as CSV:
read, and the actual summed by month, account and objects as tertial sums
them. The floor a general tool reaches on the same rows. Prints rows and sums.

Usage: peer_csv.py huvudbok.csv
"""
import sys
import polars as pl

df = pl.read_csv(sys.argv[1], separator=";", schema_overrides={
    "datum": pl.Utf8, "konto": pl.Utf8, "ansvar": pl.Utf8, "verksamhet": pl.Utf8, "belopp": pl.Float64})
sums = (df.filter(pl.col("ansvar").is_not_null())
          .group_by(pl.col("datum").str.slice(0, 6).alias("månad"), "konto", "ansvar", "verksamhet")
          .agg(pl.col("belopp").sum()))
print(len(df), len(sums))
