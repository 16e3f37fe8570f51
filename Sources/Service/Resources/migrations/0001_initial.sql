-- StdCheck service schema, version 1. Plain SQL that SQLite and PostgreSQL both accept:
-- TEXT and BIGINT only, times as epoch milliseconds, ids made by the service (no sequences),
-- lists as comma-separated TEXT, the tus metadata as a JSON object in TEXT.
-- The store runs each file once, in name order, inside a transaction, and records it in
-- schema_migrations (created by the store itself).

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('producer', 'inspector', 'admin')),
    unit TEXT,
    regions TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    length BIGINT NOT NULL,
    upload_offset BIGINT NOT NULL DEFAULT 0,
    metadata TEXT NOT NULL DEFAULT '{}',
    file_name TEXT NOT NULL,
    sha256 TEXT,
    created_at BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE INDEX uploads_owner ON uploads (owner_id);

CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    unit TEXT NOT NULL,
    standard TEXT,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    upload_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploaded', 'queued', 'checking', 'checked', 'accepted', 'returned', 'failed')),
    failure_reason TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_by TEXT,
    lease_until BIGINT,
    verdict TEXT CHECK (verdict IN ('CONFORMANT', 'NON-CONFORMANT', 'NOT CHECKED')),
    exit_status BIGINT,
    errors BIGINT NOT NULL DEFAULT 0,
    warnings BIGINT NOT NULL DEFAULT 0,
    report_folder TEXT,
    duplicate_of TEXT,
    decision TEXT CHECK (decision IN ('accept', 'return')),
    decision_comment TEXT,
    decided_by TEXT,
    decided_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    checked_at BIGINT
);
CREATE INDEX submissions_state ON submissions (state, created_at);
CREATE INDEX submissions_unit ON submissions (unit, created_at);
CREATE INDEX submissions_content ON submissions (sha256, standard);
