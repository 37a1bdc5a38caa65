"""Three clients that keep the PDF converter busy until stopped: ``python -m cspr.scale.converting SOCKET DOCX``.

A process of its own for ``bench_scale``'s "floor during conversions": clients in the measuring
process would hold its interpreter lock while they send and read documents, and slow the floor
requests it times (web workers are separate processes from the converter's clients too).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from cspr.documents import pdfclient

CLIENTS = 3


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m cspr.scale.converting SOCKET DOCX", file=sys.stderr)
        return 2
    sock, data = Path(argv[0]), Path(argv[1]).read_bytes()

    def convert() -> None:
        while True:
            pdfclient.convert(data, sock, timeout=120)

    threads = [threading.Thread(target=convert, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    print("converting", flush=True)
    threads[0].join()  # runs until the process is terminated
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
