-- A profile's use replaces trust_mediator: true becomes shared, false (or absent) private.
UPDATE profiles SET data = convert_to(
	((convert_from(data, 'UTF8')::jsonb - 'trust_mediator') || jsonb_build_object('use',
		CASE WHEN convert_from(data, 'UTF8')::jsonb ->> 'trust_mediator' = 'true' THEN 'shared' ELSE 'private' END))::text,
	'UTF8')
WHERE NOT (convert_from(data, 'UTF8')::jsonb ? 'use');
