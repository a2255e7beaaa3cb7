-- Interaction ids the bot has received, so a signed request sent again to any process sharing
-- the database runs nothing twice. Kept only as long as a repeat could pass the freshness check:
-- each new sighting deletes a few older than that (by the index), no timer scans the table.
CREATE TABLE interaction_sightings (
    id        text PRIMARY KEY,
    signed_at timestamptz NOT NULL
);
CREATE INDEX interaction_sightings_by_time ON interaction_sightings (signed_at);
