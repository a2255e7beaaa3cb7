-- How many rows each reminder table holds, kept by triggers in the transactions that change the
-- tables, so that reading the counts (`/reminders`, the queue gauges) costs the same whatever the
-- store holds; sled keeps them the same way since its layout 3. Each table's count is spread over
-- 16 rows, one per session by its process id, so that concurrent writers do not queue on one
-- row's lock until they commit; the count is their sum.
CREATE TABLE reminder_counts (
    name  text NOT NULL,
    shard integer NOT NULL,
    n     bigint NOT NULL,
    PRIMARY KEY (name, shard)
);

CREATE FUNCTION supportbot_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added bigint;
BEGIN
    SELECT count(*) INTO added FROM changed;
    IF added > 0 THEN
        UPDATE reminder_counts SET n = n + added
        WHERE name = TG_TABLE_NAME AND shard = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION supportbot_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    removed bigint;
BEGIN
    SELECT count(*) INTO removed FROM changed;
    IF removed > 0 THEN
        UPDATE reminder_counts SET n = n - removed
        WHERE name = TG_TABLE_NAME AND shard = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;

-- The triggers first: creating one locks its table against writes until this migration commits,
-- so the counts below miss no row another process writes meanwhile.
CREATE TRIGGER reminder_schedule_inserted AFTER INSERT ON reminder_schedule
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_inserted();
CREATE TRIGGER reminder_schedule_deleted AFTER DELETE ON reminder_schedule
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_deleted();
CREATE TRIGGER reminder_outbox_inserted AFTER INSERT ON reminder_outbox
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_inserted();
CREATE TRIGGER reminder_outbox_deleted AFTER DELETE ON reminder_outbox
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_deleted();
CREATE TRIGGER reminder_messages_inserted AFTER INSERT ON reminder_messages
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_inserted();
CREATE TRIGGER reminder_messages_deleted AFTER DELETE ON reminder_messages
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_deleted();
CREATE TRIGGER reminder_rejected_inserted AFTER INSERT ON reminder_rejected
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_inserted();
CREATE TRIGGER reminder_rejected_deleted AFTER DELETE ON reminder_rejected
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION supportbot_count_deleted();

-- A database written before this migration: its rows counted once, into shard 0.
INSERT INTO reminder_counts (name, shard, n)
SELECT t.name, s.shard, 0
FROM (VALUES ('reminder_schedule'), ('reminder_outbox'), ('reminder_messages'),
             ('reminder_rejected')) AS t (name),
     generate_series(0, 15) AS s (shard);
UPDATE reminder_counts SET n = (SELECT count(*) FROM reminder_schedule)
WHERE name = 'reminder_schedule' AND shard = 0;
UPDATE reminder_counts SET n = (SELECT count(*) FROM reminder_outbox)
WHERE name = 'reminder_outbox' AND shard = 0;
UPDATE reminder_counts SET n = (SELECT count(*) FROM reminder_messages)
WHERE name = 'reminder_messages' AND shard = 0;
UPDATE reminder_counts SET n = (SELECT count(*) FROM reminder_rejected)
WHERE name = 'reminder_rejected' AND shard = 0;
