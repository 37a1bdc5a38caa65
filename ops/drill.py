"""`make drill`: faults under load against a running copy; report in var/drill/report.json and .txt.

    .venv/bin/python -m ops.drill [--seconds 150] [--seed N]

The copy: a PostgreSQL instance of its own (initdb into a temporary folder as the postgres user, on a
free port: the machine's main cluster is never touched), the upload store on a 2 MB tmpfs, an SMTP
sink (aiosmtpd) on loopback, and the three production processes (gunicorn, ``db_worker``,
``run_scheduler``). While scripted users sign in and write (chronology entries, new users, each
emailed a link), a fault thread kills at random points: a gunicorn worker (kill -9), the whole web
server (kill -9 of the master and its workers), the task worker (kill -9, twice), PostgreSQL
(``pg_ctl restart -m immediate``) and the SMTP server (down 25 s, then back). Then: two people save
the same record at once, and agency uploads fill the upload store. Then the copy is left to finish
its work and checked: every acknowledged write (302) is in the database, no upload row without its
file or file without its row, no lost update, every email delivered once (duplicates counted by
Message-ID and explained). Exit status 1 on any loss.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ops.running import PYTHON, ROOT, Browser, Copy, Failed, free_port, multipart, stop

OUT = ROOT / "var" / "drill"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "demo-only-password-cspr"  # noqa: S105 - the demo world's published password
CASE = "DEMO-3"
MARK = "drill-"


def demo(local: str) -> str:
    return f"{local}@demo.cspr.invalid"


# --- the services ------------------------------------------------------------------------------


class Postgres:
    """A private cluster: initdb as the postgres user into ``work/pg``, listening on loopback only."""

    def __init__(self, work: Path) -> None:
        self.dir = work / "pg"
        self.port = free_port()
        self.log = work / "postgres.log"

    def _pg(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=check, timeout=120
        )

    def start(self) -> None:
        self.dir.mkdir(parents=True)
        shutil.chown(self.dir, "postgres", "postgres")
        shutil.chown(self.log.parent, "postgres")
        self._pg(str(PG_BIN / "initdb"), "-D", str(self.dir), "-A", "trust", "-U", "postgres", "--no-instructions")
        self.ctl("start")
        subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-qc",
                "CREATE DATABASE cspr",
            ],
            check=True,
            capture_output=True,
        )

    def ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir}"
        self._pg(str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-o", options, "-l", str(self.log), "-w", action, *extra)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/cspr"


class SmtpSink:
    """An SMTP server on loopback that keeps every message it accepts; stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        self.controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                message = message_from_bytes(envelope.original_content or envelope.content)
                sink.received.append(
                    {"message_id": message.get("Message-ID", ""), "to": list(envelope.rcpt_tos), "at": time.time()}
                )
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class Processes:
    copy: Copy
    work: Path
    web: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    scheduler: subprocess.Popen[bytes] | None = None

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.work / f"{name}.log").open("ab") as out:
            return subprocess.Popen(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=self.copy.env(True),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start_web(self) -> None:
        self.web = self.copy.start_web(self.work / "web.log", workers=2, threads=4)

    def start_worker(self) -> None:
        self.worker = self._spawn("worker", "db_worker", "--no-reload", "--queue-name", "default")

    def start_scheduler(self) -> None:
        self.scheduler = self._spawn("scheduler", "run_scheduler", "--interval", "10")

    def web_workers(self) -> list[int]:
        if self.web is None:
            return []
        found = subprocess.run(["pgrep", "-P", str(self.web.pid)], capture_output=True, text=True, check=False)
        return [int(pid) for pid in found.stdout.split()]

    def stop_all(self) -> None:
        self.supervising = False
        for process in (self.web, self.worker, self.scheduler):
            if process is not None:
                stop(process)

    # The process supervisor production runs the three processes under (systemd Restart=always,
    # docs/security/operations.md#deployment): a process that exits on its own is started again
    # after 5 seconds, and the drill reports each restart. The drill's own kills are not counted.
    supervising: bool = True
    held: set[str] = field(default_factory=set)
    restarts: list[dict[str, Any]] = field(default_factory=list)

    def supervise(self, started: float) -> None:
        def loop() -> None:
            while self.supervising:
                time.sleep(1)
                for name in ("worker", "scheduler"):
                    process = getattr(self, name)
                    if name in self.held or process is None or process.poll() is None:
                        continue
                    time.sleep(5)
                    if not self.supervising or name in self.held:
                        continue
                    self.restarts.append(
                        {"t": round(time.monotonic() - started, 1), "process": name, "exit": process.returncode}
                    )
                    print(f"drill: supervisor restarts the {name} (it exited with {process.returncode})", flush=True)
                    getattr(self, f"start_{name}")()

        threading.Thread(target=loop, daemon=True).start()


# --- forms -------------------------------------------------------------------------------------


class _Form(HTMLParser):
    """The values a browser would send for the page's main POST form, as the page filled them in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self.values:
            self._in_form = True
        if not self._in_form or (not a.get("name") and tag != "option"):
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"radio", "checkbox"}:
                self.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            elif kind not in {"submit", "file"}:
                self.values[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_values(page: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    parser = _Form()
    parser.feed(page)
    return parser.values, parser.options


# --- the load ----------------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every write the load tried, by what the server answered."""

    acked: dict[str, list[str]] = field(default_factory=lambda: {"entries": [], "users": []})
    unacked: dict[str, list[str]] = field(default_factory=lambda: {"entries": [], "users": []})
    statuses: Counter[str] = field(default_factory=Counter)
    sign_ins: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, key: str, status: int | str) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            (self.acked if status == 302 else self.unacked)[kind].append(key)


