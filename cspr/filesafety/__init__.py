"""Checks on files that come from outside (uploads) and guards on files we write (spreadsheets).

Not a Django app: plain modules every app's upload point calls. See
docs/decisions/0016-upload-checks.md for the libraries and the limits.
"""
