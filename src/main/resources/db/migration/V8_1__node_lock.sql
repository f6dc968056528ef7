-- ShedLock's table (renamed): a named lock held by one node until lock_until, so that work meant for one node
-- at a time (ingest) does not run twice when several nodes share the database.
create table node_lock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
