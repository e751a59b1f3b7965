"""Computes the monitor's sampling table independently of the .NET code.

Rule (MLflow online scoring, mlflow/genai/scorers/online/sampler.py): sort the scorers by sample rate, highest first
(stable for equal rates); walk them with prev = 1.0; conditional = rate / prev (0 when prev is 0); the entity's value is
SHA-256 of "{entity_id}:{scorer_name}" read as an integer and divided by 2**256; stop at the first scorer whose value is
above its conditional rate, otherwise select it and set prev = rate.

Run: python3 sampling_cases.py > sampling_cases.json
"""
import hashlib
import json
import random


def fraction(entity_id, name):
    return int(hashlib.sha256(f"{entity_id}:{name}".encode()).hexdigest(), 16) / (2**256)


def select(entity_id, scorers):
    chosen = []
    prev = 1.0
    for name, rate in sorted(scorers, key=lambda s: s[1], reverse=True):
        conditional = rate / prev if prev > 0 else 0
        if fraction(entity_id, name) > conditional:
            break
        chosen.append(name)
        prev = rate
    return chosen


rng = random.Random(20261203)
scorer_sets = [
    [["safety", 1.0]],
    [["safety", 0.5]],
    [["safety", 0.0]],
    [["safety", 0.5], ["length", 0.25]],
    [["a", 0.3], ["b", 0.3], ["c", 0.9]],
    [["response_length", 0.1], ["safety_check", 0.8], ["mentions_mlflow", 1.0], ["guidelines", 0.05]],
    [["x", 0.7], ["y", 0.0], ["z", 0.7]],
]
cases = []
for index in range(60):
    trace_id = "tr-" + "".join(rng.choice("0123456789abcdef") for _ in range(32))
    if index % 10 == 9:
        trace_id = f"session-{index}"
    scorers = scorer_sets[index % len(scorer_sets)]
    cases.append({
        "entity_id": trace_id,
        "scorers": [{"name": n, "sample_rate": r} for n, r in scorers],
        "fractions": {n: fraction(trace_id, n) for n, _ in scorers},
        "selected": select(trace_id, scorers),
    })

print(json.dumps({"generated_by": "sampling_cases.py", "cases": cases}, indent=1))
