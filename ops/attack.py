"""`make attack`: sqlmap and wapiti over the signed-in pages and every form of a running copy, then
the long URLconf fuzz. Results in var/attack/summary.json and var/attack/summary.txt.

    .venv/bin/python -m ops.attack [--minutes N] [--fuzz-examples N]

1. A fresh SQLite database with the demo world; collectstatic; gunicorn in production mode.
2. Sign in as the demo business manager and an agency lead through the real pages (password and
   the authenticator app's code), and crawl every same-site page each can reach (links and forms).
3. sqlmap (boolean, error and UNION techniques, ``--smart``) over one page of each URL shape, the
   path's reference or id marked as an injection point, every query parameter and every form.
4. wapiti (injection, XSS, stored XSS, open redirect, file, command, CRLF, XXE, CSRF, methods,
   upload, backup modules) from the dashboard, the sign-in pages excluded (it would sign out).
5. ``tests/security/test_fuzz_urlconf.py`` with ``CSPR_FUZZ_EXAMPLES`` examples per URL.
Any finding makes the exit status 1. The scanners come from var/attack-venv (ops/requirements-attack.txt).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ops.running import ROOT, Browser, Copy, Failed, stop

OUT = ROOT / "var" / "attack"
TOOLS = ROOT / "var" / "attack-venv" / "bin"
DEMO_PASSWORD = "demo-only-password-cspr"  # noqa: S105 - the demo world's published password
USERS = {"manager": "manager@demo.cspr.invalid", "agency": "school.lead@demo.cspr.invalid"}
# Never followed or attacked: signing out, the account's own sign-in settings, static files.
EXCLUDED = re.compile(r"^/(accounts/|static/)|logout")
# Pages of one URL pattern crawled at most (seven demo cases, dozens of entries each: the same page).
PER_SHAPE = 3


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append((a.get("action", ""), a.get("method", "get").lower(), []))
        elif tag in {"input", "select", "textarea"} and self.forms and a.get("name"):
            self.forms[-1][2].append(a["name"])


def shape(path: str) -> str:
    """One URL per pattern: references and ids stand for any."""
    bare = urllib.parse.urlsplit(path).path
    return re.sub(r"\d+", "N", bare)


def crawl(browser: Browser, limit: int) -> dict[str, Any]:
    """Every same-site page reachable from the dashboard (breadth first), its forms and statuses."""
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    queue = deque(["/"])
    pages: dict[str, int] = {}
    forms: dict[str, list[str]] = {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        if path in seen or EXCLUDED.search(path) or per_shape.get(shape(path), 0) >= PER_SHAPE:
            continue
        seen.add(path)
        per_shape[shape(path)] = per_shape.get(shape(path), 0) + 1
        status, _, body = browser.request(path)
        pages[path] = status
        if status != 200 or "<html" not in body[:500].lower():
            continue
        parser = _Links()
        parser.feed(body)
        for href in parser.links:
            target = urllib.parse.urljoin(path, href)
            parts = urllib.parse.urlsplit(target)
            if parts.netloc or parts.scheme or not parts.path.startswith("/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for action, method, names in parser.forms:
            if method == "post":
                forms.setdefault(urllib.parse.urljoin(path, action or path), names)
    return {"pages": pages, "forms": forms}


def _marked(path: str) -> str:
    """The path with sqlmap's injection mark after its case reference or last id."""
    marked = re.sub(r"(/[A-Z]{2,5}-\d+(?:-\d+)?)(/)", r"\1*\2", path, count=1)
    if "*" not in marked:
        marked = re.sub(r"(/\d+)(/[^/]*)$", r"\1*\2", path, count=1)
    return marked


