"""The directory's latency while a large organisation import is read and written in the background.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/import_under_load.py

PostgreSQL only, on the directory of generate.py. Runs the site as in production: a Redis server of
its own (redis-server on a free port of 127.0.0.1, nothing saved to disk), gunicorn with 2 sync
workers (DEBUG=0, REDIS_URL set) and one `manage.py kopa_worker`, so an import is read and written
by the worker, not by the web process. Then:

1. **idle**: 10 concurrent clients load the public directory (page 1, and searches) for
   --idle-seconds; p50/p95 as the clients see them; again after each import, since an import's
   organisations make the directory larger;
2. for a generated **100,000-row CSV** and then a **20,000-row XLSX** (new organisations, and a few
   hundred updates of organisations of the staff login's inventory): the same 10 clients keep
   loading the directory while the staff login uploads the file through the real import form, looks
   at the import's page every 2 seconds as the page's script does, confirms it through the
   confirmation form once it is checked, and waits until it is imported. The latencies are split by
   what the worker was doing when each request started: reading and checking the file, or writing it.

It prints the p95 under each import against the idle p95 just before it, on the same organisations
(the writing is one transaction: its rows appear when it commits) (the aim: at most 1.5 times), the
gunicorn workers' CPU time per request and the machine's load average per phase, how long
reading and writing took, the rows imported (checked in the database) and the worker's peak resident
memory (VmHWM of the worker and of the process it forks for each job). It fails (exit status 1) when
an import does not end imported, or the organisations in the database do not match its counts.
"""

import argparse
import csv
import io
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

from benchmarks.directory_latency import (  # noqa: E402  (sets the server's environment first)
    HOST,
    WORDS,
    free_port,
    log_in,
    request,
    start_server,
    workers_cpu_seconds,
)

CLIENTS = 10
POLL_SECONDS = 2  # kopa.directory.imports.views.REFRESH_SECONDS: the import page's own polling
BENCH_DIR = ROOT / "var" / "bench"
DIRECTORY_PATHS = ["/en/directory/", *(f"/en/directory/?q={w}" for w in WORDS)]
TOWNS = {"SI": ["Ljubljana", "Maribor", "Celje", "Kranj", "Koper", "Novo mesto", "Ptuj", "Velenje"],
         "LV": ["Rīga", "Daugavpils", "Liepāja", "Jelgava", "Valmiera", "Cēsis"],
         "HR": ["Zagreb", "Rijeka"], "AT": ["Wien", "Graz"]}
KINDS = ["Youth Centre", "Youth Association", "Inclusion Network", "Društvo", "Zavod", "Biedrība", "Klubs"]
HEADER = ["legal_name", "type", "country", "region", "city", "address", "postcode", "website", "email", "oid",
          "target_groups", "themes", "working_languages", "experience", "can_host", "can_send",
          "can_coordinate", "accessibility", "public_listing", "description"]


# -- the files -------------------------------------------------------------------------------------

