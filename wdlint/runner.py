"""Run the engine over many files: in this process, or in a pool where that pays.

Workers get paths, not texts (a text crosses the process boundary pickled;
a path costs nothing), read the bytes themselves, and run the text gate on
the raw bytes, so a rejected file is never decoded nor parsed.  Work is
handed out by bytes, not by file count: files sorted largest first (LPT)
into chunks of about equal size, the big ones alone, so no worker is left
with the one 400 KB trainer at the end.  The pool forks where the platform
allows (the parent has already imported wdlint and built the gate), and
starts only above ``PARALLEL_MIN_BYTES`` (measured: below it a pool's start
costs more than it saves) or when ``--jobs`` asks for one.
"""

from __future__ import annotations

import os
import sys

#: Below this much source a pool costs more than it saves (measured on 2 cores, see docs/performance.md).
PARALLEL_MIN_BYTES = 4_000_000
#: Chunks per worker: enough for the pool to balance, few enough to keep task overhead low.
CHUNKS_PER_JOB = 8


def lint_files(files: list[tuple[str, str]], settings, jobs: int | None = None) -> tuple[list, int]:
    """All findings for ``files`` (unfiltered by selection) and the count of internal errors."""
    options = settings.analysis_options
    apply_noqa = not settings.disable_noqa
    sizes = [_size(real_path) for real_path, _ in files]
    total = sum(sizes)
    worth_a_pool = jobs is not None or total >= PARALLEL_MIN_BYTES
    jobs = default_jobs() if jobs is None else jobs
    results = None
    if jobs > 1 and len(files) > 1 and worth_a_pool:
        results = _lint_in_processes(files, sizes, options, apply_noqa, jobs)
    if results is None:
        results = _lint_paths((files, options, apply_noqa))
    diagnostics: list = []
    internal_errors = 0
    for display_path, found, error in results:
        if error is not None:
            print(f"wdlint: error: {display_path}: internal error: {error}", file=sys.stderr)
            internal_errors += 1
        else:
            diagnostics.extend(found)
    return diagnostics, internal_errors


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _lint_paths(job: tuple) -> list[tuple[str, list, str | None]]:
    """Read, gate (on bytes), decode and lint each file; a crash is reported for that file, the run goes on."""
    from wdlint.diagnostics import Diagnostic
    from wdlint.engine import lint_bytes, might_have_findings, read_source

    files, options, apply_noqa = job
    results = []
    for real_path, display_path in files:
        source = read_source(real_path, display_path)
        if isinstance(source, Diagnostic):
            results.append((display_path, [source], None))
            continue
        if not might_have_findings(source, options):
            results.append((display_path, [], None))
            continue
        try:
            results.append((display_path, lint_bytes(source, display_path, options, apply_noqa=apply_noqa), None))
        except Exception as error:
            if os.environ.get("WDLINT_DEBUG"):
                raise
            results.append((display_path, [], f"{type(error).__name__}: {error}"))
    return results


def chunks_by_bytes(files: list, sizes: list[int], count: int) -> list[list]:
    """``files`` in about ``count`` chunks of equal bytes, largest files first (LPT order), order kept within."""
    order = sorted(range(len(files)), key=lambda index: -sizes[index])
    target = max(1, sum(sizes) // max(1, count))
    chunks: list[list] = []
    current: list = []
    current_bytes = 0
    for index in order:
        current.append(files[index])
        current_bytes += sizes[index]
        if current_bytes >= target:
            chunks.append(current)
            current, current_bytes = [], 0
    if current:
        chunks.append(current)
    return chunks


def _lint_in_processes(files, sizes, options, apply_noqa: bool, jobs: int) -> list | None:
    """Results from a process pool, or None where one cannot run (then the caller goes serial)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Build the gate before forking, so every worker inherits it.
    from wdlint.engine import might_have_findings

    might_have_findings(b"", options)
    jobs = min(jobs, len(files))
    chunks = chunks_by_bytes(files, sizes, jobs * CHUNKS_PER_JOB)
    context = None
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            done = pool.map(_lint_paths, [(chunk, options, apply_noqa) for chunk in chunks])
            return [result for chunk_results in done for result in chunk_results]
    except (OSError, NotImplementedError, ImportError, BrokenProcessPool):
        return None


def default_jobs() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return max(1, min(available, 64))
