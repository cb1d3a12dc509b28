// Building the page from data without ever parsing data as HTML: every text goes in through
// textContent (text nodes), every attribute through setAttribute.

const SVG = "http://www.w3.org/2000/svg";

function fill(node, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) { continue; }
    if (key === "class") {
      node.setAttribute("class", value);
    } else if (key === "text") {
      node.textContent = String(value);
    } else if (key === "dataset") {
      Object.entries(value).forEach(([k, v]) => { node.dataset[k] = String(v); });
    } else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "href" && !/^(#|\/(?!\/))/.test(String(value))) {
      throw new Error("only links within the console are built");
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends strings (as text), nodes and arrays of them; null and undefined are skipped. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) { continue; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("a", {href: "#/map", class: "x"}, "text", otherNode). */
export function el(tag, props, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element. */
export function svg(tag, props, ...children) {
  return fill(document.createElementNS(SVG, tag), props, children);
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A definition list from [term, value] pairs; pairs with an empty value are left out. */
export function facts(pairs, className) {
  const dl = el("dl", { class: className || "facts" });
  pairs.forEach(([term, value]) => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) { return; }
    dl.append(el("dt", { text: term }), el("dd", {}, value));
  });
  return dl;
}
