-- An import's created subscriptions, split: how many were for addresses Recap did not know ("new subscribers");
-- the rest were known addresses newly added to the list. Null for imports recorded before. (PostgreSQL's
-- version of this migration also adds the trigram indexes for substring search.)
alter table subscriber_import add column new_subscriber_count bigint;
