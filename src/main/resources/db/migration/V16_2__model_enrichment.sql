-- The optional LLM's answers for plain stories (recap.enrichment.llm, issue 18), one row per story, content and
-- model: a rerun finds the row and makes no call. outcome is APPLIED (the answer validated and replaced the local
-- enrichment) or INVALID (it did not validate; the local enrichment stays and the same prompt is not sent again).
-- Calls that failed (timeout, 429, unreachable) leave no row, so a later run may try again within its budget.
create table story_model_enrichment (
    story_id        bigint        not null references story (id) on delete cascade,
    content_hash    varchar(64)   not null,
    model           varchar(200)  not null,
    outcome         varchar(20)   not null,
    answered_at     timestamp with time zone not null,
    primary key (story_id, content_hash, model)
);

-- what the ingest job's model enrichment did for the feed's stories in its last run, in words (written by ingest)
alter table feed_source add column last_model_enrichment varchar(1000);
