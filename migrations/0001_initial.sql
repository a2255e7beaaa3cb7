-- supportbot's PostgreSQL layout, version 1. Records are the same versioned JSON the sled
-- backend keeps; the columns beside them are what queries sort and filter on.

CREATE TABLE orgs (
    id     text PRIMARY KEY,
    record jsonb NOT NULL
);

-- Case numbers run from 1 to CaseId::MAX (u32::MAX) and are never reused.
CREATE SEQUENCE case_ids AS bigint MINVALUE 1 MAXVALUE 4294967295 NO CYCLE;

CREATE TABLE cases (
    id       bigint PRIMARY KEY,
    org      text NOT NULL,
    -- open | responded | closed: the clock runs only while open.
    status   text NOT NULL,
    priority smallint NOT NULL,
    due_at   timestamptz NOT NULL,
    record   jsonb NOT NULL
);
CREATE INDEX cases_open_by_due ON cases (due_at, id) WHERE status = 'open';
CREATE INDEX cases_open_by_priority ON cases (priority, due_at, id) WHERE status = 'open';
CREATE INDEX cases_by_org ON cases (org, due_at, id);

-- The reminder schedule; a case's rows are replaced in every transaction that writes the case.
CREATE TABLE reminder_schedule (
    case_id bigint NOT NULL REFERENCES cases (id),
    code    text NOT NULL,
    fire_at timestamptz NOT NULL,
    record  jsonb NOT NULL,
    PRIMARY KEY (case_id, code)
);
CREATE INDEX reminder_schedule_by_time ON reminder_schedule (fire_at, case_id, code);

-- (case, threshold) pairs that fired, in the order they fired: never planned again.
CREATE TABLE reminder_fired (
    n       bigint GENERATED ALWAYS AS IDENTITY,
    case_id bigint NOT NULL,
    code    text NOT NULL,
    PRIMARY KEY (case_id, code)
);

CREATE SEQUENCE reminder_outbox_seq AS bigint MINVALUE 1;
CREATE TABLE reminder_outbox (
    seq    bigint PRIMARY KEY,
    record jsonb NOT NULL
);

CREATE SEQUENCE reminder_message_seq AS bigint MINVALUE 1;
-- Composed messages; a sender holds one under a lease (owner, expiry) while it sends.
CREATE TABLE reminder_messages (
    seq         bigint PRIMARY KEY,
    record      jsonb NOT NULL,
    lease_owner text,
    lease_until timestamptz
);

CREATE TABLE reminder_rejected (
    seq    bigint PRIMARY KEY,
    record jsonb NOT NULL,
    reason text NOT NULL
);

CREATE TABLE settings (
    key    text PRIMARY KEY,
    record jsonb NOT NULL
);
