-- Every archive gets an id when it is created: `recordings copy` remembers in the target which
-- archives were copied into it (docs/cli.md, "`recordings copy --to <db>`").
INSERT INTO "sync_state" ("name", "value", "updated_at")
VALUES ('archive_id', gen_random_uuid()::text, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
ON CONFLICT ("name") DO NOTHING;
