// The action catalogue (GET /api/admin/systems/actions) for policy authors: matching actions
// and condition keys for the pickers, inserting a pick into a policy document, and the
// client-side pre-check that warns (like the server) about names no system defines.
// Framework-free, so node's test runner covers it (section31/tests/catalogue.test.js).

/**
 * Flatten the endpoint's document into what the pickers search:
 *   actions: [{action, description, system, systemName, registered, conditionKeys}]
 *   keys:    [{key, type, description, scope}] (scope: "global" or the actions' system)
 */
export function flattenCatalogue(doc) {
  const actions = [];
  const keys = new Map();
  for (const key of (doc && doc.global_condition_keys) || []) {
    keys.set(key.key.toLowerCase(), { ...key, scope: "global" });
  }
  for (const system of (doc && doc.systems) || []) {
    for (const a of system.actions || []) {
      actions.push({
        action: a.action,
        description: a.description || "",
        system: system.system,
        systemName: system.name,
        registered: system.registered !== false,
        conditionKeys: a.condition_keys || [],
      });
      for (const key of a.condition_keys || []) {
        if (!keys.has(key.key.toLowerCase())) keys.set(key.key.toLowerCase(), { ...key, scope: system.system });
      }
    }
  }
  actions.sort((x, y) => x.action.localeCompare(y.action));
  return { actions, keys: [...keys.values()] };
}

/** A policy glob (`*`, `?`; case-insensitive, like the engine's action patterns) as a RegExp. */
export function globRegExp(pattern) {
  const source = String(pattern)
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i");
}

function rank(item, name, terms, query) {
  const n = name.toLowerCase();
  const text = `${n} ${(item.description || "").toLowerCase()}`;
  if (!terms.every((t) => text.includes(t))) return -1;
  if (n === query) return 0;
  if (n.startsWith(query)) return 1;
  // the last segment (the verb) or a later segment starting with the query
  if (n.split(/[:/]/).some((part) => part.startsWith(terms[0]))) return 2;
  if (terms.every((t) => n.includes(t))) return 3;
  return 4; // found through the description
}

