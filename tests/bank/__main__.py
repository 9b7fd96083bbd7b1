"""Check starter-bank files: `python -m tests.bank FILE... [--no-run]`.

Prints each structural problem, then runs every runnable block of the named files
(two at a time) and prints each failure with the end of its output.
"""

import argparse
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from questions.starter_blocks import iter_blocks

from .rules import CONTENT_DIR, bank_problems, markdown_values, question_problems, read_topics
from .runner import interpreter, run


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bank", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="topic files (default: all)")
    parser.add_argument("--no-run", action="store_true", help="check structure only")
    args = parser.parse_args(argv)
    files = args.files or sorted(
        path for path in CONTENT_DIR.glob("*.toml") if path.name != "frameworks.toml"
    )
    problems = 0
    blocks = []
    fragments = 0
    questions = 0
    for path in files:
        try:
            with open(path, "rb") as handle:
                topic = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            print(f"{path}: cannot read: {error}")
            problems += 1
            continue
        for item in topic.get("questions", []):
            questions += 1
            for problem in question_problems(item):
                print(f"{path.name}: {item.get('slug', '?')}: {problem}")
                problems += 1
            for where, markdown in markdown_values(item):
                for block in iter_blocks(markdown):
                    if block.is_fragment:
                        fragments += 1
                    elif block.is_runnable:
                        blocks.append((f"{path.name}: {item.get('slug')}: {where}", block))
    try:
        topics = read_topics()
    except tomllib.TOMLDecodeError as error:
        print(f"the bank as a whole cannot be read: {error}")
        topics = []
        problems += 1
    for problem in bank_problems(topics):
        print(f"bank: {problem}")
        problems += 1
    failures = 0
    if not args.no_run and blocks:
        print(f"running {len(blocks)} blocks with {interpreter()} ...", flush=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = pool.map(lambda pair: run(pair[1]), blocks)
            for (where, block), outcome in zip(blocks, outcomes, strict=True):
                if not outcome.ok:
                    failures += 1
                    tail = "\n    ".join(outcome.output.splitlines()[-25:])
                    print(f"FAIL {where} ({block.context} block at line {block.line}):\n    {tail}")
    ran = "not run" if args.no_run else f"{len(blocks) - failures} passed, {failures} failed"
    print(
        f"{questions} questions; {len(blocks)} runnable blocks ({ran}); {fragments} fragments; "
        f"{problems} structural problems"
    )
    return 1 if problems or failures else 0


if __name__ == "__main__":
    sys.exit(main())
