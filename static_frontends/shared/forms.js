// Form state and error handling, framework-free (unit tested under `node --test`).

const FORM_KEYS = new Set(["non_field_errors", "__all__", "", "/"]);

/** Normalise a problem's `errors` into {field: [messages]} plus form-level messages. */
export function splitErrors(errors) {
  const fields = {};
  const form = [];
  if (!errors || typeof errors !== "object") return { fields, form };
  for (const [key, value] of Object.entries(errors)) {
    const messages = (Array.isArray(value) ? value : [value]).map((m) =>
      typeof m === "string" ? m : JSON.stringify(m),
    );
    if (FORM_KEYS.has(key)) form.push(...messages);
    else fields[key] = messages;
  }
  return { fields, form };
}

/** The first field (in the form's field order) that has an error, else the first error key. */
export function firstInvalidField(order, fields) {
  for (const name of order) if (fields[name] && fields[name].length) return name;
  const keys = Object.keys(fields);
  return keys.length ? keys[0] : null;
}

/**
 * createForm(initial, {fields, focus}):
 *  values, fieldErrors, formErrors, error (non-validation ApiError), busy,
 *  set(name, value), errorsFor(name), submit(fn) -> result or undefined.
 * `focus(name)` is called with the first invalid field after a validation error.
 * `allFields`: keep errors for fields not in `fields`/`initial` as field errors (the caller shows
 *   them itself); otherwise they become form-level messages so nothing is hidden.
 * `inline`: extra error kinds shown as form messages (e.g. "unauthenticated" on a sign-in form).
 */
export function createForm(initial = {}, options = {}) {
  const form = {
    values: { ...initial },
    fieldErrors: {},
    formErrors: [],
    error: null,
    busy: false,
    order: options.fields || Object.keys(initial),
    set(name, value) {
      form.values[name] = value;
      if (form.fieldErrors[name]) delete form.fieldErrors[name];
    },
    errorsFor(name) {
      return form.fieldErrors[name] || [];
    },
    clearErrors() {
      form.fieldErrors = {};
      form.formErrors = [];
      form.error = null;
    },
    /** Apply an ApiError: validation errors go to fields; others are kept in `error`. */
    applyError(err) {
      const { fields, form: formLevel } = splitErrors(err && err.errors);
      if (err && err.kind === "validation" && (Object.keys(fields).length || formLevel.length)) {
        // errors for fields this form does not show still need to be seen
        const known = new Set(options.fields || Object.keys(initial));
        const shown = {};
        const extra = [];
        for (const [name, messages] of Object.entries(fields)) {
          if (!options.allFields && known.size && !known.has(name)) extra.push(`${name}: ${messages.join(" ")}`);
          else shown[name] = messages;
        }
        form.fieldErrors = options.allFields ? fields : shown;
        form.formErrors = [...formLevel, ...extra];
        if (!Object.keys(fields).length && !formLevel.length && err.message) form.formErrors = [err.message];
        const first = firstInvalidField(form.order, form.fieldErrors);
        if (first && options.focus) options.focus(first);
        return "validation";
      }
      if (err && (err.kind === "client" || (options.inline || []).includes(err.kind))) {
        form.formErrors = [err.message];
        return "client";
      }
      form.error = err;
      return err ? err.kind : null;
    },
    async submit(fn) {
      if (form.busy) return undefined;
      form.clearErrors();
      form.busy = true;
      try {
        return await fn(form.values);
      } catch (err) {
        if (!err || err.name !== "ApiError") throw err;
        form.applyError(err);
        if (options.onError) options.onError(err);
        return undefined;
      } finally {
        form.busy = false;
        if (options.redraw) options.redraw();
      }
    },
  };
  return form;
}

/** Decode one RFC 6901 pointer token. */
function unescapeToken(token) {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Split "/Statement/0/Effect" into tokens (also accepts "Statement.0.Effect" and "Statement[0].Effect"). */
export function pointerTokens(pointer) {
  if (!pointer || pointer === "/") return [];
  if (pointer.startsWith("/")) return pointer.slice(1).split("/").map(unescapeToken);
  return pointer.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean);
}

/**
 * Map every JSON pointer in `text` to the {line, column, offset} where its value (or key) starts.
 * Returns null when the text is not valid JSON (use JSON.parse for the message then).
 */
