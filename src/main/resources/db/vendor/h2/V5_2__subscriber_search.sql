-- Subscriber search by the start of an address or a name (see db/vendor/postgresql for PostgreSQL's version).
-- H2 turns "like 'abc%'" into an index range by itself; the address already has its unique index.
alter table subscriber add column name_lower varchar(200) generated always as (lower(name));
create index ix_subscriber_name_prefix on subscriber (name_lower);
