-- Partial: managed policies of the current tenant matching search and origin.
-- Params: search (text|null), managed (bool|null: true = TeacherSeat-managed only).
iam_policies p
WHERE {{#if search}} (p.name ILIKE {{wild search}} OR p.description ILIKE {{wild search}}) {{else}} true {{/if}}
  AND ({{managed}}::boolean IS NULL OR p.system_managed = {{managed}}::boolean)
