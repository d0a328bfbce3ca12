SELECT 2
  {{> include 'content.cycle.a'}}