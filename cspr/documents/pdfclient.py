"""Asking the long-running PDF converter (``cspr.documents.pdfserver``) for a conversion.

The web and task workers never start LibreOffice themselves when the converter runs
(``manage.py pdf_converter``): they send the DOCX over a Unix socket and wait, without using the
CPU, for the PDF. Without a converter (a developer's machine, the tests) ``engine.docx_to_pdf``
falls back to a one-shot LibreOffice.
"""

from __future__ import annotations

import socket
import struct
from pathlib import Path

HEADER = struct.Struct(">Q")


class ConverterUnavailable(OSError):
    """No converter listens on the socket: the caller may fall back to a one-shot conversion."""


class ConverterFailed(RuntimeError):
    """The converter answered but could not convert (or took longer than the caller waits)."""


def _read_exactly(conn: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
        chunk = conn.recv(min(n, 1 << 20))
        if not chunk:
            raise ConverterFailed("The PDF converter closed the connection.")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def convert(data: bytes, socket_path: Path, *, timeout: float) -> bytes:
    """The PDF of ``data``; ``timeout`` bounds the wait in the converter's queue and the conversion."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        try:
            conn.connect(str(socket_path))
        except (FileNotFoundError, ConnectionRefusedError) as error:
            raise ConverterUnavailable(str(error)) from error
        try:
            conn.sendall(HEADER.pack(len(data)) + data)
            status = _read_exactly(conn, 2)
            (size,) = HEADER.unpack(_read_exactly(conn, HEADER.size))
            payload = _read_exactly(conn, size)
        except TimeoutError as error:
            raise ConverterFailed("The PDF converter is busy: try again in a minute.") from error
        except OSError as error:
            raise ConverterFailed(f"The PDF converter failed: {error}") from error
    finally:
        conn.close()
    if status != b"OK":
        raise ConverterFailed(payload.decode(errors="replace"))
    return payload
