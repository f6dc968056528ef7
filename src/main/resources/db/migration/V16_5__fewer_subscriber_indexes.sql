-- Fewer index entries per imported row (issue 14): each index below was written on every subscriber or
-- subscription insert and no query needs it any more. (ix_subscription_list_subscriber stays: without it H2 sorts
-- a whole list to show the first page of a list filtered by audience or by nothing.)
-- (status, confirmation_requested_at): the purge of expired sign-ups (every recap.preferences.purge-interval) reads each list's UNCONFIRMED range of
-- ix_subscription_list_status instead (Subscriptions.purgeUnconfirmed).
drop index if exists ix_subscription_pending;
-- the prefix-search indexes of V5_2 (name on both databases, address on PostgreSQL): the search is by any part
-- since V15_7 ("like '%x%'", the trigram indexes on PostgreSQL), which a b-tree cannot answer.
drop index if exists ix_subscriber_name_prefix;
drop index if exists ix_subscriber_email_prefix;
