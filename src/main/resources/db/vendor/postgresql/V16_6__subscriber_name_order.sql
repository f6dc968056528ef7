-- Subscribers sorted by name (issue 15): the sort key, lower-case with a missing name as empty, as a stored column
-- with an index in the order the page reads it, (key, id), so the first and every later page is an index range
-- instead of a sort of the whole table. The same column as H2's version (db/vendor/h2), so the query is the same.
-- One more index entry per imported row (docs/performance.md).
alter table subscriber add column name_key varchar(200) generated always as (coalesce(lower(name), '')) stored;
create index ix_subscriber_name_key on subscriber (name_key, id);
