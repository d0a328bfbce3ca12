-- Partial: the table of one holder kind, aliased x (id, name, description, created_at).
-- Params: group, role (bool: the kind, exactly one true; see apps/iam/principals.py).
{{#if group}} iam_groups {{/if}}{{#if role}} iam_roles {{/if}} x
