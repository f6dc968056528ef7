-- An admin's cancellation of the scheduled send of one (list, week) edition: the schedule leaves that edition
-- alone; sending it by hand still works. Keyed by week, not edition, because a send can be cancelled before the
-- edition is built. Deleting the row puts the send back on the schedule.
create table send_cancellation (
    list_id         bigint        not null references newsletter_list (id) on delete cascade,
    iso_week        varchar(8)    not null,
    cancelled_by    varchar(320)  not null,
    cancelled_at    timestamp with time zone not null,
    primary key (list_id, iso_week)
);
