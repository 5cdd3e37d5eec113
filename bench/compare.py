#!/usr/bin/env python3
"""Checks tertial's annex against the peer pipeline's JSON.

Usage: compare.py PEER.json ANNEX.xlsx
The annex holds unrounded values; totals must agree to 0.01 tkr and
percentages to 1e-6. Prints one line per check and exits 1 on a mismatch.
Needs: openpyxl.
"""
import json, sys
import openpyxl

peer = json.load(open(sys.argv[1]))
wb = openpyxl.load_workbook(sys.argv[2], read_only=True)


def rows(sheet):
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


bad = 0
checked = 0


def close(a, b, tol):
    return abs(float(a) - float(b)) <= tol


drift = {r[0]: r[1:4] for r in rows("Driftredovisning") if r and isinstance(r[0], str) and isinstance(r[1], (int, float))}
for label, (b, p, d) in peer["by_cost_type"].items():
    got = drift.get(label)
    checked += 1
    if got is None or not (close(got[0], b, 0.01) and close(got[1], p, 0.01) and close(got[2], d, 0.01)):
        bad += 1
        print(f"MISMATCH by cost type {label}: tertial {got} peer {[b, p, d]}")

act_rows = [r for r in rows("Verksamhet") if r and isinstance(r[0], str) and isinstance(r[1], (int, float))]
area = None
seen = {}
for r in act_rows:
    label = r[0]
    if label == "Summa":
        seen["Summa"] = r[1:4]
        continue
    if label.startswith("Per verksamhetsområde"):
        break
    seen.setdefault(label, r[1:4])
for key, (b, p, d) in peer["by_activity"].items():
    label = key.split(" / ")[-1]
    got = seen.get(label)
    checked += 1
    if got is None or not (close(got[0], b, 0.01) and close(got[1], p, 0.01)):
        bad += 1
        print(f"MISMATCH by activity {key}: tertial {got} peer {[b, p, d]}")

sick = rows("Sjukfrånvaro")
header = next(r for r in sick if r and r[0] == "Sjukfrånvaro, %")
years = [str(y) for y in header[1:] if y is not None]
names = {"Kvinna": "Kvinnor", "Man": "Män", "Totalt": "Totalt"}
for year, row in peer.get("sick_leave_pct", {}).items():
    for g, pct in row.items():
        label = names.get(g, g)
        r = next((r for r in sick if r and r[0] == label), None)
        checked += 1
        if r is None or year not in years or not close(r[1 + years.index(year)], pct, 1e-6):
            bad += 1
            print(f"MISMATCH sick leave {year} {g}: peer {pct}")

print(f"compare: {checked - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