def file_rows(count: int, *, updates: list[tuple[str, str, str, str]], taken_oids: set[str], tag: str,
              seed: int) -> list[list[str]]:
    """`count` rows: the organisations of `updates` (oid, legal name, country, city) with a changed
    description and website, the rest new organisations with new OIDs and names unique to this run."""
    from kopa.directory.models import Language, Organisation, TargetGroup, Theme

    rnd = random.Random(seed)
    groups = sorted(TargetGroup.objects.values_list("code", flat=True))
    themes = sorted(Theme.objects.values_list("code", flat=True))
    languages = sorted(Language.objects.values_list("code", flat=True))
    rows = []
    for oid, name, country, city in updates:
        rows.append([name, "", country, "", city, "", "", f"https://updated-{tag}.example.org/{oid.lower()}",
                     "", oid, "", rnd.choice(themes), "", "", "", "", "", "", "",
                     f"Updated by the import benchmark {tag}."])
    countries = list(TOWNS)
    while len(rows) < count:
        n = len(rows)
        country = rnd.choices(countries, [5, 4, 1, 1])[0]
        oid = None
        while oid is None or oid in taken_oids:
            oid = f"E{rnd.randrange(10_000_000, 100_000_000)}"
        taken_oids.add(oid)
        rows.append([
            f"{rnd.choice(KINDS)} Import {tag} {n + 1}", rnd.choice(Organisation.Type.values), country, "",
            rnd.choice(TOWNS[country]), f"Ulica {n % 200 + 1}", f"{1000 + n % 8000}",
            f"https://org{n + 1}-{tag}.example.org", f"info{n + 1}@org-{tag}.example.org",
            oid if rnd.random() < 0.8 else "",
            ";".join(rnd.sample(groups, rnd.randint(1, 3))), ";".join(rnd.sample(themes, rnd.randint(1, 2))),
            ";".join(rnd.sample(languages, rnd.randint(1, 2))),
            rnd.choice(Organisation.Experience.values), rnd.choice(["yes", "no"]), rnd.choice(["yes", "no"]),
            "no", rnd.choice(Organisation.Accessibility.values), rnd.choice(["yes", "no"]),
            "A youth organisation offering open youth work, workshops and international exchanges.",
        ])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Organisations")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def make_files(tag: str, csv_rows: int, xlsx_rows: int, csv_updates: int, xlsx_updates: int) -> tuple:
    """The CSV and XLSX files, and the numbers of organisations and inventory entries before the run."""
    from django.contrib.auth import get_user_model

    from benchmarks.generate import BENCH_USERNAME
    from kopa.agencies.models import AgencyMembership
    from kopa.directory.models import Organisation

    user = get_user_model().objects.get(username=BENCH_USERNAME)
    agency_id = AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True).first()
    taken = set(Organisation.objects.exclude(oid=None).values_list("oid", flat=True))
    inventory = list(Organisation.objects.filter(agencies=agency_id).exclude(oid=None).order_by("id")
                     .values_list("oid", "legal_name", "country", "city")[:csv_updates + xlsx_updates])
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = BENCH_DIR / f"import-{tag}.csv", BENCH_DIR / f"import-{tag}.xlsx"
    write_csv(csv_path, file_rows(csv_rows, updates=inventory[:csv_updates], taken_oids=taken, tag=f"{tag}c",
                                  seed=1))
    write_xlsx(xlsx_path, file_rows(xlsx_rows, updates=inventory[csv_updates:], taken_oids=taken,
                                    tag=f"{tag}x", seed=2))
    return csv_path, xlsx_path


# -- the processes ---------------------------------------------------------------------------------

