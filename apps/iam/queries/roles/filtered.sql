-- Partial: roles of the current tenant (RLS) whose name matches search.
-- Params: search (text|null).
iam_roles x
WHERE {{#if search}} x.name ILIKE {{wild search}} {{else}} true {{/if}}
