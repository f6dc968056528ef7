-- Two fewer index entries per imported audience row on H2 (issue 14). H2 keeps its own index on
-- subscription_audience (audience_id) for the foreign key, and no H2 plan uses (audience_id, subscriber_id): the
-- audience filter of the subscribers screen is an exists probe per subscriber, which the primary key
-- (subscriber_id, list_id, audience_id) answers. PostgreSQL keeps the index (its only index by audience).
drop index if exists ix_subscription_audience_audience;
