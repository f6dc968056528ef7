-- Newsletters as sources (issue 17). Each has a feed_source row (url mailto:<address>) for its name, authority,
-- switch and counts, so its stories carry a feed_id like any feed's; this table holds the newsletter side.
create table newsletter_source (
    feed_id         bigint        not null primary key references feed_source (id),
    address         varchar(320)  not null,   -- lower-cased inbound address the issues are sent to
    senders         varchar(4000) not null,   -- allowed From addresses or @domains, one per line
    last_issue_at   timestamp with time zone,
    last_subject    varchar(500),
    last_refused_at timestamp with time zone,
    last_refused    varchar(1000),            -- why the last refused message was refused, with sender and subject
    refused_count   int           not null default 0,
    constraint uk_newsletter_source_address unique (address)
);
