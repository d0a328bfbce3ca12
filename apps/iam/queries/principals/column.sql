-- Partial: the column naming the principal on a policy row aliased a (an attachment or an
-- inline policy). Params: user, group, role (bool: the principal's kind, exactly one true;
-- see PrincipalKind.sql_flags in apps/iam/principals.py).
{{#if user}} a.user_id {{/if}}{{#if group}} a.group_id {{/if}}{{#if role}} a.role_id {{/if}}
