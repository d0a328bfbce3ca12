-- Partial: users of the current tenant (RLS) matching search (email or name) and status.
-- Params: search (text|null), status (text|null), staff (bool|null: true = admin panel
--         access only, false = learners only).
iam_users u
WHERE {{#if search}} (u.email ILIKE {{wild search}} OR u.name ILIKE {{wild search}}) {{else}} true {{/if}}
  AND {{#if status}} u.status = {{str status}} {{else}} true {{/if}}
  AND {{#if has_staff_filter}} u.admin_panel_access = {{bool staff}} {{else}} true {{/if}}
