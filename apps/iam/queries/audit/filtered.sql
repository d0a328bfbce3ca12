-- Partial: audit events matching the list's filters.
-- Params: search (text|null: action, target or actor email), actor (text|null: actor email
--         substring), action (text|null: action prefix), outcome (text|null), system
--         (text|null), since / until (timestamptz|null, inclusive / exclusive).
iam_audit_events e
WHERE {{#if search}} (e.action ILIKE {{wild search}} OR e.target ILIKE {{wild search}}
                      OR e.actor_email ILIKE {{wild search}}) {{else}} true {{/if}}
  AND {{#if actor}} e.actor_email ILIKE {{wild actor}} {{else}} true {{/if}}
  AND {{#if action}} starts_with(e.action, {{str action}}) {{else}} true {{/if}}
  AND {{#if outcome}} e.outcome = {{str outcome}} {{else}} true {{/if}}
  AND {{#if system}} e.system = {{str system}} {{else}} true {{/if}}
  AND {{#if since}} e.at >= {{str since}}::timestamptz {{else}} true {{/if}}
  AND {{#if until}} e.at < {{str until}}::timestamptz {{else}} true {{/if}}
