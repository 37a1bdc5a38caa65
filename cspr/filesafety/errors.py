from __future__ import annotations


class UploadRefused(Exception):
    """A file we will not accept, with the message the person who uploaded it sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def macro_message(wanted: str) -> str:
    return f"The selected file contains macros. Save it as a {wanted} file without macros, then upload it again"


def xml_message() -> str:
    return "The selected file contains content that cannot be accepted. Save it again from Word or Excel and upload it"


def wrong_type(wanted: str) -> str:
    return f"The selected file must be a {wanted} file"


TOO_BIG_INSIDE = "The selected file expands to too much data to be checked safely"
EMBEDDED_OBJECT = (
    "The selected file contains an embedded object (a file from another program inside it). "
    "Remove the object, save the file again and upload it"
)
EXTERNAL_LINK = (
    "The selected file links to content outside it (such as a template or a file on another computer). "
    "Remove the link, save the file again and upload it"
)
PDF_ACTIVE = "The selected PDF contains scripts or embedded files. Save it as a plain PDF and upload it again"
LOCKED_FILE = "The selected file is password-protected. Remove the password and upload it again"
