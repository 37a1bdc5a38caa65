"""``make bench-scale``: the national data set under load, figures into ``var/bench.json``.

Against the database in DATABASE_URL (PostgreSQL, filled by ``manage.py generate_national``):

1. in-process figures per cause of issue 15 (``cspr.scale.pages``): pages, ``cases_for_user`` and its
   plan, the national deadline recompute, the chasing sweep, an access-log write;
2. the PDF converter: Document 4 in Word, and in PDF through the long-running converter, the floor
   page's time alone and while three conversions run;
3. locust, headless, against ``gunicorn -w 3`` (threads, so a worker waiting on the converter or
   the database does not hold the others) for 5 then 20 users; each user signs in with its password
   and one-time code. p50/p95 per page, each p95 ÷ the floor's p95, the load average beside them, and
   a bare Django view (no middleware, sessions or database) on its own gunicorn for comparison.

Merges its keys (``scale_*``) into the JSON file ``make bench`` writes.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

PAGES = [
    "floor",
    "dashboard",
    "case_list",
    "case_page",
    "chronology_2000",
    "chronology_10000",
    "agency_request",
    "docx_download",
    "pdf_download",
    "bare_django",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own local server)
                return
        except Exception:
            time.sleep(0.3)
    raise CommandError(f"{url} did not answer")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Command(BaseCommand):
    help = "Load-test the national data set (make bench-scale); merges scale_* keys into var/bench.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="var/bench.json")
        parser.add_argument("--users-file", default="var/bench-scale-users.json")
        parser.add_argument("--seconds", type=int, default=60, help="Per user count.")
        parser.add_argument("--user-counts", default="5,20")
        parser.add_argument("--skip-pages", action="store_true", help="Only the load test.")
        parser.add_argument(
            "--in-process-only",
            action="store_true",
            help="Only the in-process figures and Document 4 (no gunicorn, no locust): for a quick before/after.",
        )

    def handle(
        self,
        *args: Any,
        output: str,
        users_file: str,
        seconds: int,
        user_counts: str,
        skip_pages: bool,
        in_process_only: bool,
        **o: Any,
    ) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            raise CommandError("bench_scale runs against PostgreSQL: set DATABASE_URL.")
        from cspr.cases.models import Case

        case = Case.objects.filter(reference="SCALE-BENCH-1").first()
        if case is None:
            raise CommandError("No national data set here: run manage.py generate_national first.")
        results: dict[str, Any] = {}
        with tempfile.TemporaryDirectory(prefix="cspr_bench_scale_") as tmp:
            sock = Path(tmp) / "pdf.sock"
            procs: list[subprocess.Popen[bytes]] = []
            try:
                procs.append(self._converter(sock, Path(tmp)))
                env = os.environ | {
                    "CSPR_PDF_CONVERTER_SOCKET": str(sock),
                    "CSPR_DB_CONN_MAX_AGE": os.environ.get("CSPR_DB_CONN_MAX_AGE", "60"),
                }
                if not skip_pages:
                    results |= self._in_process(sock)
                if in_process_only:
                    self._write(output, results)
                    return
                port, bare_port = _free_port(), _free_port()
                procs.append(self._gunicorn("cspr.wsgi:application", port, env, Path(tmp) / "web.log"))
                procs.append(self._gunicorn("cspr.scale.bare_wsgi:application", bare_port, env, Path(tmp) / "bare.log"))
                _wait_http(f"http://127.0.0.1:{port}/accessibility/")
                _wait_http(f"http://127.0.0.1:{bare_port}/bare/")
                results |= self._floor_during_conversions(port, sock)
                request = case.information_requests.order_by("pk").first()
                env |= {
                    "BENCH_USERS_FILE": str(Path(users_file).resolve()),
                    "BENCH_REQUEST_ID": str(request.pk if request else ""),
                    "BENCH_BARE_URL": f"http://127.0.0.1:{bare_port}/bare/",
                }
                for n in [int(x) for x in user_counts.split(",")]:
                    results[f"scale_load_{n}_users"] = self._locust(port, n, seconds, env, Path(tmp))
                    self.stdout.write(json.dumps(results[f"scale_load_{n}_users"], indent=1))
            finally:
                for proc in procs:
                    proc.terminate()
                for proc in procs:
                    try:
                        proc.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        proc.kill()
        self._write(output, results)

    def _write(self, output: str, results: dict[str, Any]) -> None:
        path = Path(output)
        merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        merged.update(results)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(results)} scale figures into {path}")

    def _converter(self, sock: Path, tmp: Path) -> subprocess.Popen[bytes]:
        log = (tmp / "converter.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "pdf_converter", "--socket", str(sock)],
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(900):
            if sock.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        if not sock.exists():
            raise CommandError(f"The PDF converter did not start: {(tmp / 'converter.log').read_text()[-2000:]}")
        return proc

    def _gunicorn(self, app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "3",
             "--worker-class", "gthread", "--threads", "4", "--timeout", "120", "--no-control-socket"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def _in_process(self, sock: Path) -> dict[str, Any]:
        from django.test.utils import override_settings

        from cspr.cases.models import Case
        from cspr.documents import engine
        from cspr.scale import pages

        out: dict[str, Any] = {"scale_load_average_start": _load()}
        for name in ("cases_for_user_figures", "access_write", "chase_sweep", "deadline_recompute", "pages"):
            out[f"scale_{name}"] = getattr(pages, name)()
            self.stdout.write(f"{name}: {json.dumps(out[f'scale_{name}'])[:600]}")
        out["scale_explain_collaborating_partnership"] = pages.cases_for_user_figures(
            "business_manager.s002@scale.cspr.invalid"
        )
        case = Case.objects.select_related("lead_partnership").get(reference="SCALE-BENCH-1")
        words, pdfs, conversions = [], [], []
        with override_settings(PDF_CONVERTER_SOCKET=str(sock)):
            engine.render("RAPID_REVIEW_TEMPLATE", case, "pdf")  # warm the converter's Word filter
            # Fifteen interleaved pairs: on a shared 2-core machine five gave ratios from 1.5 to 2.1 for the same code.
            for _ in range(15):
                t0 = time.perf_counter()
                docx = engine.render("RAPID_REVIEW_TEMPLATE", case, "docx")
                t1 = time.perf_counter()
                engine.docx_to_pdf(docx)
                t2 = time.perf_counter()
                words.append(t1 - t0)
                conversions.append(t2 - t1)
                pdfs.append(t2 - t0)
            t0 = time.perf_counter()
            engine.docx_to_pdf_one_shot(docx)
            one_shot = time.perf_counter() - t0
        word, pdf, conv = statistics.median(words), statistics.median(pdfs), statistics.median(conversions)
        out["scale_pdf_document_4"] = {
            "word_render_s": round(word, 3),
            "conversion_s": round(conv, 3),
            "pdf_total_s": round(pdf, 3),
            "conversion_over_word": round(conv / word, 2),
            "pdf_total_over_word": round(pdf / word, 2),
            "one_shot_libreoffice_conversion_s": round(one_shot, 3),
            "conversion_over_word_quartiles": [
                round(q, 2) for q in statistics.quantiles([c / w for c, w in zip(conversions, words, strict=True)], n=4)
            ],
            "samples": len(words),
            "load_average": _load(),
        }
        self.stdout.write(json.dumps(out["scale_pdf_document_4"]))
        return out

    def _floor_during_conversions(self, port: int, sock: Path) -> dict[str, Any]:
        """The floor page through gunicorn, alone and while three PDF conversions run."""
        from cspr.cases.models import Case
        from cspr.documents.engine import render

        docx = render("RAPID_REVIEW_TEMPLATE", Case.objects.get(reference="SCALE-BENCH-1"), "docx")
        url = f"http://127.0.0.1:{port}/accessibility/"

        def floor_times(n: int) -> list[float]:
            times = []
            for _ in range(n):
                t0 = time.perf_counter()
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
                times.append(time.perf_counter() - t0)
            return times

        source = sock.parent / "document-4.docx"
        source.write_bytes(docx)

        def during_conversions(n: int) -> list[float]:
            # The converter's clients in a process of their own (cspr.scale.converting), as web workers are.
            clients = subprocess.Popen(
                [sys.executable, "-m", "cspr.scale.converting", str(sock), str(source)],
                cwd=settings.BASE_DIR,
                stdout=subprocess.PIPE,
            )
            try:
                assert clients.stdout is not None
                clients.stdout.readline()  # "converting": the three clients have started
                time.sleep(0.5)
                return floor_times(n)
            finally:
                clients.terminate()
                clients.wait(timeout=30)

        # Every worker thread warmed (3 workers x 4 threads), then alone and busy in turn, twice: a
        # single pair drifted with the machine (1.05 to 1.5 for the same code, alone 2 to 5 ms).
        floor_times(30)
        alone: list[float] = []
        busy: list[float] = []
        for _ in range(2):
            alone += floor_times(20)
            busy += during_conversions(20)
        result = {
            "floor_alone_median_ms": round(statistics.median(alone) * 1000, 1),
            "floor_during_3_conversions_median_ms": round(statistics.median(busy) * 1000, 1),
            "ratio": round(statistics.median(busy) / statistics.median(alone), 2),
            "load_average": _load(),
        }
        self.stdout.write(f"floor during conversions: {json.dumps(result)}")
        return {"scale_floor_during_pdf_conversions": result}

    def _locust(self, port: int, users: int, seconds: int, env: dict[str, str], tmp: Path) -> dict[str, Any]:
        prefix = tmp / f"locust_{users}"
        before = _load()
        done = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(Path(__file__).resolve().parents[3] / "scale" / "locustfile.py"),
             "--headless", "--host", f"http://127.0.0.1:{port}", "--users", str(users),
             "--spawn-rate", str(max(1, users // 2)), "--run-time", f"{seconds + 900}s", "--csv", str(prefix),
             "--only-summary", "--stop-timeout", "10"],
            cwd=settings.BASE_DIR,
            env=env | {"BENCH_SECONDS": str(seconds)},
            capture_output=True,
            timeout=seconds + 1200,
            check=False,
        )  # fmt: skip
        after = _load()
        stats_file = Path(f"{prefix}_stats.csv")
        if not stats_file.exists():
            raise CommandError(f"locust failed: {done.stderr.decode()[-3000:]}")
        Path(f"var/bench-scale-locust-{users}.log").write_bytes(done.stderr[-200_000:])
        rows = {row["Name"]: row for row in csv.DictReader(stats_file.open(encoding="utf-8"))}
        out: dict[str, Any] = {
            "users": users,
            "seconds": seconds,
            "load_average_before": before,
            "load_average_after": after,
        }
        floor_p95 = float(rows["floor"]["95%"]) if rows.get("floor", {}).get("95%", "").isdigit() else 0.0
        total = rows.get("Aggregated", {})
        out["requests_per_second"] = round(float(total.get("Requests/s", 0) or 0), 1)
        out["failures"] = int(total.get("Failure Count", 0) or 0)
        for name in [*PAGES, "sign-in"]:
            row = rows.get(name)
            if row is None or not row["95%"].replace(".", "").isdigit():
                continue  # no request of this name in the measured window (sign-in happens before it)
            p95 = float(row["95%"])
            out[name] = {
                "p50_ms": float(row["50%"]),
                "p95_ms": p95,
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p95_over_floor": round(p95 / floor_p95, 2) if floor_p95 else None,
            }
        return out
