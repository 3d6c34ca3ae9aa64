"""Set how large an administrator's Word template may unpack and how much filling it may do.

A .docx is a zip archive: a 10 MB upload can declare, or hold, gigabytes once unpacked (a
"zip bomb"), and a template is a Jinja program whose loops could run for hours once real
data meets a condition the sample data never triggered. These limits keep one template from
exhausting a worker's memory or time; real agreement templates stay far below each of them.
docgen's upload check (``docgen.archive.template_unpack_problem``) asks ``unpack_problem``
of the sizes the archive declares and then of what a bounded read actually finds, because an
archive's headers may lie about its sizes.
"""

from __future__ import annotations

from portal.policy.phrases import P_, Phrase

TEMPLATE_MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""All the files of a template together, unpacked: 64 MB. A text-only agreement unpacks to
well under 1 MB; this leaves room for logos and images."""

TEMPLATE_MAX_ENTRIES = 1000
"""Files inside the archive: a Word document holds a few dozen."""

RENDER_MAX_RANGE = 10_000
"""The most numbers one ``range()`` in a template may give."""

RENDER_MAX_ITERATIONS = 200_000
"""Loop turns, all loops together, while one part of a draft (body, a header...) is filled."""

RENDER_MAX_SEQUENCE = 1_000_000
"""The longest text or list an expression may build (``"x" * n``, a padding width...)."""

RENDER_MAX_OUTPUT_CHARS = 32_000_000
"""Characters of Word XML one part of a draft may fill to; the unpacked limit, and some."""

RENDER_MAX_SECONDS = 20.0
"""Time one part of a draft may take to fill; a real one takes well under a second."""

def unpack_problem(entries: int, unpacked_bytes: int) -> Phrase | None:
    """Return why an archive of ``entries`` files unpacking to ``unpacked_bytes`` is refused.

    ``unpacked_bytes`` is what the archive declares, or what reading it found so far; None
    means it stays within the limits.
    """
    if entries > TEMPLATE_MAX_ENTRIES:
        return P_("The file holds more than %(parts)s parts, more than any Word template "
                  "needs.", parts=TEMPLATE_MAX_ENTRIES)
    if unpacked_bytes > TEMPLATE_MAX_UNPACKED_BYTES:
        limit_mb = TEMPLATE_MAX_UNPACKED_BYTES // (1024 * 1024)
        return P_("The file unpacks to more than %(size)s MB, more than any Word template "
                  "needs. Remove large images or embedded files and upload it again.",
                  size=limit_mb)
    return None
