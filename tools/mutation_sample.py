"""Mutation-test a random sample of the evaluation's mutants and print the figure.

mutmut (configured in ``[tool.mutmut]`` in ``pyproject.toml``) makes about 2,000 mutants of
the evaluation, the roll-ups, the rules, the failure policy, progress and the result model;
testing them all takes hours on a laptop. This script has mutmut generate them, draws a
seeded random sample, tests only those, and prints how many were killed::

    .venv/bin/python tools/mutation_sample.py --size 350 --seed 61206

The target is at least 95% killed. A survivor is a rule no test holds: ``mutmut show NAME``
shows the change, and a test that fails on it belongs beside the rule's other tests.
The seed makes a sample repeatable; draw a fresh one (a new seed) to measure, rather than
re-running the sample whose survivors you have just written tests for.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = [sys.executable, "-m", "mutmut"]
_NO_SUCH_MUTANT = "generate-only-no-mutant-has-this-name"


def _statuses() -> dict[str, str]:
    listing = subprocess.run([*MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    statuses = {}
    for line in listing.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            statuses[name] = status
    return statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=350, help="mutants to draw (default 350)")
    parser.add_argument("--seed", type=int, default=61206, help="random seed of the draw")
    parser.add_argument("--examples", default="5", help="oracle examples per mutant (IHO_READY_ORACLE_EXAMPLES)")
    parser.add_argument("--children", default="2", help="mutants tested at once (mutmut --max-children)")
    args = parser.parse_args()

    # mutmut generates every mutant before it filters by name, so a name nothing has generates only.
    subprocess.run([*MUTMUT, "run", _NO_SUCH_MUTANT], cwd=ROOT, capture_output=True, check=False)
    everything = sorted(_statuses())
    if not everything:
        print("mutmut generated no mutants; is it installed (pip install mutmut)?", file=sys.stderr)
        return 2
    sample = sorted(random.Random(args.seed).sample(everything, min(args.size, len(everything))))
    print(f"testing {len(sample)} of {len(everything)} mutants (seed {args.seed})", flush=True)
    env = os.environ | {"IHO_READY_ORACLE_EXAMPLES": args.examples}
    subprocess.run([*MUTMUT, "run", "--max-children", args.children, *sample], cwd=ROOT, env=env, check=False,
                   stdout=subprocess.DEVNULL)

    statuses = _statuses()
    counts = Counter(statuses.get(name, "not checked") for name in sample)
    tested = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts["killed"] + counts["timeout"]
    print(", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
    if tested:
        print(f"killed {killed} of {tested} tested: {100 * killed / tested:.1f}%")
    for name in sample:
        if statuses.get(name) == "survived":
            print(f"survived: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
