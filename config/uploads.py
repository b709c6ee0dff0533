"""Refuse an upload larger than MAX_UPLOAD_BYTES while it streams in, before Django keeps it in memory or writes
it to a temporary file (issue 12, item 2). The reverse proxy refuses far larger bodies first
(client_max_body_size); this is the application's own limit, with a message people can read.

The file is dropped (SkipFile), the other fields of the form are kept (the CSRF token among them), and
`request.upload_too_large` tells the view, whose form then says how large a file may be.
"""
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class UploadSizeLimit(FileUploadHandler):
    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if content_length is not None and content_length > settings.MAX_UPLOAD_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.MAX_UPLOAD_BYTES:
            self._refuse()
        return raw_data  # within the limit: the next handler keeps it

    def file_complete(self, file_size):
        return None  # the handlers after this one make the file

    def _refuse(self):
        self.request.upload_too_large = True
        raise SkipFile
