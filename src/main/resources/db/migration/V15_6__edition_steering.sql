-- An editor's steering of one edition before it is sent: a story pinned to the top of the lead (audience_id
-- null) or of an audience's section, or dropped from the edition; one choice per story. Kept apart from the
-- ranking tables, so rebuilding the edition after new stories arrive keeps the editor's choices.
create table edition_pick (
    edition_id      bigint        not null references edition (id) on delete cascade,
    story_id        bigint        not null references story (id),
    action          varchar(8)    not null,   -- PIN or DROP
    audience_id     bigint        references audience (id),
    created_by      varchar(320),
    created_at      timestamp with time zone not null,
    primary key (edition_id, story_id)
);

-- The editor's note (short Markdown, rendered and sanitised when the digest is rendered) and a subject that
-- replaces the generated one; either may be null.
create table edition_editorial (
    edition_id      bigint        primary key references edition (id) on delete cascade,
    note_markdown   varchar(2000),
    subject         varchar(200),
    updated_at      timestamp with time zone not null
);
