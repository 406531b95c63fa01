"""Generate the national-scale dataset and measure the directory, on SQLite and on PostgreSQL.

    make benchmark        # or: .venv/bin/python benchmarks/run_all.py [--only sqlite|postgresql]

SQLite: a fresh file var/bench/kopa_bench.sqlite3. PostgreSQL: the database in BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/kopa_bench), dropped and created anew; when the server
cannot be reached, the PostgreSQL run is skipped with a message. Extra arguments after `--` go to
directory_latency.py (e.g. `-- --requests 100`). After the directory, both databases get the events
(generate_events.py), then the outreach campaigns and their interactions (generate_outreach.py), whose
funnel dashboard and API funnel_latency.py measures; on PostgreSQL, registration_race.py, then
registration_storm.py (1,000 clients, a web worker killed) and import_under_load.py (the directory while
a worker with Redis imports a 100,000-row CSV and a 20,000-row XLSX) run, and
ceiling.py (every main page against /healthz on the demo data, with wrk; skipped if wrk is missing)
last.

`--just storm` or `--just import` (either or both) runs only those on PostgreSQL, on a freshly
generated directory (generate.py, plus generate_events.py for the storm), without the other
measurements.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SQLITE_PATH = ROOT / "var" / "bench" / "kopa_bench.sqlite3"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/kopa_bench")


def fresh_postgres(url: str) -> bool:
    """Drop and create the benchmark database; False when the server cannot be reached."""
    import psycopg
    from psycopg import sql

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("kopa_bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must start with kopa_bench.")
    admin = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL at {parts.hostname}:{parts.port or 5432} is not reachable ({exc}); skipped.")
        return False
    return True


TRUST_SCRIPTS = {"storm": "registration_storm.py", "import": "import_under_load.py"}


def run(database_url: str, latency_args: list[str], *, race: bool = False, just: list[str] | None = None) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    if just:  # only the named PostgreSQL benchmarks, each after the data it needs
        scripts = [("generate.py", [])]
        if "storm" in just:
            scripts.append(("generate_events.py", []))
        scripts += [(TRUST_SCRIPTS[name], []) for name in TRUST_SCRIPTS if name in just]
    else:
        scripts = [("generate.py", []), ("directory_latency.py", latency_args), ("generate_events.py", []),
                   ("generate_outreach.py", []), ("funnel_latency.py", [])]
    if race and not just:  # these need PostgreSQL's row locks (and, for the import, a worker with Redis)
        scripts += [("registration_race.py", []), ("registration_storm.py", []), ("import_under_load.py", [])]
    for script, args in scripts:
        began = time.perf_counter()
        print(f"\n$ DATABASE_URL={database_url} python benchmarks/{script} {' '.join(args)}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], env=env, cwd=ROOT, check=True)
        print(f"({script}: {time.perf_counter() - began:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--just", action="append", choices=sorted(TRUST_SCRIPTS),
                        help="run only this PostgreSQL benchmark (repeat for both): storm, import")
    args, latency_args = parser.parse_known_args()
    latency_args = [a for a in latency_args if a != "--"]
    if args.just:
        print("=== PostgreSQL ===", flush=True)
        if fresh_postgres(POSTGRES_URL):
            run(POSTGRES_URL, latency_args, race=True, just=args.just)
        return
    if args.only in (None, "sqlite"):
        print("=== SQLite ===", flush=True)
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        run(f"sqlite:///{SQLITE_PATH}", latency_args)
    if args.only in (None, "postgresql"):
        print("\n=== PostgreSQL ===", flush=True)
        if fresh_postgres(POSTGRES_URL):
            run(POSTGRES_URL, latency_args, race=True)
        # Every main page against /healthz on the demo data, with wrk (its own kopa_bench_ceiling database).
        print("\n$ python benchmarks/ceiling.py", flush=True)
        subprocess.run([sys.executable, str(HERE / "ceiling.py")], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
