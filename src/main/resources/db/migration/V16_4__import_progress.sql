-- imports run in the background: each records its status, its progress while it runs, and which node runs it
-- with a heartbeat, so a node that died mid-import is told from one still working (docs/subscribers.md)
alter table subscriber_import add column status varchar(16) not null default 'DONE';
alter table subscriber_import alter column status drop default;
alter table subscriber_import add column rows_total bigint;
alter table subscriber_import add column message varchar(1000);
alter table subscriber_import add column node varchar(100);
alter table subscriber_import add column heartbeat_at timestamp with time zone;

-- before this, an import recorded its counts only when it finished: one that never did was cut short
update subscriber_import set status = 'INTERRUPTED',
    message = 'The server stopped during this import; its progress was not recorded. Import the file again: rows already imported are updated, not duplicated.'
    where finished_at is null;

create index ix_subscriber_import_status on subscriber_import (status);
