"""gunicorn settings: ``gunicorn -c service/http/gunicorn_conf.py "service.http.app:create_app()"``.

This file is gunicorn's, not the app's: it reads the bind address from the environment
itself (``LINKWRIGHT_BIND``, else ``$PORT`` as platforms set it), because gunicorn needs
it before any app code runs. Command-line flags (``--bind``, ``--workers``) override it.
"""

from __future__ import annotations

import os


def default_bind() -> str:
    """``LINKWRIGHT_BIND``, else ``0.0.0.0:$PORT`` when ``PORT`` is set, else loopback:8000."""
    explicit = os.environ.get("LINKWRIGHT_BIND", "").strip()
    if explicit:
        return explicit
    port = os.environ.get("PORT", "").strip()
    # A platform that sets $PORT routes outside traffic to it, as gunicorn itself assumes.
    return f"0.0.0.0:{port}" if port else "127.0.0.1:8000"


def _limit_threads() -> None:
    """numpy's BLAS and FAISS's OpenMP start a thread per core in every worker unless told
    otherwise; they get as many as torch (``LINKWRIGHT_TORCH_THREADS``), so that workers x
    threads stays within the cores. Set here, before any worker imports numpy."""
    threads = os.environ.get("LINKWRIGHT_TORCH_THREADS", "").strip() or "1"
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, threads)


_limit_threads()
# oneDNN (torch's CPU kernels) caches compiled kernels per input shape, and every draft
# brings new sentence lengths: a worker's memory grew ~10 MB per new draft, about half of
# it this cache (bench/RESULTS.md). Without the cache a draft measured ~2% slower.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0")
bind = [default_bind()]
workers = 2
threads = 1  # the engine is CPU-bound; scale with workers (workers x torch threads <= cores)
# Each worker builds its own app and engine: torch hangs in workers forked after loading.
preload_app = False
timeout = 60
graceful_timeout = 30
accesslog = "-"  # stdout
errorlog = "-"  # stderr
# The default control socket path is per user, so a second server on the machine
# (another site, an end-to-end test) would collide with it; nothing here uses it.
control_socket_disable = True


def on_starting(server: object) -> None:
    """Check the LINKWRIGHT_* settings once, before any worker starts: a bad value stops
    the server with a message naming the variable, not a worker traceback per boot."""
    import sys

    from service.settings import load_settings

    try:
        load_settings()
    except ValueError as exc:
        print(f"linkwright: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
