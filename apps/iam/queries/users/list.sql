-- Users of the current tenant, paginated and sortable.
-- Params: search (text|null), status (text|null), sort, limit, offset.
-- Shape: [{"id", "email", "name", "status", "admin_panel_access", "account_owner",
--          "mfa_enabled", "email_verified", "last_sign_in", "created_at"}]
-- Index: iam_users_tenant_email_uniq (tenant_id, lower(email)); RLS adds tenant_id.
{{#array}}
  SELECT {{> include 'iam.users.summary' }}
  FROM {{> include 'iam.users.filtered' }}
  {{order_by sort allow='email=u.email, name=u.name, created_at=u.created_at, last_sign_in=u.last_login, status=u.status' default='email'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
