-- The length a reader chooses for the digest (issue 16): BRIEF, STANDARD or FULL. A subscription without a
-- choice of its own (null) gets its list's default. Portable SQL: runs unchanged on H2 2.x and PostgreSQL.
alter table newsletter_list add column default_length varchar(8) not null default 'STANDARD';
alter table subscription add column digest_length varchar(8);
