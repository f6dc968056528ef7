-- Delivery engine: hard-bounce suppression, per-subscriber send times (time-zone aware sending).

-- consecutive hard bounces (5xx "no such user" and the like); at recap.delivery.hard-bounce-limit the
-- subscriber is BLOCKLISTED and receives nothing more
alter table subscriber add column hard_bounces int not null default 0;
alter table subscriber add column last_bounce varchar(500);

-- when a delivery may go out; null means as soon as the edition is sent
alter table delivery add column send_after timestamp with time zone;

-- send at the list's local send time in each subscriber's own time zone
alter table newsletter_list add column timewarp boolean not null default false;
