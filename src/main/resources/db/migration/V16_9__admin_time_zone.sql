-- Each admin's own time zone for the admin screens (issue 15: times in the admin's zone). Null: the lists' zone,
-- as before, so an admin who never chose one sees what they saw.
alter table admin_account add column time_zone varchar(64);
