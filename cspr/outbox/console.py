"""The terminal mail output for ``make run``: each email as headers and text, attachments by name
and size (Django's console backend prints them as pages of base64)."""

from __future__ import annotations

from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"


def describe(message: EmailMessage) -> str:
    lines = [f"From: {message.from_email}", f"To: {', '.join(message.to)}"]
    if message.cc:
        lines.append(f"Cc: {', '.join(message.cc)}")
    if message.bcc:
        lines.append(f"Bcc: {', '.join(message.bcc)}")
    lines.append(f"Subject: {message.subject}")
    if message.extra_headers.get("Message-ID"):
        lines.append(f"Message-ID: {message.extra_headers['Message-ID']}")
    lines += ["", message.body.rstrip()]
    for alternative in getattr(message, "alternatives", []):
        lines.append(f"[Alternative body: {alternative[1]}, {_size(len(str(alternative[0]).encode()))}]")
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            payload = attachment.get_payload(decode=True)
            name = attachment.get_filename() or "attachment"
            kind, size = attachment.get_content_type(), len(payload) if isinstance(payload, bytes) else 0
        else:
            name, content, kind = attachment
            size = len(content.encode() if isinstance(content, str) else content)
        lines.append(f"[Attachment: {name} ({kind}, {_size(size)})]")
    return "\n".join(lines)


class EmailBackend(ConsoleBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(describe(message) + "\n")
        self.stream.write("-" * 79 + "\n")
