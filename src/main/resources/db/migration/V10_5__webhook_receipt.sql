-- Provider webhooks (issue 19): the proof of each call Recap accepted, kept while that proof could still be
-- replayed (a Mailgun token signs only its timestamp, not the body, so a token must be accepted once; an SNS
-- message id likewise). Rows older than the provider's time window are deleted. Portable SQL.

create table webhook_receipt (
    provider        varchar(20)   not null,
    receipt_id      varchar(200)  not null,
    received_at     timestamp with time zone not null,
    constraint pk_webhook_receipt primary key (provider, receipt_id)
);
create index ix_webhook_receipt_received on webhook_receipt (received_at);
