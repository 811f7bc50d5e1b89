"""Running a check over many posts: order, parallelism, progress, exit status.

The CLI hands this module the inputs and a writer; it streams each result to the
writer in input order, whether posts are checked here or in worker processes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from snslint.engine import Linter, Options
from snslint.findings import Post, PostResult
from snslint.formats import Summary
from snslint.packs import SEVERITY_RANK
from snslint.sources import Failure, Item

BATCH = 64
# Fewer posts than this are checked in this process whatever --jobs says: starting a
# worker (Sudachi and the compiled packs) costs about as much as checking ~400 posts.
SMALL_QUEUE = 8 * BATCH


@dataclass
class Outcome:
    summary: Summary
    had_error: bool
    worst: int  # highest severity rank seen, -1 for none


def failure_result(item: Failure) -> PostResult | None:
    """A post that could not be read, as a result entry (None for a whole unreadable file)."""
    if item.id is None and item.line is None:
        return None
    post = Post(item.id or f"{item.source}:{item.line}", "", item.source, item.line)
    return PostResult(post, error=item.message)


def _check_items(linter: Linter, items: Iterable[Item]) -> Iterator[tuple[Item, PostResult | None]]:
    for item in items:
        if isinstance(item, Failure):
            yield item, failure_result(item)
        else:
            yield item, linter.check(item)


# --- worker processes ------------------------------------------------------------

_WORKER: Linter | None = None


def _init_worker(options: Options) -> None:
    global _WORKER
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER = Linter.build(options)


def _work(batch: list[Item]) -> list[tuple[Item, PostResult | None]]:
    assert _WORKER is not None
    return list(_check_items(_WORKER, batch))


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


def checked(linter: Linter, items: Iterable[Item], jobs: int) -> Iterator[tuple[Item, PostResult | None]]:
    """Results in input order; with ``jobs > 1`` posts are checked in worker processes."""
    if jobs > 1:
        items = iter(items)
        head = list(itertools.islice(items, SMALL_QUEUE))
        if len(head) < SMALL_QUEUE:
            jobs = 1
        items = itertools.chain(head, items)
    if jobs <= 1:
        yield from _check_items(linter, items)
        return
    import multiprocessing

    # spawn, not fork: a forked child can inherit locks held by the tokenizer's threads
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(linter.options,)) as pool:
        for results in pool.imap(_work, _batches(items), chunksize=1):
            yield from results


def run(linter: Linter, items: Iterable[Item], writer, jobs: int = 1, on_error=None, progress=None) -> Outcome:
    summary = Summary()
    had_error = False
    worst = -1
    writer.begin()
    for item, result in checked(linter, items, jobs):
        if isinstance(item, Failure):
            had_error = True
            if on_error:
                on_error(str(item))
        elif result is not None and result.error is not None:
            had_error = True
            if on_error:
                where = f"{item.source}:{item.line}" if item.line else item.source
                on_error(f"{where}: {result.error}")
        if result is None:
            continue
        for f in result.findings:
            worst = max(worst, SEVERITY_RANK[f.severity])
        summary.add(result)
        writer.post(result)
        if progress:
            progress()
    writer.end(summary.to_dict())
    return Outcome(summary, had_error, worst)
