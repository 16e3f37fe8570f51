-- Version 2: stateless workers (`stdcheck worker`) on one database.
-- * submissions.lease_generation: the fencing token. Every claim adds 1; a worker carries the number it
--   claimed with, and renewing, finishing or failing succeeds only while (id, worker, generation) still
--   match a row in `checking`, so a worker whose lease ran out and whose job another took is refused.
-- * state `parked`: a job whose check failed or whose lease ran out the allowed number of times; terminal,
--   shown by the API as failed with the reason of every attempt (job_attempts).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (plain SQL both accept); no
-- other table refers to submissions.

CREATE TABLE submissions_v2 (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    unit TEXT NOT NULL,
    standard TEXT,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    upload_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploaded', 'queued', 'checking', 'checked', 'accepted', 'returned', 'failed', 'parked')),
    failure_reason TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_by TEXT,
    lease_until BIGINT,
    lease_generation BIGINT NOT NULL DEFAULT 0,
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

INSERT INTO submissions_v2 (id, owner_id, unit, standard, file_name, size, sha256, upload_id, state,
    failure_reason, attempts, claimed_by, lease_until, lease_generation, verdict, exit_status, errors, warnings,
    report_folder, duplicate_of, decision, decision_comment, decided_by, decided_at, created_at, updated_at,
    checked_at)
SELECT id, owner_id, unit, standard, file_name, size, sha256, upload_id, state,
    failure_reason, attempts, claimed_by, lease_until, attempts, verdict, exit_status, errors, warnings,
    report_folder, duplicate_of, decision, decision_comment, decided_by, decided_at, created_at, updated_at,
    checked_at
FROM submissions;

DROP TABLE submissions;

ALTER TABLE submissions_v2 RENAME TO submissions;

CREATE INDEX submissions_state ON submissions (state, created_at);
CREATE INDEX submissions_unit ON submissions (unit, created_at);
CREATE INDEX submissions_content ON submissions (sha256, standard);

-- One row per claim that ended: outcome checked, failed (final), retry (requeued), parked, expired (the
-- lease ran out and another claim took the job) or refused (a late result of an expired claim).
CREATE TABLE job_attempts (
    submission_id TEXT NOT NULL,
    generation BIGINT NOT NULL,
    worker TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('checked', 'failed', 'retry', 'parked', 'expired', 'refused')),
    reason TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX job_attempts_submission ON job_attempts (submission_id, generation);
