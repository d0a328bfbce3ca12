-- Partial: the public columns of a user row aliased u (no secrets, no password hash).
u.id, u.email, u.name, u.status, u.admin_panel_access, u.is_account_owner AS account_owner,
u.mfa_enabled, u.email_verified_at IS NOT NULL AS email_verified, u.last_login AS last_sign_in,
u.created_at
