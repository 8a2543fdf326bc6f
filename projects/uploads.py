"""A bound on uploaded files that holds before any byte of them is stored."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

# Room for the multipart framing and the form's other fields (the CSRF token) around one file.
FRAMING_ALLOWANCE = 64 * 1024
REFUSED = "upload_too_large"


def upload_limit(request) -> int:
    """The largest file the view the request goes to takes: its ``max_upload_size``, else
    ``MAX_UPLOAD_SIZE``. The URL is resolved before the body is read (the CSRF check reads it)."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    limit = getattr(view_class, "max_upload_size", None)
    if callable(limit):
        limit = limit()
    return limit or settings.MAX_UPLOAD_SIZE


class BoundedUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: files larger than the view's limit (``upload_limit``)
    are skipped.

    When the declared Content-Length is already too large, no file is opened at all: its bytes
    are read past and dropped, never kept in memory or a temporary file. Without a declared
    length, a file is cut off as soon as it grows past the limit. The other form fields are
    still read, so the page can answer with its message; ``upload_refused`` tells the view.
    """

    limit = 0
    body_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = upload_limit(self.request)
        self.body_too_large = content_length > self.limit + FRAMING_ALLOWANCE
        return None

    def new_file(self, *args, **kwargs):
        if self.body_too_large:
            self._refuse()
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > (self.limit or upload_limit(self.request)):
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        if self.request is not None:
            setattr(self.request, REFUSED, True)
        # Raised before the next handler sees the file: nothing of it is stored.
        raise SkipFile


def upload_refused(request) -> bool:
    """True when the request carried a file over the limit (read ``request.FILES`` first)."""
    return getattr(request, REFUSED, False)


class RefusedUploadFormMixin:
    """A form whose ``file`` the bound may have refused unread (``too_large``, from
    ``upload_refused``): its ``clean_file`` then says the file is too large, not missing."""

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:
            self.fields["file"].required = False
