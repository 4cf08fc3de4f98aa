#!/usr/bin/env python3
"""Scores the job-ordering rules against the hand-read labels of
testdata/corpus-labels/ (pipelines of ../shared/corpus read by a person).

    cargo build --release
    python3 benches/labels.py [CORPUS]      # CORPUS: ../shared/corpus/real

Runs the release binary once over the corpus and prints, per label file,
how many pipelines labelled `fire` get a job-ordering finding (at warning or
error, and at any level) and how many labelled `clean` get none at warning
or error (and none at all), then each pipeline where the two disagree.
A GitLab `.gitlab-ci.yml` at a repository's root counts the findings of
every GitLab file of that repository: one pipeline, several files.
"""
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = os.path.join(ROOT, "testdata", "corpus-labels")


def findings(corpus):
    binary = os.path.join(ROOT, "target", "release", "devops-check")
    out = subprocess.run(
        [binary, "--format", "json", "--fail-on", "never", corpus],
        check=True, capture_output=True, text=True,
    ).stdout
    by_path = collections.defaultdict(list)
    for f in json.loads(out)["findings"]:
        if f["family"] == "job-ordering":
            path = os.path.relpath(f["path"], corpus)
            by_path[path].append((f["rule"], f["severity"]))
    return by_path


def labels(name):
    with open(os.path.join(LABELS, name)) as lines:
        for line in lines:
            cells = line.rstrip("\n").split("\t")
            if line.startswith("#") or cells[0] == "path" or len(cells) < 2:
                continue
            yield cells[0], cells[1]


def members(path, by_path, gitlab):
    repo, _, rest = path.partition("/")
    if gitlab and rest == ".gitlab-ci.yml":
        return [p for p in by_path if p.startswith(repo + "/")]
    return [path]


def score(name, by_path, gitlab):
    counts = collections.Counter()
    disagreements = []
    for path, label in labels(name):
        found = [f for p in members(path, by_path, gitlab) for f in by_path.get(p, [])]
        loud = any(severity in ("warning", "error") for _, severity in found)
        counts[label] += 1
        if label == "fire":
            counts["fire found at warning/error"] += loud
            counts["fire found at any level"] += bool(found)
            if not loud:
                disagreements.append(("missed" if not found else "note only", path, found))
        else:
            counts["clean left clean at warning/error"] += not loud
            counts["clean with no finding at all"] += not found
            if loud:
                disagreements.append(("false alarm", path, found))
    print(f"== {name}")
    for key, value in counts.items():
        print(f"  {key}: {value}")
    for kind, path, found in disagreements:
        print(f"  {kind}: {path} {sorted(set(found))}")


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus", "real")
    if not os.path.isdir(corpus):
        sys.exit(f"no corpus at {corpus}")
    by_path = findings(os.path.abspath(corpus))
    score("job-ordering.tsv", by_path, gitlab=False)
    score("gitlab.tsv", by_path, gitlab=True)


if __name__ == "__main__":
    main()
