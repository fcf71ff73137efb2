"""Every download of a stored file: one response with the same safe headers.

Always an attachment (never rendered inline), `nosniff`, not cached, and served as its
recorded type only when that type is one chidao accepts or generates; anything else goes
out as application/octet-stream.
"""

from django.http import FileResponse, Http404

from chidao.storage import files

# The types uploads are checked against, which are also the generated documents' types.
SERVED_TYPES = frozenset(files.ALLOWED_TYPES)
FALLBACK_TYPE = "application/octet-stream"


class FileMissing(Http404):
    """The row names a file the store no longer holds."""


def serve(name: str, *, filename: str, content_type: str) -> FileResponse:
    """The stored file `name` as a download called `filename`; FileMissing (a 404) when gone."""
    if not files.exists(name):
        raise FileMissing("The file is missing.")
    try:
        handle = files.open_file(name)
    except FileNotFoundError as exc:  # deleted between the check and the open
        raise FileMissing("The file is missing.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type if content_type in SERVED_TYPES else FALLBACK_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def serve_file(stored) -> FileResponse:
    """A StoredFile row's file, under its original name and recorded type."""
    return serve(
        stored.storage_name, filename=stored.original_name, content_type=stored.content_type
    )
