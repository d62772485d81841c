"""Demo data: the seed document's story as the records of many agencies.

``generate_demo`` builds it (pure, deterministic for a seed), ``load_demo`` puts it in a
store, ``write_truth`` writes which records are the same person, and
``write_subjects_csv`` writes many subjects as an import file for benchmarks.
"""

from liaison.demo.dataset import DemoData, write_truth
from liaison.demo.generator import generate_demo
from liaison.demo.loader import demo_tokens, load_demo
from liaison.demo.subjects_csv import write_subjects_csv

__all__ = [
    "DemoData",
    "demo_tokens",
    "generate_demo",
    "load_demo",
    "write_subjects_csv",
    "write_truth",
]
