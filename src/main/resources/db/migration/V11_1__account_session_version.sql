-- Open admin sessions follow the account as it is now (issue 12). Role and enabled are read again on every request;
-- session_version is raised when an account's open sessions must end (a password change, "sign out everywhere"),
-- and a session that signed in under an older version is ended on whichever node it is served. Portable SQL.

alter table admin_account add column session_version bigint not null default 0;
