"""Reads every batch off a trajectory API as Atropos' example trainer does, without torch.

The reads are those of example_trainer/data.py's pad_data_to_good_offset: per group `tokens`,
`masks`, `scores` (normalised), `overrides` (None or a list of dicts), `inference_logprobs` (read
with len() whenever the key is there), `generation_params` and `group_overrides` (temperature);
per sequence the masks padded beside the tokens. A field of the wrong shape fails here as it fails
there (a TypeError for len(None), say). Prints one JSON line: what was read, or the error.

Run: python3 trainer_read.py URL
"""

import json
import math
import sys
import urllib.request


def get_batch(url):
    with urllib.request.urlopen(url + "/batch", timeout=10) as r:
        return json.load(r)


def read_group(item, summary):
    scores = list(item["scores"])
    if len(scores) > 1:
        mean = sum(scores) / len(scores)
        std = math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))
        scores = [(s - mean) / max(std, 1e-8) for s in scores]
    if item["overrides"] is not None:
        for i in range(len(item["overrides"])):
            if item["overrides"][i].get("set_advantage_to_zero", False):
                scores[i] = 0
    for i in range(len(item["tokens"])):
        tokens, masks = item["tokens"][i], item["masks"][i]
        if len(masks) != len(tokens):
            raise ValueError(f"sequence {i}: {len(masks)} masks for {len(tokens)} tokens")
        if "inference_logprobs" in item:
            if i < len(item["inference_logprobs"]):
                logprobs = item["inference_logprobs"][i]
                if len(logprobs) != len(tokens):
                    raise ValueError(f"sequence {i}: {len(logprobs)} inference logprobs for {len(tokens)} tokens")
                summary["sequences_with_logprobs"] += 1
        t = 1.0
        if item.get("overrides") and i < len(item["overrides"]) and "temperature" in item["overrides"][i]:
            t = float(item["overrides"][i]["temperature"])
        elif item.get("generation_params") and "temperature" in item["generation_params"]:
            t = float(item["generation_params"]["temperature"])
        elif item.get("group_overrides") and "temperature" in item["group_overrides"]:
            t = float(item["group_overrides"]["temperature"])
        summary["temperatures"].add(t)
        summary["sequences"] += 1
        summary["longest"] = max(summary["longest"], len(tokens))
    summary["groups"] += 1
    summary["scores"].append(item["scores"])


def main():
    url = sys.argv[1]
    summary = {"batches": 0, "groups": 0, "sequences": 0, "sequences_with_logprobs": 0, "longest": 0,
               "temperatures": set(), "scores": []}
    try:
        while True:
            data = get_batch(url)
            if data.get("status") == "error":
                raise RuntimeError(f"Atropos API error: {data.get('message')}")
            if data["batch"] is None:
                break
            summary["batches"] += 1
            for item in data["batch"]:
                read_group(item, summary)
        summary["temperatures"] = sorted(summary["temperatures"])
        print(json.dumps({"ok": True, **summary}))
    except Exception as e:  # the trainer would die here: report how
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))


if __name__ == "__main__":
    main()