export function jsonPositions(text) {
  const positions = new Map();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = () => {
    throw new SyntaxError("bad json");
  };
  const str = () => {
    if (text[i] !== '"') fail();
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (pointer, keyOffset) => {
    ws();
    positions.set(pointer, keyOffset ?? i);
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyAt = i;
        const key = str();
        ws();
        if (text[i++] !== ":") fail();
        value(`${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, keyAt);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${pointer}/${n}`);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') {
      str();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail();
      i += m[0].length;
    }
  };
  try {
    value("");
    ws();
    if (i !== text.length) fail();
  } catch {
    return null;
  }
  const result = new Map();
  for (const [pointer, offset] of positions) {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    result.set(pointer, { line, column, offset });
  }
  return result;
}

/**
 * Place validation errors keyed by JSON pointer onto lines of the JSON text.
 * Returns [{pointer, line, messages}] sorted by line; unknown pointers fall back to the
 * nearest existing parent (line 1 for the document).
 */
export function locateJsonErrors(text, errors) {
  const positions = jsonPositions(text);
  const out = [];
  for (const [key, value] of Object.entries(errors || {})) {
    const messages = Array.isArray(value) ? value : [value];
    const tokens = pointerTokens(key);
    let line = 1;
    if (positions) {
      for (let n = tokens.length; n >= 0; n--) {
        const p = tokens.slice(0, n).map((t) => "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
        if (positions.has(p)) {
          line = positions.get(p).line;
          break;
        }
      }
    }
    out.push({ pointer: key, line, messages });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Syntax check for a JSON textarea: {ok, value} or {ok: false, message, line}. */
export function checkJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const m = /position (\d+)/.exec(err.message);
    let line = null;
    if (m) line = text.slice(0, Number(m[1])).split("\n").length;
    const lm = /line (\d+)/.exec(err.message);
    if (!line && lm) line = Number(lm[1]);
    return { ok: false, message: err.message, line };
  }
}

/** Parse a CSV text (RFC 4180 quoting) into rows of strings. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((v) => v.trim() !== ""));
}

/**
 * Errors of a JSON document saved beside a form, split from the form's own field errors.
 * The server names document errors by JSON pointer, under the document's field name
 * (`/document/Statement/0/Effect`, `document.Statement.0`, or bare `/Statement/0`); they
 * come back relative to the document (`/Statement/0/Effect`). Returns {doc, rest}.
 */
export function splitDocumentErrors(errors, name = "document") {
  const doc = {};
  const rest = {};
  const pointer = `/${name}`;
  for (const [key, value] of Object.entries(errors || {})) {
    if (key === name || key === pointer) doc["/"] = value;
    else if (key.startsWith(`${pointer}/`)) doc[key.slice(pointer.length)] = value;
    else if (key.startsWith(`${name}/`) || key.startsWith(`${name}.`)) doc[`/${key.slice(name.length + 1).replace(/\./g, "/")}`] = value;
    else if (key.startsWith("/")) doc[key] = value;
    else rest[key] = value;
  }
  return { doc, rest };
}

/**
 * A JSON document edited as text beside a form (a policy, an imported course):
 * `text`, server `errors` keyed by pointer, `parse()` -> {ok, value} | {ok: false, message, line}.
 */
export function createDocumentField(text = "", { name = "document" } = {}) {
  const field = {
    text,
    name,
    errors: {},
    parse: () => checkJson(field.text),
    /** Move the document's errors out of the form's field errors into the editor. */
    absorb(form) {
      const { doc, rest } = splitDocumentErrors(form.fieldErrors, name);
      field.errors = doc;
      form.fieldErrors = rest;
      return Object.keys(doc).length > 0;
    },
  };
  return field;
}

/**
 * Submit an editor: check the document's syntax first (nothing is sent while it is not JSON),
 * then `save(values, documentValue)` through the form (busy flag, errors), route document
 * errors to the document, and call `onsaved(result)` on success.
 * Returns the result, or undefined when nothing was saved.
 * `onInvalid(where)` is told where to send the user: "document" or a field name.
 */
export async function submitEditor({ form, document = null, save, onsaved, onInvalid = () => {} }) {
  let value;
  if (document) {
    const parsed = document.parse();
    document.errors = {};
    if (!parsed.ok) {
      onInvalid("document");
      return undefined;
    }
    value = parsed.value;
  }
  const result = await form.submit((values) => save(values, value));
  if (document && document.absorb(form) && !Object.keys(form.fieldErrors).length) onInvalid("document");
  if (result !== undefined && onsaved) await onsaved(result);
  return result;
}