class Writer(threading.Thread):
    def __init__(
        self, copy: Copy, email: str, browser: Browser, kind: str, ledger: Ledger, until: float, number: int
    ) -> None:
        super().__init__(daemon=True)
        self.copy, self.email, self.browser = copy, email, browser
        self.kind, self.ledger, self.until, self.number = kind, ledger, until, number

    def sign_in(self) -> Browser:
        while time.monotonic() < self.until:
            try:
                browser = self.copy.sign_in(self.email, PASSWORD)
                with self.ledger.lock:
                    self.ledger.sign_ins += 1
                return browser
            except (Failed, OSError):
                time.sleep(2)
        raise Failed("out of time")

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.until:
            n += 1
            key = f"{MARK}{self.kind}-{self.number}-{n}"
            try:
                status = self.write(self.browser, key)
            except OSError as error:
                status = type(error).__name__
            except Failed:
                status = "no form"
            self.ledger.note(self.kind, key, status)
            if status in {"no form", "signed out"}:
                try:
                    self.browser = self.sign_in()
                except Failed:
                    return
            elif status != 302:
                time.sleep(0.5)

    def write(self, browser: Browser, key: str) -> int | str:
        path = f"/chronology/{CASE}/entries/add/" if self.kind == "entries" else "/partnership/users/new/"
        status, location, page = browser.request(path)
        if status == 302 and "/accounts/" in location:
            return "signed out"
        if status != 200:
            return f"GET {status}"
        values, options = form_values(page)
        if "csrfmiddlewaretoken" not in values:
            raise Failed("no form")
        if self.kind == "entries":
            agency = next((v for v in options.get("agency", []) if v), "")
            values.update(agency=agency, kind=options.get("kind", ["key_event"])[0], date_text="03/11/2026")
            values.update(source="Drill", key_event=key)
        else:
            role = next((v for v in options.get("role", []) if "group" in v), options.get("role", [""])[-1])
            values.update(full_name=f"Drill User {key}", email=f"{key}@drill.invalid", role=role)
        answered, _, _ = browser.request(path, values)
        return answered


