"""Benchmark ``check`` on the bundled example and on a large generated manifest.

Prints figures; asserts nothing. Times are reported as ratios against a baseline measured
in the same process (a plain libyaml ``yaml.load`` of the same file), so the numbers mean
the same on a slow CI machine and a fast laptop.

    python benchmarks/bench_check.py [--documents 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from iho_ready.checking import run_check
from iho_ready.rubrics import Registry

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northshire-community" / "manifest.yaml"


def make_manifest(folder: Path, documents: int, registry: Registry) -> Path:
    """Write a manifest with *documents* evidence files covering every criterion of both rubrics."""
    rubrics = [registry.get("nhse-iho-designation", "2025.11"), registry.get("nhsconfed-host-provider", "2025.11")]
    refs = []
    for rubric in rubrics:
        for placed in rubric.walk():
            refs += [i.id for i in placed.criterion.evidence] or [placed.criterion.id]
    evidence = []
    for n in range(documents):
        path = folder / "evidence" / f"doc-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Document {n} (generated for the benchmark)\n")
        evidence.append({"id": f"D{n:05d}", "title": f"Document {n}", "path": f"evidence/doc-{n:05d}.md",
                         "owner": "Owner", "approved": {"by": "Board", "date": "2026-01-01"},
                         "review_by": "2027-06-30", "supports": [refs[n % len(refs)], refs[(n * 7) % len(refs)]]})
    criteria = {}
    for rubric in rubrics:
        for placed in rubric.walk():
            criteria[placed.criterion.id] = {"rating": placed.scale[0].id}
    data = {"manifest": 1, "organisation": {"name": "Benchmark Trust (fictional)", "type": "acute"},
            "assessment": {"title": "Benchmark", "as_of": "2026-10-31"},
            "rubrics": [r.key for r in rubrics], "evidence": evidence, "criteria": criteria}
    target = folder / "manifest.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False))
    return target


def timed(fn, repeat: int) -> float:
    """Median wall time of *fn* over *repeat* runs, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def peak_memory(fn) -> int:
    """Peak bytes allocated by Python while *fn* runs."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    for label, make in (("bundled example", lambda d: EXAMPLE),
                        (f"generated, {args.documents} documents", lambda d: make_manifest(d, args.documents, Registry()))):
        with tempfile.TemporaryDirectory() as tmp:
            path = make(Path(tmp))
            text = path.read_text()

            def baseline():
                yaml.load(text, Loader=loader)  # noqa: S506 - safe loader

            def check():
                run_check(str(path), Registry(), as_of=None, tool_version="bench")

            base, full = timed(baseline, args.repeat), timed(check, args.repeat)
            base_mem, full_mem = peak_memory(baseline), peak_memory(check)
            result = run_check(str(path), Registry(), as_of=None, tool_version="bench").result
            print(f"{label}: {len(text.splitlines())} lines, {len(result.findings)} findings")
            print(f"  yaml.load baseline   {base * 1000:8.1f} ms   peak {base_mem / 1e6:6.1f} MB")
            print(f"  load + evaluate      {full * 1000:8.1f} ms   peak {full_mem / 1e6:6.1f} MB")
            print(f"  ratio to baseline    {full / base:8.1f} x time   {full_mem / max(base_mem, 1):6.1f} x memory")


if __name__ == "__main__":
    main()
