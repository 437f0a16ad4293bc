"""Benchmark lao.segment: word-boundary precision/recall/F1 against a gold corpus, and speed.

Usage (from the project root):

    .venv/bin/python bench/lao_segment.py CORPUS [--repeat N]

CORPUS has one token per line as ``word TAG`` (the tag is ignored) and a blank line between
sentences. For each sentence the gold words are joined *without* spaces and normalized with
lao.normalize (so e.g. ``ໍ`` + ``າ`` counts as the single character ``ຳ`` on both sides), and
the result is segmented with lao.segment. Boundaries are character offsets inside the
normalized sentence where a word ends (the sentence end included). Gold boundaries are the ends
of the gold words, each measured as the length of the normalized prefix (see gold_boundaries);
predicted boundaries are the starts and ends of the tokens lao.segment returns -- it drops
punctuation tokens, whose edges are still boundaries. Gold tokens that are only whitespace are
skipped.

Only the lao.segment calls are timed (best of --repeat runs); words/s is gold words divided by
that time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lao import normalize, segment


def read_sentences(path: Path) -> tuple[list[list[str]], int]:
    """Return the sentences as lists of raw gold words, and the number of skipped tokens."""
    sentences: list[list[str]] = []
    current: list[str] = []
    skipped = 0
    with path.open(encoding="utf-8") as corpus:
        for line in corpus:
            line = line.rstrip("\r\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            word = line.rsplit(" ", 1)[0] if " " in line else line
            if normalize(word) and not word.isspace():
                current.append(word)
            else:
                skipped += 1
    if current:
        sentences.append(current)
    return sentences, skipped


def gold_boundaries(words: list[str]) -> tuple[str, set[int]]:
    """Return the normalized joined sentence and the offsets where its gold words end.

    Words are normalized as a prefix of the sentence, so offsets count normalized characters.
    A gold boundary that normalization removes is dropped: the corpus sometimes splits a
    sequence that normalize() turns into one character (``ຫ`` | ``ມາຍ`` -> ``ໝາຍ``,
    ``ນ້ໍ`` | ``າ`` -> ``ນ້ຳ``); those pieces count as one word.
    """
    text = normalize("".join(words))
    boundaries = {len(text)}
    for k in range(1, len(words)):
        prefix = normalize("".join(words[:k]))
        if text.startswith(prefix):
            boundaries.add(len(prefix))
    return text, boundaries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="file of 'word TAG' lines, blank line between sentences")
    parser.add_argument("--repeat", type=int, default=3, help="time N runs and keep the fastest")
    args = parser.parse_args()

    sentences, skipped = read_sentences(args.corpus)
    gold_words = sum(len(words) for words in sentences)
    gold = [gold_boundaries(words) for words in sentences]
    texts = [text for text, _ in gold]
    segment("ສະບາຍດີ")  # warm up: the thread's BreakIterator is created on first use

    predicted: list[list[str]] = []
    elapsed = float("inf")
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        predicted = [segment(text) for text in texts]
        elapsed = min(elapsed, time.perf_counter() - start)

    true_pos = false_pos = false_neg = merged_words = predicted_words = 0
    for (text, expected), tokens in zip(gold, predicted, strict=True):
        merged_words += len(expected)
        found: set[int] = {len(text)}
        cursor = 0
        for token in tokens:
            position = text.index(token, cursor)  # every token is a substring, in order
            cursor = position + len(token)
            if position:
                found.add(position)
            found.add(cursor)
        predicted_words += len(tokens)
        true_pos += len(expected & found)
        false_pos += len(found - expected)
        false_neg += len(expected - found)

    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    speed = gold_words / elapsed if elapsed > 0 else float("inf")

    print(
        f"sentences {len(sentences):,}  gold words {gold_words:,}  "
        f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  words/s {speed:,.0f}"
    )
    print(
        f"(predicted words {predicted_words:,}; {gold_words - merged_words} gold boundaries removed "
        f"by normalization; {skipped} empty or whitespace-only gold tokens skipped)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
