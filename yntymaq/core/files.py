"""Serving uploaded files: only through access-checked views, never as public media."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.http import FileResponse, Http404


def serve_file(fieldfile, download_name: str | None = None, *, inline: bool = False):
    """A response for a stored file with Content-Disposition and nosniff.

    The caller has already checked access (and audited the view where the file is personal
    data). A missing file is a 404, not a 500.
    """
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = download_name or PurePath(fieldfile.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
