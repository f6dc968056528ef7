-- What the collect step merged into each collected story (its cluster), stored once so that ranking reads it
-- instead of loading the week's stories and clustering them again: the sources that carried any version (in
-- order, the lead's first), the highest weight any version gave each audience, and the merged versions.
create table edition_story_source (
    edition_id      bigint        not null,
    story_id        bigint        not null,
    sort_order      int           not null,
    source_name     varchar(200)  not null,
    primary key (edition_id, story_id, sort_order),
    foreign key (edition_id, story_id) references edition_story (edition_id, story_id) on delete cascade
);

create table edition_story_audience (
    edition_id      bigint           not null,
    story_id        bigint           not null,
    audience_id     bigint           not null references audience (id),
    weight          double precision not null,
    primary key (edition_id, story_id, audience_id),
    foreign key (edition_id, story_id) references edition_story (edition_id, story_id) on delete cascade
);

create table edition_story_version (
    edition_id      bigint        not null,
    story_id        bigint        not null,
    sort_order      int           not null,
    version_id      bigint        not null references story (id),
    primary key (edition_id, story_id, sort_order),
    foreign key (edition_id, story_id) references edition_story (edition_id, story_id) on delete cascade
);
