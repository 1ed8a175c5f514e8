#!/bin/bash
python3 - <<'PY'
import csv, json
totals = {}
with open("/app/data/sales.csv") as f:
    for row in csv.DictReader(f):
        totals[row["region"]] = totals.get(row["region"], 0.0) + float(row["amount"])
totals["total"] = sum(totals.values())
with open("/app/out/summary.json", "w") as f:
    json.dump(totals, f)
PY