def run_sqlmap(copy: Copy, browser: Browser, site: dict[str, Any], minutes: float, out: Path) -> dict[str, Any]:
    by_shape: dict[str, str] = {}
    for path, status in site["pages"].items():
        if status == 200:
            by_shape.setdefault(shape(path) + ("?" if "?" in path else ""), path)
    get_targets = sorted({copy.base + _marked(p) for p in by_shape.values() if "*" in _marked(p) or "?" in p})
    form_pages = sorted({copy.base + p for p in by_shape.values()})
    out.mkdir(parents=True, exist_ok=True)
    (out / "get-targets.txt").write_text("\n".join(get_targets) + "\n")
    (out / "form-pages.txt").write_text("\n".join(form_pages) + "\n")
    headers = "\\n".join(f"{k}: {v}" for k, v in browser.headers().items())
    common = [
        str(TOOLS / "sqlmap"),
        "--batch",
        "--smart",
        "--technique=BEU",
        "--level=1",
        "--risk=1",
        "--timeout=30",
        "--retries=1",
        "--disable-coloring",
        f"--cookie={browser.cookie_header()}",
        f"--headers={headers}",
        "--skip-static",
        "--flush-session",
        f"--output-dir={out}",
        "--answers=follow=N,keep testing=N,crawl=N,sitemap=N,fill blank=Y,Do you want to skip=Y",
    ]
    runs = {
        "get": [*common, "-m", str(out / "get-targets.txt"), f"--results-file={out / 'results-get.csv'}"],
        # The form token only where there are forms: sqlmap skips a GET target that has none.
        "forms": [
            *common,
            "--csrf-token=csrfmiddlewaretoken",
            "-m",
            str(out / "form-pages.txt"),
            "--forms",
            f"--results-file={out / 'results-forms.csv'}",
        ],
    }
    summary: dict[str, Any] = {"get_targets": len(get_targets), "form_pages": len(form_pages), "runs": {}}
    for name, command in runs.items():
        started = time.monotonic()
        log = out / f"sqlmap-{name}.log"
        with log.open("w") as handle:
            try:
                done = subprocess.run(
                    command, stdout=handle, stderr=subprocess.STDOUT, timeout=minutes * 60 / 2, check=False
                )
                code: int | str = done.returncode
            except subprocess.TimeoutExpired:
                code = "stopped at its time limit"
        text = log.read_text(errors="replace")
        results = out / f"results-{name}.csv"
        injectable = list(csv.DictReader(results.open())) if results.exists() else []
        summary["runs"][name] = {
            "exit": code,
            "seconds": round(time.monotonic() - started),
            "parameters_tested": len(re.findall(r"testing if (?:\w+ )*parameter '", text))
            + len(re.findall(r"heuristic \(basic\) test shows", text)),
            "forms_tested": len(re.findall(r"\[#\d+\] form:", text)),
            "injectable": injectable,
            "vulnerable_lines": [line for line in text.splitlines() if "is vulnerable" in line][:20],
        }
    summary["findings"] = sum(len(r["injectable"]) + len(r["vulnerable_lines"]) for r in summary["runs"].values())
    return summary


WAPITI_MODULES = "sql,xss,permanentxss,redirect,file,exec,crlf,xxe,csrf,methods,upload,backup,htaccess,ldap"


