-- Two-factor sign-in for admin accounts (issue 12): an account's TOTP secret once its enrolment was confirmed, the
-- last time step whose code was used (so each code signs in once), and its single-use recovery codes, of which only
-- a SHA-256 is kept (each holds 80 random bits, so a slow hash adds nothing). Portable SQL (H2 and PostgreSQL).

create table admin_two_factor (
    account_id      bigint        not null primary key references admin_account (id),
    secret          varchar(64)   not null,   -- base32, as authenticator apps read it; never shown again
    last_used_step  bigint        not null,   -- epoch seconds / 30 of the last code accepted
    enrolled_at     timestamp with time zone not null
);

create table admin_recovery_code (
    account_id      bigint        not null references admin_account (id),
    code_hash       varchar(64)   not null,
    used_at         timestamp with time zone,
    primary key (account_id, code_hash)
);