class Faults(threading.Thread):
    """Kills and restarts at random points inside fixed windows of the load."""

    def __init__(
        self, procs: Processes, pg: Postgres, smtp: SmtpSink, start: float, seconds: float, rng: random.Random
    ) -> None:
        super().__init__(daemon=True)
        self.procs, self.pg, self.smtp, self.start_at, self.seconds, self.rng = procs, pg, smtp, start, seconds, rng
        self.log: list[dict[str, Any]] = []
        self.errors: list[str] = []

    def at(self, low: float, high: float) -> None:
        when = self.start_at + self.seconds * self.rng.uniform(low, high)
        time.sleep(max(0.0, when - time.monotonic()))

    def note(self, what: str, **detail: Any) -> None:
        self.log.append({"t": round(time.monotonic() - self.start_at, 1), "fault": what, **detail})
        print(f"drill: {self.log[-1]}", flush=True)

    def run(self) -> None:
        try:
            self.plan()
        except Exception as error:  # reported, and the drill fails on it
            self.errors.append(f"{type(error).__name__}: {error}")

    def kill_worker(self) -> None:
        assert self.procs.worker is not None
        self.procs.held.add("worker")
        os.killpg(self.procs.worker.pid, signal.SIGKILL)
        self.procs.worker.wait()
        self.note("kill -9 task worker", pid=self.procs.worker.pid)
        time.sleep(self.rng.uniform(1, 4))
        self.procs.start_worker()
        self.procs.held.discard("worker")

    def plan(self) -> None:
        self.at(0.08, 0.14)
        pids = self.procs.web_workers()
        victim = self.rng.choice(pids)
        os.kill(victim, signal.SIGKILL)
        self.note("kill -9 one gunicorn worker", pid=victim)
        self.at(0.18, 0.24)
        self.kill_worker()
        self.at(0.28, 0.32)
        self.smtp.stop()
        self.note("SMTP server stopped")
        self.at(0.36, 0.42)
        assert self.procs.web is not None
        os.killpg(self.procs.web.pid, signal.SIGKILL)
        self.procs.web.wait()
        self.note("kill -9 the whole web server (master and workers)")
        time.sleep(self.rng.uniform(1, 3))
        self.procs.start_web()
        self.note("web server started again")
        self.at(0.46, 0.5)
        self.smtp.start()
        self.note("SMTP server back")
        self.at(0.52, 0.56)
        self.kill_worker()
        # The worker and the scheduler started before the crash must live through it.
        self.at(0.62, 0.7)
        self.pg.ctl("restart", "-m", "immediate")
        self.note("PostgreSQL restarted (immediate: no checkpoint, like a crash)")
        self.at(0.82, 0.9)
        pids = self.procs.web_workers()
        victim = self.rng.choice(pids)
        os.kill(victim, signal.SIGKILL)
        self.note("kill -9 one gunicorn worker", pid=victim)


# --- phases after the load ---------------------------------------------------------------------


