-- Subscriber search by any part of an address or a name ("chen" finds Wei Chen): trigram indexes answer
-- "like '%chen%'" without reading every subscriber. pg_trgm ships with PostgreSQL and is a trusted extension
-- (PostgreSQL 13 on), so the database owner may create it. H2 has no such index: it reads the table (see
-- docs/administration.md for what that costs at a million subscribers).
create extension if not exists pg_trgm;
create index ix_subscriber_email_trgm on subscriber using gin (email gin_trgm_ops);
create index ix_subscriber_name_trgm on subscriber using gin (name_lower gin_trgm_ops);

-- An import's created subscriptions, split: how many were for addresses Recap did not know ("new subscribers");
-- the rest were known addresses newly added to the list. Null for imports recorded before (as on H2).
alter table subscriber_import add column new_subscriber_count bigint;
