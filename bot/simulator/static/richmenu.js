// The rich menu under the chat, as LINE shows it: the bot's image, tappable areas, a bar to fold it.
(() => {
  "use strict";
  const BASE = document.currentScript.dataset.base;
  const box = document.getElementById("richmenu");
  const bar = document.getElementById("richmenu-bar");
  const panel = document.getElementById("richmenu-panel");
  let shownId = null;

  function draw(menu) {
    shownId = menu ? menu.richMenuId : null;
    box.hidden = !menu;
    if (!menu) return;
    bar.textContent = `${menu.chatBarText} ▾`;
    panel.hidden = !menu.selected;
    const image = document.createElement("img");
    image.src = `${BASE}/${menu.image}`;
    image.alt = menu.chatBarText;
    const areas = menu.areas.map((area) => {
      const b = area.bounds, button = document.createElement("button");
      button.type = "button";
      button.className = "richmenu-area";
      button.title = area.action.displayText || area.action.text || area.action.label || area.action.type;
      Object.assign(button.style, {left: `${100 * b.x / menu.size.width}%`, top: `${100 * b.y / menu.size.height}%`,
                                   width: `${100 * b.width / menu.size.width}%`, height: `${100 * b.height / menu.size.height}%`});
      button.addEventListener("click", () => window.chaengSimulator.act(area.action));
      return button;
    });
    panel.replaceChildren(image, ...areas);
  }

  async function refresh() {
    const user = window.chaengSimulator && window.chaengSimulator.userId();
    if (!user) return;
    try {
      const answer = await fetch(`${BASE}/richmenu?userId=${encodeURIComponent(user)}`);
      if (!answer.ok) return;
      const menu = (await answer.json()).menu;
      if ((menu ? menu.richMenuId : null) !== shownId) draw(menu);
    } catch (error) {
      console.warn("rich menu refresh failed", error);
    }
  }

  bar.addEventListener("click", () => { panel.hidden = !panel.hidden; });
  window.addEventListener("chaeng-user", () => { shownId = undefined; refresh(); });
  refresh();
  setInterval(refresh, 3000);
})();
