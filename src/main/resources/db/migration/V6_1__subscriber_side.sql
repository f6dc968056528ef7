-- Subscribers' side (sign-up with double opt-in, preference center). Portable SQL for H2 2.x and PostgreSQL.

-- a paused subscription receives no edition prepared before this time; null means not paused
alter table subscription add column paused_until timestamp with time zone;
-- when the last confirmation email was asked for; an UNCONFIRMED subscription older than the confirmation
-- expiry is purged (null for subscriptions that did not come through the public sign-up)
alter table subscription add column confirmation_requested_at timestamp with time zone;
-- when the subscriber confirmed (double opt-in) or was subscribed without it: the consent record
alter table subscription add column confirmed_at timestamp with time zone;

create index ix_subscription_pending on subscription (status, confirmation_requested_at);
