-- Partial: audit events matching search (action, target or actor email).
-- Params: search (text|null).
iam_audit_events e
WHERE {{#if search}} (e.action ILIKE {{wild search}} OR e.target ILIKE {{wild search}}
                      OR e.actor_email ILIKE {{wild search}}) {{else}} true {{/if}}