function match(items, name, query, limit) {
  const q = String(query || "").trim().toLowerCase();
  if (!q) return items.slice(0, limit);
  if (/[*?]/.test(q)) {
    const re = globRegExp(q);
    return items.filter((x) => re.test(x[name])).slice(0, limit);
  }
  const terms = q.split(/\s+/);
  return items
    .map((x, i) => ({ x, i, r: rank(x, x[name], terms, q) }))
    .filter((e) => e.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map((e) => e.x);
}

/**
 * Actions matching what was typed: every word must appear in the action or its description;
 * exact and prefix matches of the action come first, then a segment starting with the first
 * word (`delete` finds `…:courses:delete`), then other matches. A query with `*` or `?` is a
 * glob over the action names (`teacherseat:admin:content:*`).
 */
export function matchActions(actions, query, limit = 50) {
  return match(actions, "action", query, limit);
}

/** Condition keys matching what was typed (same rules as `matchActions`). */
export function matchKeys(keys, query, limit = 50) {
  return match(keys, "key", query, limit);
}

/** The condition keys that make sense for some actions: theirs, then the global ones. */
export function keysForActions(catalogue, actionNames) {
  const wanted = (actionNames || []).map((a) => globRegExp(a));
  const own = new Map();
  for (const a of catalogue.actions) {
    if (!wanted.some((re) => re.test(a.action))) continue;
    for (const k of a.conditionKeys) own.set(k.key.toLowerCase(), { ...k, scope: a.system });
  }
  return [...own.values(), ...catalogue.keys.filter((k) => k.scope === "global")];
}

const asList = (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const escapeToken = (token) => String(token).replace(/~/g, "~0").replace(/\//g, "~1");

function statementsOf(doc) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return [];
  const s = doc.Statement;
  if (Array.isArray(s)) return s.map((stmt, i) => [stmt, `/Statement/${i}`]);
  return s && typeof s === "object" ? [[s, "/Statement"]] : [];
}

function isKnownKey(catalogue, key) {
  const k = String(key).toLowerCase();
  const candidates = k.startsWith("aws:") ? [k, `ts:${k.slice(4)}`] : [k];
  return catalogue.keys.some((known) => {
    const name = known.key.toLowerCase().replace(/<[^>]*>/g, "*");
    return candidates.some((c) => (name.includes("*") ? globRegExp(name).test(c) : name === c));
  });
}

/**
 * The warnings the server will give for a policy document (or an array of them, as in the
 * simulator), checked against the catalogue before saving: actions that match no known action
 * (`unknown_action`) and condition keys no request carries (`unknown_condition_key`).
 * [{pointer, code, message}], pointers as the server writes them.
 */
export function documentWarnings(document, catalogue) {
  if (!catalogue) return [];
  const docs = Array.isArray(document) ? document.map((d, i) => [d, `/${i}`]) : [[document, ""]];
  const warnings = [];
  for (const [doc, base] of docs) {
    for (const [stmt, ptr] of statementsOf(doc)) {
      if (!stmt || typeof stmt !== "object") continue;
      const actions = stmt.Action;
      asList(actions).forEach((action, i) => {
        if (typeof action !== "string" || action === "*") return;
        const re = globRegExp(action);
        if (!catalogue.actions.some((a) => re.test(a.action))) {
          const where = Array.isArray(actions) ? `${base}${ptr}/Action/${i}` : `${base}${ptr}/Action`;
          warnings.push({ pointer: where, code: "unknown_action", message: `'${action}' matches no known action` });
        }
      });
      const condition = stmt.Condition;
      if (!condition || typeof condition !== "object" || Array.isArray(condition)) continue;
      for (const [operator, block] of Object.entries(condition)) {
        if (!block || typeof block !== "object" || Array.isArray(block)) continue;
        for (const key of Object.keys(block)) {
          if (!isKnownKey(catalogue, key)) {
            warnings.push({
              pointer: `${base}${ptr}/Condition/${escapeToken(operator)}/${escapeToken(key)}`,
              code: "unknown_condition_key",
              message: `'${key}' is not a known condition key: requests never carry it, so the condition sees it as absent`,
            });
          }
        }
      }
    }
  }
  return warnings;
}

/** One line per warning, for notices and the confirm dialog. */
export function warningLines(warnings) {
  return (warnings || []).map((w) => `${w.pointer || "/"}: ${w.message || w.detail || w.code || ""}`.trim());
}

/** The statement a picker edits: the last one (created when the document has none). */
function targetStatement(doc) {
  if (!Array.isArray(doc.Statement)) doc.Statement = doc.Statement && typeof doc.Statement === "object" ? [doc.Statement] : [];
  if (!doc.Statement.length) doc.Statement.push({ Effect: "Allow", Action: [], Resource: "*" });
  return doc.Statement[doc.Statement.length - 1];
}

function parseObject(text) {
  try {
    const doc = JSON.parse(text);
    return doc && typeof doc === "object" && !Array.isArray(doc) ? doc : null;
  } catch {
    return null;
  }
}

/**
 * Add an action to the last statement of a policy document (text in, text out); null when the
 * text is not a JSON object yet (the editor shows the syntax error). A present action is kept
 * once; a single-string Action becomes an array.
 */
export function insertAction(text, action) {
  const doc = parseObject(text);
  if (!doc) return null;
  if (!doc.Version) doc.Version = "2012-10-17";
  const stmt = targetStatement(doc);
  const current = asList(stmt.Action);
  if (!current.some((a) => String(a).toLowerCase() === action.toLowerCase())) current.push(action);
  stmt.Action = current;
  return JSON.stringify(doc, null, 2);
}

/** The condition operator a key's type is usually tested with. */
export const OPERATOR_FOR_TYPE = {
  String: "StringEquals",
  Numeric: "NumericLessThanEquals",
  Bool: "Bool",
  Date: "DateGreaterThan",
  IpAddress: "IpAddress",
};

/** A placeholder value of a key's type, for the author to replace. */
export function placeholderFor(type) {
  return { Numeric: 0, Bool: "true", Date: "2026-01-01T00:00:00Z", IpAddress: "203.0.113.0/24" }[type] ?? "";
}

/**
 * Add a condition on `key` to the last statement (text in, text out; null when not a JSON
 * object): `Condition[<operator for its type>][key] = <placeholder>`, unless already there.
 */
export function insertConditionKey(text, key, type) {
  const doc = parseObject(text);
  if (!doc) return null;
  const stmt = targetStatement(doc);
  const operator = OPERATOR_FOR_TYPE[type] || "StringEquals";
  const condition = stmt.Condition && typeof stmt.Condition === "object" && !Array.isArray(stmt.Condition) ? stmt.Condition : {};
  const block = condition[operator] && typeof condition[operator] === "object" ? condition[operator] : {};
  if (!(key in block)) block[key] = placeholderFor(type);
  condition[operator] = block;
  stmt.Condition = condition;
  return JSON.stringify(doc, null, 2);
}

/** The actions a document's statements name (for suggesting their condition keys). */
export function actionsInDocument(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const docs = Array.isArray(doc) ? doc : [doc];
  return docs.flatMap((d) => statementsOf(d).flatMap(([stmt]) => (stmt && typeof stmt === "object" ? asList(stmt.Action).filter((a) => typeof a === "string") : [])));
}

/** Add a key to a simulator context object (text in, text out; null when not an object). */
export function insertContextKey(text, key, type) {
  const doc = parseObject(text && text.trim() ? text : "{}");
  if (!doc) return null;
  if (!(key in doc)) doc[key] = placeholderFor(type);
  return JSON.stringify(doc, null, 2);
}
