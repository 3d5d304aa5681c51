#!/usr/bin/env python3
"""Writes N questions, one a line, for timing `careerbot ask` on a large knowledge base:
the questions of the eval files repeated (nine in ten lines) and phrasings drawn from the
generated entries of BIG.json (one in ten), shuffled with a fixed seed.
usage: questions.py BIG.json N OUT.txt EVAL.jsonl [EVAL.jsonl ...]"""
import json, random, sys

big, n, out, evals = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
qs = []
for path in evals:
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        item = json.loads(line)
        if "q" in item:
            qs.append(item["q"])
        qs.extend(t["q"] for t in item.get("turns", []))
rnd = random.Random(1)
synth = [e for e in json.load(open(big, encoding="utf-8"))["entries"] if e["id"].startswith("synth-")]
drawn = []
for _ in range(n // 10):
    e = rnd.choice(synth)
    drawn.append(rnd.choice(e["texts"][rnd.choice(["de", "en"])]["questions"]))
lines = (qs * (n // max(1, len(qs)) + 1))[: n - len(drawn)] + drawn
rnd.shuffle(lines)
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(q.replace("\n", " ") for q in lines) + "\n")
