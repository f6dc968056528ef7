-- WebSub (push) subscriptions: one per feed that declares a hub. No foreign key to feed_source: when a feed is
-- removed the row must outlive it long enough to send the hub an unsubscribe request.
create table websub_subscription (
    feed_id        bigint        not null primary key,
    hub            varchar(2000) not null,
    topic          varchar(2000) not null,
    -- the unguessable last segment of the callback URL, /webhooks/websub/{token}
    token          varchar(64)   not null,
    -- hub.secret: the HMAC key of every push (less than 200 bytes, as the spec requires)
    secret         varchar(100)  not null,
    -- PENDING, ACTIVE, DENIED, FAILED, UNSUBSCRIBING
    status         varchar(20)   not null,
    requested_at   timestamp with time zone not null,
    expires_at     timestamp with time zone,
    last_push_at   timestamp with time zone,
    last_error     varchar(500),
    constraint websub_subscription_token unique (token)
);
