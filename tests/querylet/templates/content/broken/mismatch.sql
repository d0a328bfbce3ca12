SELECT 1
{{#if x}}
  oops {{/unless}}