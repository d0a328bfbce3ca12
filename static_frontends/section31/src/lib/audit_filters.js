// The audit log's filters: the query the list sends and the CSV export link built from them.
// Pure functions (no Mithril), unit-tested in tests/audit.test.js.

/** The filter bar's fields, all empty (= not filtered). */
export const AUDIT_FILTERS = Object.freeze({ actor: "", action: "", outcome: "", system: "", since: "", until: "" });
export const OUTCOMES = ["success", "denied", "failure"];
export const SYSTEMS = ["iam", "content", "learning", "systems", "tenants", "sdk_api"];
/** Badge kind of an outcome (format.js `badge`). */
export const OUTCOME_KIND = { success: "ok", denied: "danger", failure: "warn" };

/** The filters (and the search) of `values` with text trimmed and empty values dropped. */
export function auditQuery(values = {}) {
  const query = {};
  for (const key of ["search", ...Object.keys(AUDIT_FILTERS)]) {
    const value = values[key];
    if (value === null || value === undefined) continue;
    const text = String(value).trim();
    if (text) query[key] = text;
  }
  return query;
}

/** The export URL for the current filters (paging and sort left out). */
export function auditExportUrl(base, values = {}) {
  const qs = new URLSearchParams(auditQuery(values)).toString();
  return qs ? `${base}?${qs}` : base;
}
