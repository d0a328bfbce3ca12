-- The academy's most recent jobs (admin), newest first, as {"items": [job]}.
-- Params: status (text|null), kind (text|null), limit (int, at most 100).
-- Index: jobs_jobs_recent_idx (tenant_id, created_at DESC).
{{#object}}
  SELECT {{#array}}
    SELECT {{> include 'jobs.admin.job_columns' }}
    FROM jobs_jobs j LEFT JOIN {{> include 'iam.shared.user_public' }} u ON u.id = j.created_by_id
    WHERE ({{#if status}} j.status = {{str status}} {{else}} true {{/if}})
      AND ({{#if kind}} j.kind = {{str kind}} {{else}} true {{/if}})
    ORDER BY j.created_at DESC, j.id DESC
    LIMIT {{int limit}}
  {{/array}} AS items
{{/object}}
