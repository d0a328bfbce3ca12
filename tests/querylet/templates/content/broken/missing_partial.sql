SELECT 1
  -- ok
  {{> include 'content.shared.nope'}}