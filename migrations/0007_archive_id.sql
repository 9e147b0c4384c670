-- Every archive gets an id when it is created (and an archive made before ids existed, when it is
-- migrated): `recordings copy` remembers in the target which archives were copied into it, and
-- refuses a target that holds data from no earlier copy of its source (docs/cli.md, "`recordings copy --to <db>`").
INSERT INTO `sync_state` (`name`, `value`, `updated_at`)
SELECT 'archive_id', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE NOT EXISTS (SELECT 1 FROM `sync_state` WHERE `name` = 'archive_id');