def run_wapiti(copy: Copy, browser: Browser, start: str, minutes: float, out: Path, label: str) -> dict[str, Any]:
    report = out / f"wapiti-{label}.json"
    session = Path(tempfile.mkdtemp(prefix="wapiti-"))
    command = [
        str(TOOLS / "wapiti"),
        "-u",
        copy.base + start,
        "--scope",
        "folder" if start != "/" else "domain",
        "-m",
        WAPITI_MODULES,
        "-C",
        browser.cookie_header(),
        "-x",
        copy.base + "/accounts/*",
        "-x",
        copy.base + "/static/*",
        # Document generation: forms with nothing but the form token, each post renders Word files
        # (seconds of work); attacking them only queues renders. sqlmap still tests them.
        "-x",
        copy.base + "/documents/*/generate/*",
        "-x",
        copy.base + "/documents/*/pack/*",
        "--max-attack-time",
        str(int(minutes * 60 / len(WAPITI_MODULES.split(",")) * 2) + 10),
        "--max-scan-time",
        str(int(minutes * 60)),
        "--max-links-per-page",
        "60",
        "--max-files-per-dir",
        "40",
        "-f",
        "json",
        "-o",
        str(report),
        "--flush-session",
        "--store-session",
        str(session),
        "--store-config",
        str(session),
        "--no-bugreport",
        "-v",
        "1",
    ]
    # No -H: wapiti's custom headers replace the session cookie -C gave it.
    started = time.monotonic()
    log = out / f"wapiti-{label}.log"
    with log.open("w") as handle:
        try:
            done = subprocess.run(
                command, stdout=handle, stderr=subprocess.STDOUT, timeout=minutes * 60 * 2 + 300, check=False
            )
            code: int | str = done.returncode
        except subprocess.TimeoutExpired:
            code = "stopped at its time limit"
    if not report.exists():
        return {
            "exit": code,
            "seconds": round(time.monotonic() - started),
            "crawled": 0,
            "vulnerabilities": {},
            "anomalies": {"no report: wapiti did not finish": ["see the log"]},
            "information": {},
            "findings": 1,
        }
    data = json.loads(report.read_text())
    vulnerabilities = {k: v for k, v in (data.get("vulnerabilities") or {}).items() if v}
    anomalies = {k: v for k, v in (data.get("anomalies") or {}).items() if v}
    info = data.get("infos") or {}
    return {
        "exit": code,
        "seconds": round(time.monotonic() - started),
        "crawled": info.get("crawled_pages_nbr") or len(info.get("crawled_pages") or []),
        "vulnerabilities": vulnerabilities,
        "anomalies": anomalies,
        # Information, not findings (for example the methods an Allow header lists: GET, HEAD, POST).
        "information": {k: len(v) for k, v in (data.get("additionals") or {}).items() if v},
        "findings": sum(len(v) for v in vulnerabilities.values()) + sum(len(v) for v in anomalies.values()),
    }


