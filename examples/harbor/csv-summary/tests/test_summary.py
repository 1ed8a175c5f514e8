import json

expected = {"north": 20.0, "south": 36.0, "east": 4.0, "total": 60.0}
try:
    with open("/app/out/summary.json") as f:
        got = json.load(f)
except (OSError, ValueError) as e:
    raise SystemExit(f"no readable /app/out/summary.json: {e}")
problems = [k for k, v in expected.items() if not isinstance(got.get(k), (int, float)) or abs(got[k] - v) > 1e-9]
extra = sorted(set(got) - set(expected))
print("wrong or missing:", problems, "unexpected:", extra)
raise SystemExit(1 if problems or extra else 0)
