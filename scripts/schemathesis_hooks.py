"""schemathesis hooks of scripts/schemathesis.sh: the tus PATCH body (application/offset+octet-stream)
is raw bytes, sent as they are; a batch manifest (text/csv) is sent as UTF-8 text."""

import schemathesis


@schemathesis.serializer("application/offset+octet-stream")
def offset_octet_stream(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


@schemathesis.serializer("text/csv")
def text_csv(ctx, value):
    """A batch manifest: sent as UTF-8 text."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")
