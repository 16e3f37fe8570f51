-- StdCheck service schema, version 3: batches. A batch is a manifest submitted at once (by an inspector
-- or an admin); each of its rows is one submission (one job for the workers) plus the row's own data in
-- batch_items: its id in the manifest, the line it came from, the county code, and the delivery's path
-- (resolved inside the server's data roots) with the change survey's base, if any.

CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    item_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX batches_owner ON batches (owner_id, created_at);

CREATE TABLE batch_items (
    batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    line BIGINT NOT NULL,
    region TEXT NOT NULL,
    path TEXT NOT NULL,
    base TEXT,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
    PRIMARY KEY (batch_id, item_id)
);
