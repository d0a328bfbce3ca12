-- Partial: who the holders of one kind hold, aliased m (holder_id, user_id): a group's
-- members, a role's assigned users. A plain subquery, which Postgres flattens into the
-- table it names (same plan and indexes as naming the table).
-- Params: group, role (bool: the kind, exactly one true; see apps/iam/principals.py).
({{#if group}} SELECT group_id AS holder_id, user_id FROM iam_group_memberships {{/if}}
 {{#if role}} SELECT role_id AS holder_id, user_id FROM iam_role_assignments {{/if}}) m
