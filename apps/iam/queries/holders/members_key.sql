-- Partial: the key of the held users in a holder's documents (PrincipalHolderKind.members).
-- Params: group, role (bool: the kind, exactly one true).
{{#if group}} members {{/if}}{{#if role}} users {{/if}}
