"""schemathesis hooks of scripts/schemathesis.sh: the tus PATCH body (application/offset+octet-stream)
is raw bytes, sent as they are."""

import schemathesis


@schemathesis.serializer("application/offset+octet-stream")
def offset_octet_stream(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")
