-- Partial: the holders of one kind in the current tenant (RLS) whose name matches search.
-- Params: search (text|null); group, role (bool: the kind).
{{> include 'iam.holders.table' }}
WHERE {{#if search}} x.name ILIKE {{wild search}} {{else}} true {{/if}}
