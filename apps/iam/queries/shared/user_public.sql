-- Partial for other apps: the academy's users (RLS) as a relation, as other systems may
-- show them. Columns: id, email, name, active (account status is active), learner (no
-- admin panel access). No credentials, MFA or policy data.
-- Use it aliased, e.g. "JOIN <include 'iam.shared.user_public'> u ON u.id = e.user_id".
-- Index: pk; iam_users_tenant_email_uniq (tenant_id, lower(email)).
(SELECT u.id, u.email, u.name, u.status = 'active' AS active, NOT u.admin_panel_access AS learner
 FROM iam_users u)