def start_redis() -> tuple[subprocess.Popen, str]:
    redis = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen([redis, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL)
    url = f"redis://{HOST}:{port}/0"
    from redis import Redis

    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            if Redis.from_url(url).ping():
                return process, url
        except Exception:  # noqa: BLE001  (not listening yet)
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("redis-server did not start.")


def start_worker(log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", "kopa_worker"], cwd=ROOT, env=dict(os.environ),
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(p) for p in task.read_text().split()]
            except OSError:
                pass
    return found


class MemoryWatch(threading.Thread):
    """The highest VmHWM (peak resident memory) of the worker and of each process it forks."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, {}, threading.Event()

    def run(self):
        while not self.stop.wait(0.2):
            for pid in descendants(self.pid):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
                if match:
                    self.peak[pid] = max(self.peak.get(pid, 0), int(match.group(1)))

    def report(self) -> tuple[int, int]:
        """(worker's peak, the highest peak of a forked job process), in MB."""
        worker = self.peak.get(self.pid, 0)
        jobs = max((kb for pid, kb in self.peak.items() if pid != self.pid), default=0)
        return worker // 1024, jobs // 1024


# -- the load --------------------------------------------------------------------------------------

class Load:
    """CLIENTS threads loading the directory pages in turn until stopped; each request is recorded
    with the time it started."""

    def __init__(self, port: int, server_pid: int):
        self.port, self.records, self.lock, self.stop = port, [], threading.Lock(), threading.Event()
        self.server_pid, self.marks = server_pid, []
        self.issued = 0
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(CLIENTS)]

    def client(self):
        while not self.stop.is_set():
            with self.lock:
                path = DIRECTORY_PATHS[self.issued % len(DIRECTORY_PATHS)]
                self.issued += 1
            began = time.time()
            try:
                status = request(self.port, path, timeout=60)[0]
            except OSError:
                status = 0
            with self.lock:
                self.records.append((began, time.time() - began, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def mark(self) -> float:
        """Now, noting the gunicorn workers' CPU time and the machine's load."""
        now = time.time()
        self.marks.append((now, workers_cpu_seconds(self.server_pid), os.getloadavg()[0]))
        return now

    def between(self, start: float, end: float) -> dict:
        with self.lock:
            chosen = [(lat, status) for began, lat, status in self.records if start <= began < end]
            done = sum(1 for began, lat, _status in self.records if start <= began + lat < end)
        figures = summary(chosen, end - start)
        cpu = {at: (seconds, load) for at, seconds, load in self.marks}
        if start in cpu and end in cpu:
            figures["cpu"] = (cpu[end][0] - cpu[start][0]) * 1000 / max(1, done)
            figures["load"] = cpu[end][1]
        return figures


def summary(chosen: list[tuple[float, int]], seconds: float) -> dict:
    latencies = sorted(lat for lat, _status in chosen)
    if not latencies:
        return {"requests": 0, "errors": 0, "p50": 0, "p95": 0, "max": 0, "rps": 0}
    return {"requests": len(latencies), "errors": sum(1 for _lat, s in chosen if not 200 <= s < 300),
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
            "max": latencies[-1] * 1000, "rps": len(latencies) / seconds if seconds else 0}


# -- the import, as staff do it ----------------------------------------------------------------------

def _csrf(body: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
              "Content-Type: application/octet-stream\r\n\r\n".encode())
    out.write(content)
    out.write(f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def batch_status(pk: int) -> str:
    from django.db import connection

    from kopa.directory.models import ImportBatch

    status = ImportBatch.objects.filter(pk=pk).values_list("status", flat=True).first()
    connection.close()
    return status


def run_import(port: int, cookie: str, path: Path, load: Load, timeout: float) -> dict:
    """Upload `path` through the import form, follow its page, confirm it, wait until it is imported."""
    upload_url = "/en/staff/organisations/import/"
    status, body, _response = request(port, upload_url, cookie=cookie)
    if status != 200:
        raise RuntimeError(f"The import page answered {status}.")
    data, content_type = multipart({"csrfmiddlewaretoken": _csrf(body)}, "file", path.name, path.read_bytes())
    times = {"upload": load.mark()}
    status, body, response = request(port, upload_url, method="POST", body=data, cookie=cookie, timeout=300,
                                     headers={"Content-Type": content_type, "Referer": f"http://{HOST}:{port}/"})
    location = response.headers.get("Location", "")
    match = re.search(r"/import/(\d+)/$", location)
    if status != 302 or not match:
        errors = re.findall(rb'class="[^"]*error[^"]*"[^>]*>([^<]+)<', body)
        raise RuntimeError(f"The upload answered {status}: {[e.decode() for e in errors][:3]}")
    pk = int(match.group(1))
    detail = f"{upload_url}{pk}/"

    def follow(until: set[str], phase_end: str) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            request(port, detail, cookie=cookie, timeout=60)  # what the page's script fetches
            current = batch_status(pk)
            if current in until:
                times[phase_end] = load.mark()
                return current
            time.sleep(POLL_SECONDS)
        raise RuntimeError(f"Import {pk} did not finish within {timeout:.0f} s.")

    read = follow({"previewed", "failed", "cancelled"}, "read")
    if read != "previewed":
        raise RuntimeError(f"Import {pk} ended {read} while being read.")
    from kopa.directory.models import ImportBatch

    batch = ImportBatch.objects.defer("rows").get(pk=pk)
    status, body, _response = request(port, detail, cookie=cookie, timeout=60)
    mode = "all_or_nothing" if batch.skipped_count == 0 else "valid_only"
    times["confirm"] = load.mark()
    status, _body, _response = request(
        port, detail, method="POST", cookie=cookie, timeout=60,
        body=f"csrfmiddlewaretoken={_csrf(body)}&mode={mode}",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}/"})
    if status != 302:
        raise RuntimeError(f"Confirming import {pk} answered {status}.")
    written = follow({"applied", "previewed", "failed", "cancelled"}, "written")
    batch = ImportBatch.objects.defer("rows", "problems").get(pk=pk)
    return {"pk": pk, "status": written, "batch": batch, "times": times, "mode": mode,
            "reading": load.between(times["upload"], times["read"]),
            "writing": load.between(times["confirm"], times["written"]),
            "whole": load.between(times["upload"], times["written"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one import may take")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.generate import BENCH_USERNAME
    from kopa.directory.models import Organisation

    if connection.vendor != "postgresql":
        sys.exit("The import benchmark needs PostgreSQL (set DATABASE_URL).")
    for name, rows in (("KOPA_IMPORT_MAX_ROWS", max(args.csv_rows, args.xlsx_rows)),):
        if getattr(settings, name) < rows:
            sys.exit(f"{name} is {getattr(settings, name)}: the files would be refused.")
    call_command("collectstatic", interactive=False, verbosity=0)
    tag = f"{int(time.time()) % 1_000_000}"
    began = time.perf_counter()
    csv_path, xlsx_path = make_files(tag, args.csv_rows, args.xlsx_rows, csv_updates=500, xlsx_updates=100)
    print(f"files: {csv_path.name} {csv_path.stat().st_size / 1e6:.1f} MB, {xlsx_path.name} "
          f"{xlsx_path.stat().st_size / 1e6:.1f} MB, made in {time.perf_counter() - began:.0f} s", flush=True)
    organisations_before = Organisation.objects.count()
    connection.close()

    redis, redis_url = start_redis()
    os.environ["REDIS_URL"] = redis_url
    worker = server = watch = None
    results, failures = [], []
    try:
        worker = start_worker(BENCH_DIR / f"import-{tag}-worker.log")
        watch = MemoryWatch(worker.pid)
        watch.start()
        port = free_port()
        server = start_server(port)
        cookie = log_in(port, BENCH_USERNAME, settings.KOPA_DEMO_PASSWORD)
        for path in DIRECTORY_PATHS:  # warm up
            request(port, path)
        with Load(port, server.pid) as load:
            def idle_period():
                start = load.mark()
                time.sleep(args.idle_seconds)
                return load.between(start, load.mark())

            idles = [idle_period()]
            for path in (csv_path, xlsx_path):
                results.append((path, run_import(port, cookie, path, load, args.timeout)))
                print(f"{path.name}: {results[-1][1]['status']}", flush=True)
                idles.append(idle_period())
    finally:
        if watch:
            watch.stop.set()
        for process in (server, worker):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        redis.terminate()
        redis.wait(timeout=10)

    organisations_after = Organisation.objects.count()
    worker_peak, job_peak = watch.report()
    print(f"\nImport under load on {connection.vendor}: gunicorn with 2 sync workers, one kopa_worker with "
          f"Redis, {CLIENTS} clients on the directory ({len(DIRECTORY_PATHS)} pages in turn)")
    print(f"{'phase':<34}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}"
          f"{'cpu ms':>8}{'load':>6}{'p95/idle':>10}")

    def line(label, figures, idle):
        ratio = figures["p95"] / idle["p95"] if idle["p95"] else 0
        print(f"{label:<34}{figures['requests']:>9}{figures['errors']:>7}{figures['p50']:>9.0f}"
              f"{figures['p95']:>9.0f}{figures['max']:>9.0f}{figures['rps']:>8.1f}{figures.get('cpu', 0):>8.0f}"
              f"{figures.get('load', 0):>6.1f}{ratio:>9.2f}x")
        return ratio

    ratios = []
    created = 0
    for (path, result), idle in zip(results, idles, strict=False):
        kind = path.suffix[1:].upper()
        line(f"idle, before the {kind} import", idle, idle)
        ratios.append(line(f"{kind} import, whole", result["whole"], idle))
        line(f"{kind} import, worker reading", result["reading"], idle)
        line(f"{kind} import, worker writing", result["writing"], idle)
    if len(idles) > len(results):
        line("idle, after the imports", idles[-1], idles[-1])
    print("(cpu ms: the gunicorn workers' CPU time per request; load: the machine's 1-minute load average "
          "at the end of the phase; a phase is compared with the idle period just before its import, "
          "which has the same organisations: an import's rows appear only when its writing commits)")
    print()
    for path, result in results:
        batch, times = result["batch"], result["times"]
        kind = path.suffix[1:].upper()
        print(f"{kind} {batch.row_count:,} rows: read and checked in {times['read'] - times['upload']:.0f} s, "
              f"written in {times['written'] - times['confirm']:.0f} s ({result['mode']}); {result['status']}: "
              f"{batch.created_count:,} created, {batch.updated_count:,} updated, {batch.skipped_count:,} skipped, "
              f"{batch.error_count} errors, {batch.warning_count} warnings")
        created += batch.created_count
        if result["status"] != "applied":
            failures.append(f"{kind} import ended {result['status']}")
    print(f"organisations in the database: {organisations_before:,} before, {organisations_after:,} after "
          f"(+{organisations_after - organisations_before:,}; the imports created {created:,})")
    if organisations_after - organisations_before != created:
        failures.append("the organisations in the database do not match the imports' counts")
    print(f"kopa_worker peak resident memory: {worker_peak} MB (the worker), {job_peak} MB (the process "
          "it forks for a job)")
    worst = max(ratios, default=0)
    print(f"worst p95 under an import / idle p95: {worst:.2f}x (aim: at most 1.5x)")
    if failures:
        sys.exit("; ".join(failures))


if __name__ == "__main__":
    main()
