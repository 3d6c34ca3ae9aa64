"""Measure what a template's zip archive unpacks to, reading no more than the limit allows.

The limits and the refusal are the policy's (``portal.policy.templates``); this module only
measures, first by the sizes the archive declares, then by reading it, in chunks, stopping
as soon as the total passes the limit, since declared sizes can be forged.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from portal.policy.templates import TEMPLATE_MAX_UNPACKED_BYTES, unpack_problem

_CHUNK = 64 * 1024


def template_unpack_problem(content: bytes) -> str | None:
    """Return why ``content`` unpacks beyond the limits, or None when it stays within them.

    Content that is not a readable zip archive is not this check's business (None): the
    Word check that follows refuses it with its own message.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    declared = unpack_problem(len(entries), sum(entry.file_size for entry in entries))
    if declared is not None:
        return declared
    total = 0
    try:
        for entry in entries:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > TEMPLATE_MAX_UNPACKED_BYTES:
                        return unpack_problem(len(entries), total)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError,
            RuntimeError):
        return None  # unreadable (a bad CRC, say): the Word check refuses it
    return None
