// Screens rendered to plain vnode trees under node (no DOM), for the screen tests.
import m from "mithril";

/** Render a component tree (components expanded, their state kept between draws). */
export function mount(component, attrs = {}) {
  const instances = new Map();
  const render = (v, path) => {
    if (v === null || v === undefined || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((c, i) => render(c, `${path}.${i}`));
    if (v.tag === m.route.Link) return { tag: "a", attrs: v.attrs, children: render(v.children, path) };
    if (typeof v.tag === "object") {
      const id = `${path}/${v.key ?? ""}`;
      let inst = instances.get(id);
      if (!inst || inst.tag !== v.tag) {
        inst = { tag: v.tag, vnode: { attrs: v.attrs || {}, state: {} } };
        instances.set(id, inst);
        if (v.tag.oninit) v.tag.oninit(inst.vnode);
      }
      inst.vnode.attrs = v.attrs || {};
      return render(v.tag.view({ ...inst.vnode, children: v.children }), `${id}>`);
    }
    return { tag: v.tag, attrs: v.attrs || {}, text: v.text, children: render(v.children, path) };
  };
  const draw = () => render(m(component, attrs), "0");
  draw(); // oninit: the screen starts loading
  /** onremove of every component (the screen is left). */
  const remove = () => instances.forEach((inst) => inst.tag.onremove && inst.tag.onremove(inst.vnode));
  return { draw, instances, remove, root: () => instances.get("0/") };
}

export function nodes(tree) {
  const out = [];
  const walk = (n) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(walk);
    out.push(n);
    walk(n.children);
  };
  walk(tree);
  return out;
}

export const textOf = (n) => (n === null || n === undefined || n === false ? "" : typeof n !== "object" ? String(n) : Array.isArray(n) ? n.map(textOf).join("") : n.tag === "#" ? String(n.children) : `${n.text ?? ""}${textOf(n.children)}`);
export const testid = (tree, id) => nodes(tree).find((n) => n.attrs && n.attrs["data-testid"] === id);
export const control = (tree, text) => nodes(tree).find((n) => (n.tag === "button" || n.tag === "a") && textOf(n).trim() === text);
