"""The PDF converter: one long-running LibreOffice, driven over UNO, serving Word-to-PDF on a socket.

Run by ``manage.py pdf_converter`` with the Python that ships LibreOffice's UNO bridge (Debian's
``python3-uno``: the system ``/usr/bin/python3``, not the project's virtualenv). It imports no
Django and nothing of the project, so that interpreter needs nothing else.

Why: starting LibreOffice costs about 1.6 s per PDF; a warm one converts Document 4 in a fraction of
that. Conversions are served one at a time (LibreOffice is single-threaded inside); waiting clients
queue in the socket's listen backlog (``--queue``), and a client that waits longer than its own
timeout gives up (``cspr.documents.pdfclient``), so the queue is bounded in length and in time.

Protocol (Unix socket): the client sends an 8-byte big-endian length and the DOCX bytes; the server
answers ``OK`` or ``ER``, an 8-byte length, then the PDF (or an error message, UTF-8).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
NICENESS = 10
HEADER = struct.Struct(">Q")


def _uno() -> Any:
    import uno  # type: ignore[import-not-found,unused-ignore]

    return uno


class Office:
    """One headless LibreOffice with its own profile, restarted if it dies."""

    def __init__(self, soffice: str, workdir: Path) -> None:
        self.soffice = soffice
        self.workdir = workdir
        self.pipe = f"cspr_pdf_{os.getpid()}"
        self.process: subprocess.Popen[bytes] | None = None
        self.desktop: Any = None
        # The last conversion's document and folder, closed and removed by ``tidy``.
        self._leftover: tuple[Any, Path | None] = (None, None)

    def start(self) -> None:
        profile = self.workdir / "profile"
        self.process = subprocess.Popen(
            [
                self.soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                "--nolockcheck",
                f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        uno = _uno()
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                remote = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("LibreOffice did not start") from None
                time.sleep(0.1)
        self.desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)

    def stop(self) -> None:
        self.tidy()
        # A dead or wedged LibreOffice cannot answer terminate(): the process is waited for or killed below.
        with contextlib.suppress(Exception):
            if self.desktop is not None:
                self.desktop.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.desktop = None
        self.process = None

    def convert(self, data: bytes) -> bytes:
        """The PDF of ``data``. The document is left open for ``tidy``, which the server calls once the
        client has its answer: closing it costs LibreOffice 4 to 10 ms that no user need wait for."""
        uno = _uno()

        def prop(name: str, value: Any) -> Any:
            p = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
            p.Name, p.Value = name, value
            return p

        self.tidy()
        tmp = Path(tempfile.mkdtemp(dir=self.workdir))
        self._leftover = (None, tmp)
        source = tmp / "document.docx"
        target = tmp / "document.pdf"
        source.write_bytes(data)
        doc = self.desktop.loadComponentFromURL(
            source.as_uri(), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
        )
        if doc is None:
            raise RuntimeError("LibreOffice could not open the document")
        self._leftover = (doc, tmp)
        # Tagged (accessible) PDF, the same filter the one-shot conversion uses.
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("UseTaggedPDF", True),))
        doc.storeToURL(target.as_uri(), (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data)))
        return target.read_bytes()

    def tidy(self) -> None:
        """Close the last conversion's document and remove its folder (the case's data with them)."""
        doc, tmp = self._leftover
        self._leftover = (None, None)
        if doc is not None:
            # A LibreOffice that died in the conversion cannot close anything: it is restarted anyway.
            with contextlib.suppress(Exception):
                doc.close(True)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _read_exactly(conn: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
        chunk = conn.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionError("client went away")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _answer(conn: socket.socket, status: bytes, payload: bytes) -> None:
    conn.sendall(status + HEADER.pack(len(payload)) + payload)


def serve(socket_path: Path, soffice: str, queue: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="cspr_pdfserver_"))
    office = Office(soffice, workdir)
    office.start()
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    socket_path.unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(socket_path))
    os.chmod(socket_path, 0o660)
    server.listen(queue)

    def stop(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"PDF converter ready on {socket_path} (LibreOffice pid {office.process and office.process.pid})", flush=True)
    try:
        while True:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(30)
                try:
                    (size,) = HEADER.unpack(_read_exactly(conn, HEADER.size))
                    if size > MAX_DOCUMENT_BYTES:
                        _answer(conn, b"ER", b"document too large")
                        continue
                    data = _read_exactly(conn, size)
                except (OSError, ConnectionError, struct.error):
                    continue
                try:
                    try:
                        pdf = office.convert(data)
                    except Exception:
                        # LibreOffice may have died or wedged: start a fresh one and try once more.
                        office.stop()
                        office.start()
                        pdf = office.convert(data)
                except Exception as error:
                    office.tidy()
                    _answer(conn, b"ER", f"conversion failed: {type(error).__name__}".encode())
                    continue
                with contextlib.suppress(OSError):  # the client gave up waiting
                    _answer(conn, b"OK", pdf)
            # After the answer has gone (and the connection closed): the client does not wait for this.
            office.tidy()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        socket_path.unlink(missing_ok=True)
        office.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    parser.add_argument("--queue", type=int, default=16)
    parser.add_argument(
        "--nice", type=int, default=NICENESS, help="Lower the converter's and LibreOffice's priority by this much."
    )
    args = parser.parse_args()
    # Web requests first: conversions are background work, and LibreOffice (started by serve,
    # inheriting this) would otherwise take a core on equal terms with the web workers.
    os.nice(args.nice)
    serve(Path(args.socket), args.soffice, args.queue)
    return 0


if __name__ == "__main__":
    sys.exit(main())
