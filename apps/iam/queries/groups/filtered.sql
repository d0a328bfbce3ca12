-- Partial: groups of the current tenant (RLS) whose name matches search.
-- Params: search (text|null).
iam_groups x
WHERE {{#if search}} x.name ILIKE {{wild search}} {{else}} true {{/if}}