def run_fuzz(examples: int, out: Path) -> dict[str, Any]:
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-s",
            "tests/security/test_fuzz_urlconf.py",
        ],
        cwd=ROOT,
        env={**_clean_env(), "CSPR_FUZZ_EXAMPLES": str(examples)},
        capture_output=True,
        text=True,
        check=False,
    )
    (out / "fuzz.log").write_text(done.stdout + done.stderr)
    line = next((x for x in done.stdout.splitlines() if x.startswith("fuzz:")), "")
    numbers = {label: number for number, label in re.findall(r"(\d+) (URL patterns|requests|findings)", line)}
    return {
        "examples_per_url": examples,
        "exit": done.returncode,
        "seconds": round(time.monotonic() - started),
        "line": line,
        "url_patterns": int(numbers.get("URL patterns", 0)),
        "requests": int(numbers.get("requests", 0)),
        "findings": int(numbers.get("findings", 0))
        if done.returncode == 0
        else max(1, int(numbers.get("findings", 1))),
    }


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CSPR_")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="time for each scanner (default 10)")
    parser.add_argument("--fuzz-examples", type=int, default=20, help="hypothesis examples per URL (default 20)")
    parser.add_argument("--crawl-limit", type=int, default=600)
    parser.add_argument(
        "--only",
        choices=("all", "wapiti", "sqlmap", "fuzz"),
        default="all",
        help="run one scanner only (a rerun after a fix); the crawl always runs",
    )
    args = parser.parse_args()
    if not (TOOLS / "sqlmap").exists() or not (TOOLS / "wapiti").exists():
        print("Install the scanners first: make attack does (var/attack-venv).", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="cspr-attack-"))
    # Development settings (DEBUG off all the same): the scanners speak plain HTTP to the loopback and
    # their cookie jars will not send production's Secure __Host- cookies over it. Production's
    # headers and cookies are checked by tests/foundation/test_production_shape.py.
    copy = Copy(work=work, database_url=f"sqlite:///{work / 'attack.sqlite3'}", production=False)
    summary: dict[str, Any] = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    print(f"attack: preparing a copy in {work}", flush=True)
    copy.prepare()
    server = copy.start_web(work / "gunicorn.log", workers=3)
    try:
        sessions = {label: copy.sign_in(email, DEMO_PASSWORD) for label, email in USERS.items()}
        sites = {label: crawl(browser, args.crawl_limit) for label, browser in sessions.items()}
        summary["crawl"] = {
            label: {
                "pages": len(site["pages"]),
                "forms": len(site["forms"]),
                "statuses": _count(site["pages"].values()),
                "server_errors": [p for p, s in site["pages"].items() if s >= 500],
            }
            for label, site in sites.items()
        }
        print(f"attack: crawled {json.dumps(summary['crawl'])}", flush=True)
        if args.only in ("all", "wapiti"):
            # The agency lead first: the business manager's scan may disable agency accounts.
            summary["wapiti"] = {
                "agency": run_wapiti(copy, sessions["agency"], "/portal/", args.minutes / 3, OUT, "agency"),
                "manager": run_wapiti(copy, sessions["manager"], "/", args.minutes, OUT, "manager"),
            }
            found = {k: v["findings"] for k, v in summary["wapiti"].items()}
            print(f"attack: wapiti {json.dumps(found)}", flush=True)
        if args.only in ("all", "sqlmap"):
            manager = copy.sign_in(USERS["manager"], DEMO_PASSWORD)  # a fresh session after wapiti
            merged = {
                "pages": {**sites["agency"]["pages"], **sites["manager"]["pages"]},
                "forms": {**sites["agency"]["forms"], **sites["manager"]["forms"]},
            }
            summary["sqlmap"] = run_sqlmap(copy, manager, merged, args.minutes, OUT / "sqlmap")
            print(f"attack: sqlmap findings {summary['sqlmap']['findings']}", flush=True)
        log_text = (work / "gunicorn.log").read_text(errors="replace")
        summary["server_log"] = {
            "tracebacks": log_text.count("Traceback (most recent call last)"),
            "internal_server_errors": len(re.findall(r"Internal Server Error", log_text)),
        }
        (OUT / "gunicorn.log").write_text(log_text)
    except (Failed, OSError) as error:
        summary["error"] = f"{type(error).__name__}: {error}"
    finally:
        stop(server)
    summary["fuzz"] = run_fuzz(args.fuzz_examples, OUT) if args.only in ("all", "fuzz") else {"findings": 0}
    summary["seconds"] = round(time.monotonic() - started)
    summary["findings"] = (
        sum(w["findings"] for w in summary.get("wapiti", {}).values())
        + summary.get("sqlmap", {}).get("findings", 0)
        + summary["fuzz"]["findings"]
        + sum(len(c["server_errors"]) for c in summary.get("crawl", {}).values())
        + summary.get("server_log", {}).get("tracebacks", 0)
        + (1 if "error" in summary else 0)
    )
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    (OUT / "summary.txt").write_text(human(summary))
    print(human(summary))
    return 0 if summary["findings"] == 0 else 1


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return counts


def human(s: dict[str, Any]) -> str:
    lines = [f"make attack, {s['started']}: {s['findings']} findings in {s['seconds']} s"]
    if "error" in s:
        lines.append(f"  FAILED: {s['error']}")
    for label, c in s.get("crawl", {}).items():
        lines.append(f"  crawl as {label}: {c['pages']} pages, {c['forms']} forms, statuses {c['statuses']}")
    for label, w in s.get("wapiti", {}).items():
        lines.append(
            f"  wapiti as {label}: {w['crawled']} pages crawled and attacked in {w['seconds']} s, "
            f"{w['findings']} findings {sorted(w['vulnerabilities']) + sorted(w['anomalies'])}"
        )
    q = s.get("sqlmap")
    if q:
        for name, r in q["runs"].items():
            lines.append(
                f"  sqlmap {name}: {r['parameters_tested']} parameter tests, {r['forms_tested']} forms, "
                f"{r['seconds']} s, {len(r['injectable'])} injectable (exit {r['exit']})"
            )
        lines.append(f"  sqlmap targets: {q['get_targets']} URLs with a marked path or query, {q['form_pages']} pages")
    f = s["fuzz"]
    if "requests" in f:  # not run when --only named another scanner
        lines.append(
            f"  fuzz: {f['url_patterns']} URL patterns, {f['requests']} requests "
            f"({f['examples_per_url']} examples per URL and method), {f['findings']} findings, {f['seconds']} s"
        )
    if "server_log" in s:
        lines.append(f"  server log: {s['server_log']['tracebacks']} tracebacks")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
