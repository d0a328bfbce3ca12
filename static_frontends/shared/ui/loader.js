// Async data for a screen: a loader per GET, and how to render its states.
import m from "mithril";
import { Empty, ErrorView, Loading } from "./states.js";

/**
 * createLoader(fn, {immediate, redraw}): {loading, data, error, pagination, reload()}.
 * Framework-free (unit tested); `loader` below binds it to Mithril's redraw.
 * ApiErrors are kept in `error`; any other exception is a bug and propagates.
 */
export function createLoader(fn, { immediate = true, redraw = () => {} } = {}) {
  const state = {
    loading: false,
    data: null,
    error: null,
    pagination: null,
    async reload() {
      state.loading = true;
      state.error = null;
      try {
        const result = await fn();
        state.data = result && "data" in result ? result.data : result;
        state.pagination = (result && result.pagination) || null;
      } catch (err) {
        if (err && err.name !== "ApiError") throw err;
        state.error = err;
      } finally {
        state.loading = false;
        redraw();
      }
      return state.data;
    },
  };
  if (immediate) state.reload();
  return state;
}

/** loader(fn): createLoader that redraws the page when the request settles. */
export function loader(fn, { immediate = true } = {}) {
  return createLoader(fn, { immediate, redraw: () => m.redraw() });
}

/** Render a loader: loading, error, empty or `render(data)`. */
export function view(state, render, { empty = null, isEmpty } = {}) {
  if (state.error) return m(ErrorView, { error: state.error, retry: state.reload });
  if (state.data === null || state.data === undefined) return m(Loading);
  const blank = isEmpty ? isEmpty(state.data) : Array.isArray(state.data) && state.data.length === 0;
  if (blank && empty) return m(Empty, empty);
  return render(state.data);
}
