#!/usr/bin/env python3
"""A SIE 4 type 4E file of a large förvaltning's year, for the streaming benchmark.

Usage: make_sie.py OUTDIR --trans 1000000 [--year 2025] [--seed 1]
Writes OUTDIR/input/<year>-12/huvudbok.se (PC8): #DIM 1 Ansvar and 6
Verksamhet with their #OBJEKT, #KONTO, and #VER vouchers of three #TRANS
lines each — two postings with objects to cost and income accounts, one
balancing posting to 1930 with an empty object list — until TRANS lines;
every #TRANS line is a CSV row too;
OUTDIR/huvudbok.csv, the same #TRANS lines as `;` CSV (datum, konto, ansvar,
verksamhet, belopp), for polars' CSV reader; and OUTDIR/tertial.toml, the
register that maps them. The objects are a fixed set (50 areas × 4 ansvar,
one verksamhet each, 24 accounts, 12 months: 57 600 sums at most), so a
file of four million lines has the sums of one of a million.
"""
import argparse, os, random

ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("--trans", type=int, default=1_000_000)
ap.add_argument("--year", type=int, default=2025); ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
rnd = random.Random(a.seed)
AREAS = 50
ACCOUNTS = ["3010", "3110", "3510", "4010", "4020", "4510", "5010", "5020", "5110", "5410",
            "5510", "5610", "6010", "6110", "6210", "6310", "6410", "6510", "7010", "7210",
            "7410", "7610", "7910", "7920"]
ansvar = [(i, f"{100 + i}{j}", f"7{i:03d}{j % 2}") for i in range(1, AREAS + 1) for j in range(4)]
folder = os.path.join(a.out, "input", f"{a.year}-12")
os.makedirs(folder, exist_ok=True)

with open(os.path.join(a.out, "tertial.toml"), "w", encoding="utf-8") as t:
    t.write('municipality = "Benchkommun"\ncommittee = "Socialnämnden"\n\n')
    for i in range(1, AREAS + 1):
        t.write(f'[[areas]]\nname = "Område {i:03d}"\n'
                f'activities = ["Verksamhet {i:03d}-0", "Verksamhet {i:03d}-1"]\n\n')
    t.write('[ledger]\nunit = "kr"\narea_column = "Ansvar"\nactivity_column = "Verksamhet"\n\n[ledger.areas]\n')
    for i in range(1, AREAS + 1):
        t.write(f'"{100 + i}" = "Område {i:03d}"\n')
    t.write("\n[ledger.activities]\n")
    for i in range(1, AREAS + 1):
        for k in range(2):
            t.write(f'"7{i:03d}{k}" = "Verksamhet {i:03d}-{k}"\n')

with open(os.path.join(folder, "huvudbok.se"), "w", encoding="cp437", newline="\r\n") as s, \
        open(os.path.join(a.out, "huvudbok.csv"), "w", encoding="utf-8") as c:
    s.write(f'#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "make_sie.py" 1.0\n#FNAMN "Socialnämnden"\n'
            f'#RAR 0 {a.year}0101 {a.year}1231\n#DIM 1 "Ansvar"\n#DIM 6 "Verksamhet"\n')
    for _, code, _ in ansvar:
        s.write(f'#OBJEKT 1 "{code}" "Ansvar {code}"\n')
    for code in sorted({v for _, _, v in ansvar}):
        s.write(f'#OBJEKT 6 "{code}" "Verksamhet {code}"\n')
    for acc in ACCOUNTS + ["1930"]:
        s.write(f'#KONTO {acc} "Konto {acc}"\n')
    c.write("datum;konto;ansvar;verksamhet;belopp\n")
    lines, ver = 0, 0
    while lines < a.trans:
        ver += 1
        date = f"{a.year}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        s.write(f'#VER A {ver} {date} "Verifikation {ver}"\n{{\n')
        total = 0
        for _ in range(2):
            _, code, vht = rnd.choice(ansvar)
            acc = rnd.choice(ACCOUNTS)
            ore = rnd.randint(100, 5_000_000) * (-1 if acc[0] == "3" else 1)
            total += ore
            amount = f"{ore // 100 if ore >= 0 else -((-ore) // 100)}.{abs(ore) % 100:02d}"
            s.write(f'#TRANS {acc} {{1 "{code}" 6 "{vht}"}} {amount}\n')
            c.write(f"{date};{acc};{code};{vht};{amount}\n")
        back = -total
        amount = f'{"-" if back < 0 else ""}{abs(back) // 100}.{abs(back) % 100:02d}'
        s.write(f'#TRANS 1930 {{}} {amount}\n}}\n')
        c.write(f"{date};1930;;;{amount}\n")
        lines += 3
print(f"{lines} #TRANS lines in {ver} vouchers")
