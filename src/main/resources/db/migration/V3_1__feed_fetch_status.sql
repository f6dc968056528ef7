-- Feed ingestion status an admin reads without opening logs (issue 3). Portable SQL, one column per statement.

-- when a fetch last worked (200 or 304); last_fetched_at is the last attempt, whatever its outcome
alter table feed_source add column last_success_at timestamp with time zone;
-- items of the last fetch that could not become stories (no http(s) link, no title or text)
alter table feed_source add column last_skipped_items int;
-- what the last successful fetch had to work around, in words (skipped items, estimated dates, re-decoding)
alter table feed_source add column last_warning varchar(1000);
-- the URL the last fetch ended at after redirects, when it differs from url
alter table feed_source add column last_final_url varchar(2000);
