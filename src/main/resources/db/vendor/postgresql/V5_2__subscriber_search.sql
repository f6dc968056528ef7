-- Subscriber search by the start of an address or a name. PostgreSQL only uses a btree index for
-- "like 'abc%'" with the pattern operator class whatever the database collation; H2 has its own version of
-- this migration (db/vendor/h2). The queries are the same on both.
alter table subscriber add column name_lower varchar(200) generated always as (lower(name)) stored;
create index ix_subscriber_email_prefix on subscriber (email varchar_pattern_ops);
create index ix_subscriber_name_prefix on subscriber (name_lower varchar_pattern_ops);
