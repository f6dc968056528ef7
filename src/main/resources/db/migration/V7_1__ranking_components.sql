-- Explainable ranking (issue 7). Portable SQL: runs unchanged on H2 2.x and PostgreSQL.
-- Every ranked row keeps the parts of its score and what diversity re-ranking did to it, as numbers an admin
-- screen can show and sort by (the explanation column keeps the same in words).
alter table edition_ranking add column relevance double precision;
alter table edition_ranking add column importance double precision;
alter table edition_ranking add column freshness double precision;
alter table edition_ranking add column coverage double precision;
alter table edition_ranking add column authority double precision;
alter table edition_ranking add column redundancy double precision;
alter table edition_ranking add column similar_story_id bigint;
alter table edition_ranking add column marginal_score double precision;

-- the lead section "This week's top stories", the same for every subscriber: every story relevant to one of the
-- list's audiences, best first; the first recap.ranking.lead-size rows are the section, the rest explain the others
create table edition_lead (
    edition_id        bigint           not null references edition (id) on delete cascade,
    rank_position     int              not null,
    story_id          bigint           not null references story (id),
    score             double precision not null,
    relevance         double precision not null,
    importance        double precision not null,
    freshness         double precision not null,
    coverage          double precision not null,
    authority         double precision not null,
    redundancy        double precision not null,
    similar_story_id  bigint,
    marginal_score    double precision not null,
    explanation       varchar(500)     not null,
    primary key (edition_id, rank_position)
);
