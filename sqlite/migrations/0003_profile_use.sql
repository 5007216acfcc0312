-- A profile's use replaces trust_mediator: true becomes shared, false (or absent) private.
UPDATE profiles SET data = CAST(json_remove(json_set(CAST(data AS TEXT), '$.use',
		CASE WHEN json_extract(CAST(data AS TEXT), '$.trust_mediator') THEN 'shared' ELSE 'private' END),
	'$.trust_mediator') AS BLOB)
WHERE json_extract(CAST(data AS TEXT), '$.use') IS NULL;