def two_editors(people: list[Browser], rounds: int) -> dict[str, Any]:
    """Two people open the same person's record and save it at the same moment."""
    _, _, case_page = people[0].request(f"/cases/{CASE}/")
    person = re.search(rf"/cases/{CASE}/people/(\d+)/", case_page)
    if person is None:
        raise Failed(f"No person on {CASE}'s page")
    path = f"/cases/{CASE}/people/{person.group(1)}/"
    outcome: Counter[str] = Counter()
    lost: list[str] = []
    last_saved: str | None = None
    for n in range(rounds):
        forms = [form_values(b.request(path)[2])[0] for b in people]
        barrier = threading.Barrier(2)
        answers: list[tuple[str, int]] = []

        def save(
            i: int,
            values: dict[str, str],
            n: int = n,
            barrier: threading.Barrier = barrier,
            answers: list[tuple[str, int]] = answers,
        ) -> None:
            value = f"{MARK}aka-{n}-{i}"
            barrier.wait()
            status, _, _ = people[i].request(path, {**values, "also_known_as": value})
            answers.append((value, status))

        threads = [threading.Thread(target=save, args=(i, forms[i])) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        saved = [value for value, status in answers if status == 302]
        outcome[f"{len(saved)} saved, {2 - len(saved)} refused"] += 1
        if len(saved) > 1:
            lost.append(f"round {n}: both saves acknowledged ({saved}); one overwrote the other")
        if saved:
            last_saved = saved[0]
    return {"rounds": rounds, "outcomes": dict(outcome), "lost_updates": lost, "last_saved": last_saved}


def _pdf(n: int) -> bytes:
    """A real one-page PDF of about 150 KB (random metadata), different each time."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Drill upload {n}", "/Subject": os.urandom(75_000).hex()})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def fill_upload_store(agency: Browser, store: Path) -> dict[str, Any]:
    """Agency uploads until the upload store is full: each is either stored whole or refused."""
    _, _, page = agency.request("/portal/")
    request_ids = sorted(set(re.findall(r"/portal/requests/(\d+)/", page)))
    outcome: Counter[str] = Counter()
    target = None
    for request_id in request_ids:
        status, _, _ = agency.request(f"/portal/requests/{request_id}/upload/")
        if status == 200:
            target = request_id
            break
    if target is None:
        return {"skipped": "no request open for uploads"}
    for n in range(40):
        values, options = form_values(agency.request(f"/portal/requests/{target}/upload/")[2])
        values.setdefault("kind", "attachment" if "attachment" in options.get("kind", []) else options["kind"][0])
        body, kind = multipart(values, {"file": (f"drill-{n}.pdf", _pdf(n))})
        status, _, answer = agency.request(f"/portal/requests/{target}/upload/", body=body, content_type=kind)
        outcome[str(status)] += 1
        if status == 400 or (status == 200 and "govuk-error-summary" in answer):
            outcome["refused with a message"] += 1
        free = shutil.disk_usage(store).free
        if status >= 500 and outcome[str(status)] >= 3:
            break
        if free < 10_000 and outcome["refused with a message"] >= 3:
            break
    return {"request": target, "answers": dict(outcome), "free_bytes_after": shutil.disk_usage(store).free}


# --- the drill ---------------------------------------------------------------------------------


def small_store(store: Path) -> bool:
    """Put the upload store on a tmpfs with 1 MB to spare over what the demo world stored."""
    seeded = store.with_name("files-seeded")
    store.rename(seeded)
    store.mkdir()
    used = sum(p.stat().st_size for p in seeded.rglob("*") if p.is_file())
    size_kb = (used + 1_048_576) // 1024 + 64
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(store)], check=False)
    shutil.copytree(seeded, store, dirs_exist_ok=True)
    return done.returncode == 0


def check(copy: Copy) -> dict[str, Any]:
    done = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); import ops.drill_check as c; c.main()", MARK],
        cwd=ROOT,
        env=copy.env(True),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def wait_for_outbox(copy: Copy, limit: float) -> dict[str, Any]:
    """The worker and the scheduler finish sending (a failed attempt waits 5 minutes to retry)."""
    deadline = time.monotonic() + limit
    state = check(copy)
    while time.monotonic() < deadline and state["outbox_by_status"].get("pending", 0):
        time.sleep(10)
        state = check(copy)
    return state


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=150, help="length of the load (default 150)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--outbox-wait", type=float, default=420, help="seconds to let the outbox drain")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("make drill needs root: it runs PostgreSQL as the postgres user and mounts a tmpfs.", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="cspr-drill-"))
    work.chmod(0o755)
    report: dict[str, Any] = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "seed": args.seed}
    pg = Postgres(work)
    smtp = SmtpSink()
    store = work / "files"
    store.mkdir()
    mounted = False
    copy = Copy(work=work, database_url="")
    procs = Processes(copy, work)
    try:
        pg.start()
        copy.database_url = pg.url
        smtp.start()
        copy.extra = {
            "CSPR_SMTP_HOST": "127.0.0.1",
            "CSPR_SMTP_PORT": str(smtp.port),
            "CSPR_SMTP_STARTTLS": "false",
            "CSPR_MEDIA_ROOT": str(store),
        }
        print(f"drill: preparing a copy in {work} (PostgreSQL on {pg.port}, SMTP on {smtp.port})", flush=True)
        copy.prepare()
        mounted = small_store(store)
        report["upload_store"] = (
            f"tmpfs of {shutil.disk_usage(store).total // 1024} KB, {shutil.disk_usage(store).free // 1024} KB free"
            if mounted
            else "not mounted (no permission): disk-full phase skipped"
        )
        procs.start_web()
        procs.start_worker()
        procs.start_scheduler()
        ledger = Ledger()
        roles = [("manager", "entries"), ("group", "entries"), ("admin", "users"), ("school.lead", "")]
        signed_in = copy.sign_in_all([demo(who) for who, _ in roles], PASSWORD)
        ledger.sign_ins += len(signed_in)
        load_start = time.monotonic()
        until = load_start + args.seconds
        writers = [
            Writer(copy, demo(who), signed_in[demo(who)], kind, ledger, until, n)
            for n, (who, kind) in enumerate(roles, 1)
            if kind
        ]
        faults = Faults(procs, pg, smtp, load_start, args.seconds, rng)
        procs.supervise(load_start)
        for w in writers:
            w.start()
        faults.start()
        for w in writers:
            w.join(args.seconds + 120)
        faults.join(60)
        report["faults"] = faults.log
        report["fault_errors"] = faults.errors
        report["load"] = {
            "seconds": args.seconds,
            "sign_ins": ledger.sign_ins,
            "answers": dict(ledger.statuses),
            "acknowledged": {k: len(v) for k, v in ledger.acked.items()},
            "not_acknowledged": {k: len(v) for k, v in ledger.unacked.items()},
        }
        print(f"drill: load done {json.dumps(report['load'])}", flush=True)
        report["two_editors"] = two_editors([writers[0].browser, writers[1].browser], 10)
        agency = signed_in[demo("school.lead")]
        report["disk_full"] = fill_upload_store(agency, store) if mounted else {"skipped": report["upload_store"]}
        state = wait_for_outbox(copy, args.outbox_wait)
        # A process that died on its own (not by the drill's hand) is a finding.
        report["restarted_by_supervisor"] = procs.restarts
        report["processes_alive"] = {
            name: process is not None and process.poll() is None
            for name, process in (("web", procs.web), ("worker", procs.worker), ("scheduler", procs.scheduler))
        }
        report["verify_audit"] = subprocess.run(
            [PYTHON, "manage.py", "verify_audit"],
            cwd=ROOT,
            env=copy.env(True),
            capture_output=True,
            text=True,
            check=False,
        ).returncode
    except Failed as error:
        report["error"] = str(error)
        state = None
    finally:
        # Whatever happened, leave nothing running or mounted.
        procs.stop_all()
        smtp.stop()
        for name in ("web.log", "worker.log", "scheduler.log", "postgres.log"):
            if (work / name).exists():
                shutil.copy(work / name, OUT / name)
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pg.ctl("stop", "-m", "fast")
        if mounted:
            subprocess.run(["umount", str(store)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    if state is not None:
        report.update(judge(ledger, state, smtp, report))
    report["total_seconds"] = round(time.monotonic() - started)
    failed = bool(report.get("error") or report.get("fault_errors") or report.get("losses"))
    report["result"] = "FAILED" if failed else "passed"
    (OUT / "report.json").write_text(json.dumps(report, indent=2, default=str))
    (OUT / "report.txt").write_text(human(report))
    print(human(report))
    return 1 if failed else 0


def judge(ledger: Ledger, state: dict[str, Any], smtp: SmtpSink, report: dict[str, Any]) -> dict[str, Any]:
    entries, users = set(state["entries"]), set(state["users"])
    lost_entries = [k for k in ledger.acked["entries"] if k not in entries]
    lost_users = [k for k in ledger.acked["users"] if f"{k}@drill.invalid" not in users]
    by_id = Counter(m["message_id"] for m in smtp.received)
    messages = state["messages"]
    delivered: dict[str, int] = {}
    for m in messages:
        delivered[m["key"]] = sum(n for mid, n in by_id.items() if mid.strip("<>").split("@")[0] == _mid(m["key"]))
    duplicates = {k: n for k, n in delivered.items() if n > 1}
    undelivered = [m for m in messages if delivered[m["key"]] == 0]
    # A new user's link email, for each acknowledged new user.
    per_user = {k: sum(1 for r in smtp.received if f"{k}@drill.invalid" in r["to"]) for k in ledger.acked["users"]}
    losses = []
    if lost_entries:
        losses.append(f"{len(lost_entries)} acknowledged chronology entries missing: {lost_entries[:5]}")
    if lost_users:
        losses.append(f"{len(lost_users)} acknowledged new users missing: {lost_users[:5]}")
    if state["uploads_without_file"] or state["files_without_upload"]:
        losses.append(
            f"orphans: uploads without a file {state['uploads_without_file']}, files without an upload "
            f"{state['files_without_upload']}"
        )
    if report.get("two_editors", {}).get("lost_updates"):
        losses.append(f"lost updates: {report['two_editors']['lost_updates']}")
    last = report.get("two_editors", {}).get("last_saved")
    if last and last not in {p["aka"] for p in state["people"].values()}:
        losses.append(f"the last acknowledged save of the shared record ({last}) is not what it holds")
    missing_mail = [k for k, n in per_user.items() if n == 0]
    if missing_mail:
        losses.append(f"{len(missing_mail)} new users' emails not delivered: {missing_mail[:5]}")
    dead = [name for name, alive in report.get("processes_alive", {}).items() if not alive]
    if dead:
        losses.append(f"processes that died and stayed dead: {dead}")
    if report.get("verify_audit") not in (0, None):
        losses.append("verify_audit reported a break in the audit chain")
    disk = report.get("disk_full", {})
    if any(k.startswith("5") for k in disk.get("answers", {})):
        losses.append(f"a full upload store answered {disk['answers']}")
    return {
        "checks": {
            "acknowledged_entries": len(ledger.acked["entries"]),
            "acknowledged_entries_missing": len(lost_entries),
            "unacknowledged_entries_stored": sum(1 for k in ledger.unacked["entries"] if k in entries),
            "acknowledged_users": len(ledger.acked["users"]),
            "acknowledged_users_missing": len(lost_users),
            "uploads": state["uploads"],
            "uploads_without_file": len(state["uploads_without_file"]),
            "files_without_upload": len(state["files_without_upload"]),
            "outbox_by_status": state["outbox_by_status"],
            "emails_received": len(smtp.received),
            "emails_delivered_twice_or_more": duplicates,
            "outbox_rows_not_delivered": [
                {"key": m["key"], "status": m["status"], "error": m["last_error"][:120]} for m in undelivered
            ],
            "new_user_emails": Counter(str(n) for n in per_user.values()),
            "tasks_by_status": state["tasks_by_status"],
            "verify_audit_exit": report.get("verify_audit"),
            "processes_alive_at_the_end": report.get("processes_alive"),
            "restarted_by_the_supervisor": report.get("restarted_by_supervisor"),
        },
        "losses": losses,
    }


def _mid(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", ".", key)


def human(r: dict[str, Any]) -> str:
    lines = [f"make drill, {r['started']} (seed {r['seed']}): {r['result']} in {r.get('total_seconds')} s"]
    if r.get("error"):
        lines.append(f"  ERROR: {r['error']}")
    lines.append(f"  upload store: {r.get('upload_store')}")
    for f in r.get("faults", []):
        lines.append(f"  t={f['t']:>6}s  {f['fault']}")
    if "load" in r:
        load = r["load"]
        lines.append(
            f"  load: {load['seconds']} s, {load['sign_ins']} sign-ins, acknowledged {load['acknowledged']}, "
            f"not acknowledged {load['not_acknowledged']}"
        )
        lines.append(f"  answers: {load['answers']}")
    if "two_editors" in r:
        lines.append(
            f"  two editors: {r['two_editors']['outcomes']}, lost updates {len(r['two_editors']['lost_updates'])}"
        )
    if "disk_full" in r:
        lines.append(f"  upload store full: {r['disk_full']}")
    for key, value in r.get("checks", {}).items():
        lines.append(f"  {key}: {value}")
    for loss in r.get("losses", []):
        lines.append(f"  LOSS: {loss}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
