"""Benchmark the search app: precision and recall of Lao word queries against a gold corpus.

Usage (from the project root):

    .venv/bin/python bench/search_quality.py CORPUS [--database postgres://user@host:port/name]
                                                    [--queries 300] [--seed 2020] [--worst 20]

CORPUS has one token per line as ``word TAG`` (the tag is ignored) and a blank line between
sentences. Each sentence becomes one document: its gold words joined *without* spaces, indexed
through search.services.index_upsert (kind "bench", language "lo", visibility public), so the
index segments it itself, as it does real records.

Queries: ``--queries`` distinct gold words drawn with ``random.Random(seed)`` from the sorted
normalized gold words that are at least 2 characters long and made only of Lao letters and marks
(Unicode categories L* and M* inside the Lao block, at least one consonant or vowel letter):
this leaves out punctuation (e.g. ``ຯ``), numbers, Lao digits and Latin words. A sentence is
relevant for a word when its gold segmentation contains the word (both normalized). Every query
runs through search.selectors.search with a limit above the corpus size, so recall is not cut by
paging. Figures are given for all hits, for word-index hits only, and for the substring-fallback
hits only, two ways: micro-averaged over all queries (precision = relevant hits / hits, recall =
relevant hits / relevant sentences) and macro-averaged (the mean of each query's precision, over
queries with hits, and of each query's recall). Issue #3's target applies to the default run:
recall of all hits ≥ 0.99 and micro precision of word-index hits ≥ 0.85 (the last lines say so).

Micro precision is dominated by the few frequent words a sample happens to draw, which the gold
corpus also writes inside longer "words" that are phrases to a reader (ຄົນລາວ, ປະເທດລາວ, ຍັງບໍ່,
ພວກເຮົາ, ສິ່ງທີ່): the query ລາວ "finds" ປະເທດລາວ, which a reader wants found, and the bench
counts it as a false hit. So micro precision moves with the seed (0.74-0.87 over seeds 1-3 and
2020), and over all gold words it is about 0.83; macro precision weighs every query alike.
``--worst N`` lists the N queries with the most false word-index hits and the gold words that
hold them, to tell such phrases from real segmentation errors.

Django is set up here against a throwaway database, made and dropped with Django's test-database
machinery (migrations included): an in-memory SQLite database by default, or ``test_<name>`` on
the PostgreSQL server given with ``--database``. The developer's database is never touched.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lao import normalize  # noqa: E402


def read_sentences(path: Path) -> list[list[str]]:
    """The sentences as lists of raw gold words (whitespace-only tokens skipped)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    with path.open(encoding="utf-8") as corpus:
        for line in corpus:
            line = line.rstrip("\r\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            word = line.rsplit(" ", 1)[0] if " " in line else line
            if word.strip():
                current.append(word)
    if current:
        sentences.append(current)
    return sentences


def is_lao_word(word: str) -> bool:
    """At least 2 characters, all Lao letters or marks, at least one of them a letter (Lo)."""
    return (
        len(word) >= 2
        and all("\u0e80" <= ch <= "\u0eff" and unicodedata.category(ch)[0] in "LM" for ch in word)
        and any(unicodedata.category(ch) == "Lo" for ch in word)
    )


def setup_django(database: str | None) -> None:
    os.environ.setdefault("LAOCSO_ENV", "dev")
    scratch = tempfile.mkdtemp(prefix="search-bench-")
    os.environ["LAOCSO_VAR_DIR"] = scratch
    os.environ["DATABASE_URL"] = database or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "laocso.settings"
    import django

    django.setup()


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="file of 'word TAG' lines, blank line between sentences")
    parser.add_argument(
        "--database", help="postgres://… server to run on (a fresh test_ database); default SQLite"
    )
    parser.add_argument("--queries", type=int, default=300, help="number of gold words to query")
    parser.add_argument("--seed", type=int, default=2020, help="seed for choosing the query words")
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N queries with the most false word-index hits"
    )
    args = parser.parse_args()

    sentences = read_sentences(args.corpus)
    gold = [{normalize(word) for word in words} for words in sentences]
    candidates = sorted({word for words in gold for word in words if is_lao_word(word)})
    queries = random.Random(args.seed).sample(candidates, min(args.queries, len(candidates)))

    setup_django(args.database)
    from django.db import connection, transaction

    from search.selectors import search
    from search.services import index_upsert

    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        with transaction.atomic():
            for number, words in enumerate(sentences):
                text = "".join(words)
                index_upsert(
                    kind="bench",
                    object_id=number,
                    language="lo",
                    title=text,
                    snippet="",
                    url=f"/bench/{number}",
                    visibility="public",
                    texts=[text],
                )
        indexed = time.perf_counter() - started

        counts = dict.fromkeys(["relevant", "hits", "hits_ok", "word", "word_ok", "sub", "sub_ok"], 0)
        per_query: dict[str, list[tuple[int, int, int]]] = {"hits": [], "word": [], "sub": []}
        false_word_hits: dict[str, list[int]] = {}
        started = time.perf_counter()
        for word in queries:
            relevant = {number for number, words in enumerate(gold) if word in words}
            results = search(
                word, language="lo", visibility_levels={"public"}, kinds=["bench"], limit=len(sentences) + 1
            )
            assert results.total == len(results.hits), "the limit must cover every hit"
            counts["relevant"] += len(relevant)
            before = dict(counts)
            for hit in results.hits:
                ok = int(hit.object_id) in relevant
                counts["hits"] += 1
                counts["hits_ok"] += ok
                prefix = "word" if hit.match == "word" else "sub"
                counts[prefix] += 1
                counts[f"{prefix}_ok"] += ok
                if prefix == "word" and not ok:
                    false_word_hits.setdefault(word, []).append(int(hit.object_id))
            for name in per_query:
                per_query[name].append(
                    (counts[name] - before[name], counts[f"{name}_ok"] - before[f"{name}_ok"], len(relevant))
                )
        searched = time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)

    print(f"engine:            {connection.vendor}")
    print(f"corpus:            {args.corpus.name}: {len(sentences)} sentences")
    print(f"queries:           {len(queries)} gold words (seed {args.seed})")
    print(f"indexing:          {indexed:.1f} s ({len(sentences) / indexed:.0f} documents/s)")
    print(f"searching:         {1000 * searched / len(queries):.1f} ms per query")
    print(f"relevant:          {counts['relevant']} (sentence, word) pairs")
    print("                           micro-averaged        macro-averaged")
    for name, label in (("hits", "all hits"), ("word", "word-index hits"), ("sub", "substring hits")):
        found = [ok / hits for hits, ok, _relevant in per_query[name] if hits]
        recalls = [ok / relevant for _hits, ok, relevant in per_query[name]]
        print(
            f"{label + ':':18s} {counts[name]:6d}  P {ratio(counts[name + '_ok'], counts[name]):.3f}"
            f"  R {ratio(counts[name + '_ok'], counts['relevant']):.3f}"
            f"    P {ratio(sum(found), len(found)):.3f}  R {ratio(sum(recalls), len(recalls)):.3f}"
        )
    recall = ratio(counts["hits_ok"], counts["relevant"])
    precision = ratio(counts["word_ok"], counts["word"])
    print(
        f"issue #3 target:   all-hits recall (micro) ≥ 0.99: {recall:.3f}"
        f" {'met' if recall >= 0.99 else 'NOT met'};"
        f" word-index precision (micro) ≥ 0.85: {precision:.3f} {'met' if precision >= 0.85 else 'NOT met'}"
    )
    if args.worst:
        print_worst(false_word_hits, gold, args.worst)
    return 0


def print_worst(false_word_hits: dict[str, list[int]], gold: list[set[str]], limit: int) -> None:
    """The queries with the most false word-index hits, and the gold words of those sentences that
    contain the query: a phrase the gold corpus writes as one word, or a real segmentation error."""
    print("worst queries:     false word hits, query, the gold words containing it in those sentences")
    worst = sorted(false_word_hits.items(), key=lambda item: (-len(item[1]), item[0]))[:limit]
    for word, numbers in worst:
        holders: dict[str, int] = {}
        for number in numbers:
            for gold_word in gold[number]:
                if word in gold_word and gold_word != word:
                    holders[gold_word] = holders.get(gold_word, 0) + 1
        common = sorted(holders.items(), key=lambda item: (-item[1], item[0]))[:6]
        held = ", ".join(f"{holder} {count}" for holder, count in common) or "(the gold words split it)"
        print(f"  {len(numbers):5d}  {word}  {held}")


if __name__ == "__main__":
    sys.exit(main())
