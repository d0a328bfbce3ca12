-- One job of the academy (admin), its creator read through iam.shared.user_public.
-- Params: job_id (int). Index: pk.
{{#object}}
  SELECT {{> include 'jobs.admin.job_columns' }}
  FROM jobs_jobs j LEFT JOIN {{> include 'iam.shared.user_public' }} u ON u.id = j.created_by_id
  WHERE j.id = {{int job_id}}
{{/object}}
