"""Shared by the benchmark scripts: the machine they ran on, a timer, NumPy's matmul peak."""

from __future__ import annotations

import os
import platform
import sys
import time

import numpy as np


def machine() -> str:
    """One line: CPU model, cores, Python, NumPy and its BLAS."""
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    blas = "unknown BLAS"
    try:
        config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{config['name']} {config['version']}"
    except Exception:  # older NumPy: the BLAS name is not essential
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
            f"NumPy {np.__version__} ({blas})")


def best_of(fn, repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``fn()``, in seconds (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def matmul_peak(dtype, n: int = 2048) -> float:
    """GFLOP/s of one ``(n, n) @ (n, n)`` product with NumPy's BLAS, all cores."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)).astype(dtype), rng.random((n, n)).astype(dtype)
    a @ b  # warm up (thread pool, page faults)
    return 2 * n ** 3 / best_of(lambda: a @ b, 5) / 1e9
