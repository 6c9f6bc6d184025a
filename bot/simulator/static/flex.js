// Renders LINE Flex Message JSON (bubble, carousel, box, text, button, image…) as HTML cards.
// Every string goes in through textContent: bot messages may echo what a user typed.
"use strict";

const ChaengFlex = (() => {
  const SIZES = {xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, "3xl": 35, "4xl": 48, "5xl": 74};
  const SPACES = {none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20};
  const WIDTHS = {nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 386};

  function px(value, table) {
    if (value === undefined || value === null) return null;
    if (table && value in table) return table[value] + "px";
    return /^\d+(\.\d+)?(px|%)$/.test(String(value)) ? String(value) : null;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Flex children take `flex` as a grow factor; LINE's default is 1 in rows and 0 in columns.
  function applyFlex(node, part, parentLayout) {
    const grow = part.flex !== undefined ? part.flex : (parentLayout === "vertical" ? 0 : 1);
    node.style.flex = `${grow} ${grow} ${grow ? "0" : "auto"}`;
    if (grow) node.style.minWidth = "0";
    const margin = px(part.margin, SPACES);
    if (margin) node.style[parentLayout === "vertical" ? "marginTop" : "marginLeft"] = margin;
    for (const side of ["Top", "Bottom", "Start", "End"]) {
      const gap = px(part["offset" + side]);
      if (gap) {
        node.style.position = part.position === "absolute" ? "absolute" : "relative";
        node.style[{Top: "top", Bottom: "bottom", Start: "left", End: "right"}[side]] = gap;
      }
    }
  }

  function padding(node, part) {
    const all = px(part.paddingAll, SPACES);
    if (all) node.style.padding = all;
    for (const side of ["Top", "Bottom", "Start", "End"]) {
      const value = px(part["padding" + side], SPACES);
      if (value) node.style["padding" + {Top: "Top", Bottom: "Bottom", Start: "Left", End: "Right"}[side]] = value;
    }
  }

  function box(part, onAction) {
    const layout = part.layout || "vertical";
    const node = el("div", `flex-box flex-${layout}`);
    const gap = px(part.spacing, SPACES);
    if (gap) node.style.gap = gap;
    if (part.backgroundColor) node.style.backgroundColor = part.backgroundColor;
    if (part.borderColor) node.style.borderColor = part.borderColor;
    if (part.borderWidth) node.style.borderWidth = px(part.borderWidth, {none: 0, light: 0.5, normal: 1, medium: 2, "semi-bold": 3, bold: 4}) || "1px";
    if (part.cornerRadius) node.style.borderRadius = px(part.cornerRadius, SPACES) || "0";
    if (part.justifyContent) node.style.justifyContent = part.justifyContent;
    if (part.alignItems) node.style.alignItems = part.alignItems;
    padding(node, part);
    for (const child of part.contents || []) {
      const rendered = component(child, onAction, layout);
      if (rendered) node.appendChild(rendered);
    }
    clickable(node, part.action, onAction);
    return node;
  }

  function text(part, onAction) {
    const node = el("div", "flex-text");
    const spans = Array.isArray(part.contents) && part.contents.length ? part.contents : null;
    if (spans) {
      for (const span of spans) {
        const piece = el("span", "", span.text || "");
        style(piece, span);
        node.appendChild(piece);
      }
    } else {
      node.textContent = part.text || "";
    }
    style(node, part);
    node.classList.add(part.wrap ? "wrap" : "nowrap");
    if (part.maxLines) { node.style.webkitLineClamp = String(part.maxLines); node.classList.add("clamp"); }
    if (part.align) node.style.textAlign = {start: "left", end: "right", center: "center"}[part.align] || "left";
    clickable(node, part.action, onAction);
    return node;
  }

  function style(node, part) {
    const size = px(part.size, SIZES);
    if (size) node.style.fontSize = size;
    if (part.color) node.style.color = part.color;
    if (part.weight === "bold") node.style.fontWeight = "700";
    if (part.style === "italic") node.style.fontStyle = "italic";
    if (part.decoration && part.decoration !== "none") node.style.textDecoration = part.decoration;
  }

  function button(part, onAction) {
    const kind = part.style || "link";
    const node = el("button", `flex-button ${kind}${part.height === "sm" ? " small" : ""}`,
                    (part.action && part.action.label) || "");
    node.type = "button";
    if (part.color) node.style[kind === "link" ? "color" : "backgroundColor"] = part.color;
    if (kind === "secondary" && part.color) node.style.color = "#111";
    clickable(node, part.action, onAction);
    return node;
  }

  function image(part, onAction, className) {
    const node = el("img", className || "flex-image");
    node.src = part.url || "";
    node.alt = "";
    node.loading = "lazy";
    if (part.aspectRatio && /^\d+(\.\d+)?:\d+(\.\d+)?$/.test(part.aspectRatio)) {
      node.style.aspectRatio = part.aspectRatio.replace(":", " / ");
    }
    node.style.objectFit = part.aspectMode === "cover" ? "cover" : "contain";
    const size = px(part.size, {xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, "3xl": 180, "4xl": 200, "5xl": 240});
    if (part.size === "full") node.style.width = "100%"; else if (size) node.style.width = size;
    if (part.backgroundColor) node.style.backgroundColor = part.backgroundColor;
    node.addEventListener("error", () => node.classList.add("broken"));
    clickable(node, part.action, onAction);
    return node;
  }

  function component(part, onAction, parentLayout) {
    if (!part || typeof part !== "object") return null;
    let node;
    switch (part.type) {
      case "box": node = box(part, onAction); break;
      case "text": node = text(part, onAction); break;
      case "span": node = el("span", "", part.text || ""); style(node, part); break;
      case "button": node = button(part, onAction); break;
      case "image": node = image(part, onAction); break;
      case "icon": node = image(part, onAction, "flex-icon"); break;
      case "separator": node = el("hr", "flex-separator"); if (part.color) node.style.borderColor = part.color; break;
      case "filler": node = el("div", "flex-filler"); break;
      case "spacer": node = el("div"); node.style.height = px(part.size, SPACES) || "8px"; return node;
      case "video": return part.altContent ? component(part.altContent, onAction, parentLayout) : null;
      default: node = el("pre", "flex-unknown", JSON.stringify(part));
    }
    applyFlex(node, part, parentLayout);
    return node;
  }

  function clickable(node, action, onAction) {
    if (!action) return;
    node.classList.add("actionable");
    node.addEventListener("click", (event) => { event.stopPropagation(); onAction(action); });
  }

  function bubble(part, onAction) {
    const card = el("div", "flex-bubble");
    const width = WIDTHS[part.size || "mega"];
    if (width) card.style.width = width + "px";
    if (part.direction === "rtl") card.dir = "rtl";
    const styles = part.styles || {};
    for (const block of ["header", "hero", "body", "footer"]) {
      const content = part[block];
      if (!content) continue;
      const wrap = el("div", `flex-block flex-${block}`);
      const look = styles[block] || {};
      if (look.backgroundColor) wrap.style.backgroundColor = look.backgroundColor;
      if (look.separator) wrap.classList.add("separated");
      const rendered = content.type === "image" ? image(content, onAction, "flex-hero-image")
        : component(content, onAction, "vertical");
      if (rendered) wrap.appendChild(rendered);
      if (content.type === "box" && content.backgroundColor) wrap.style.backgroundColor = content.backgroundColor;
      card.appendChild(wrap);
    }
    clickable(card, part.action, onAction);
    return card;
  }

  function render(contents, onAction) {
    if (contents && contents.type === "carousel") {
      const row = el("div", "flex-carousel");
      for (const item of contents.contents || []) row.appendChild(bubble(item, onAction));
      return row;
    }
    return bubble(contents || {}, onAction);
  }

  return {render};
})();
