-- Story embeddings, computed once per story by the ingest job's enrichStories step and only read afterwards (the
-- weekly merge of near-duplicates, the clusters API). Vectors are base64 of little-endian floats in a varchar, the
-- same on H2 and PostgreSQL; 384 floats are 2,048 characters. model names the encoder, so a later model can tell
-- the vectors it did not write.
create table story_embedding (
    story_id        bigint        not null primary key references story (id) on delete cascade,
    model           varchar(100)  not null,
    lede_vector     varchar(4000) not null,
    text_vector     varchar(4000) not null,
    enriched_at     timestamp with time zone not null
);
