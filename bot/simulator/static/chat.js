// The simulator page: sends what a LINE user does to /simulator/send and polls for the bot's answers.
"use strict";

(() => {
  const BASE = document.currentScript.dataset.base;  // "/simulator", whatever the mount point
  const STICKERS = JSON.parse(document.currentScript.dataset.stickers || "[]");
  const POLL_MS = 700;
  const MAX_PHOTO = 10 * 1024 * 1024;  // LINE's and the bot's photo limit
  const DEFAULT_USER = "U5157d2a4c0f3e8b9a1d6c7e2f4b8a903";
  const STORAGE_KEY = "chaeng-simulator-user";
  const $ = (id) => document.getElementById(id);
  const chat = $("chat"), quick = $("quick"), text = $("text"), userField = $("user-id");
  const photoInput = $("photo-input"), dialog = $("location-dialog");

  let userId = localStorage.getItem(STORAGE_KEY) || DEFAULT_USER;
  let lastId = 0, generation = 0, waitingSince = 0, polling = false;
  const shown = new Set();

  function el(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // Icons are inline SVG symbols from the page: no emoji font is needed to see them.
  function icon(name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    const use = document.createElementNS(svg.namespaceURI, "use");
    use.setAttribute("href", `#i-${name}`);
    svg.appendChild(use);
    svg.setAttribute("class", "glyph");
    return svg;
  }

  function place(message) {
    const card = el("div", "place");
    const title = el("strong", "", message.title || "");
    title.prepend(icon("pin"));
    card.append(title, el("div", "", message.address || ""),
                el("small", "", `${Number(message.latitude).toFixed(5)}, ${Number(message.longitude).toFixed(5)}`));
    return card;
  }

  // A sticker as LINE shows it: big and without a bubble (an emoji stands in for LINE's artwork).
  function sticker(message) {
    const known = STICKERS.find((s) => s.packageId === String(message.packageId) &&
                                       s.stickerId === String(message.stickerId));
    const node = el("div", "sticker", known ? known.glyph : "🙂");
    node.title = `sticker ${message.packageId}/${message.stickerId}`;
    return node;
  }

  function time(iso) {
    const when = new Date(iso);
    return isNaN(when) ? "" : when.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
  }

  // --- rendering ---------------------------------------------------------------------------------

  function userContent(row) {
    const event = row.payload || {}, message = event.message || {};
    if (row.kind === "image") {
      const img = el("img", "photo");
      img.src = `${BASE}/uploads/${encodeURIComponent(message.id)}`;
      img.alt = "photo";
      return img;
    }
    if (row.kind === "location") return place(message);
    if (row.kind === "sticker") return sticker(message);
    return el("div", "", row.shown || message.text || "");
  }

  function botContent(message) {
    switch (message.type) {
      case "text": return el("div", "", message.text);
      case "flex": {
        const card = ChaengFlex.render(message.contents, act);
        card.title = message.altText || "";
        return card;
      }
      case "image": {
        const img = el("img", "photo");
        img.src = message.previewImageUrl || message.originalContentUrl;
        img.alt = "image";
        return img;
      }
      case "location": return place(message);
      case "sticker": return sticker(message);
      default: return el("pre", "raw", JSON.stringify(message, null, 2));
    }
  }

  function systemLine(row) {
    const labels = {follow: "เพิ่มเพื่อนแล้ว (follow)", unfollow: "บล็อกแล้ว (unfollow)"};
    if (labels[row.kind]) return labels[row.kind];
    if (row.kind === "postback" && !row.shown) return `postback: ${row.payload.postback.data}`;
    return null;
  }

  function render(row) {
    if (shown.has(row.id)) return;
    shown.add(row.id);
    const note = row.direction === "user" ? systemLine(row) : null;
    let line;
    if (note) {
      line = el("div", "system", note);
    } else {
      const mine = row.direction === "user";
      const flex = !mine && row.payload.type === "flex";
      line = el("div", `line ${mine ? "me" : "bot"}${flex ? " wide" : ""}`);
      if (!mine) line.appendChild(el("span", "avatar", "แจ้ง"));
      const bubble = el("div", `bubble ${row.kind}`);
      bubble.appendChild(mine ? userContent(row) : botContent(row.payload));
      line.appendChild(bubble);
      line.appendChild(el("span", "meta", `${row.via ? row.via + " · " : ""}${time(row.createdAt)}`));
    }
    line.dataset.id = row.id;
    line.dataset.direction = row.direction;
    chat.appendChild(line);
  }

  function showQuickReplies(row) {
    quick.replaceChildren();
    const items = row && row.direction === "bot" && row.payload.quickReply ? row.payload.quickReply.items : [];
    const icons = {location: "pin", camera: "camera", cameraRoll: "photos"};
    for (const item of items || []) {
      const action = item.action || {};
      const chip = el("button", `chip chip-${action.type}`, action.label || "");
      if (icons[action.type]) chip.prepend(icon(icons[action.type]));
      chip.type = "button";
      chip.addEventListener("click", () => act(action));
      quick.appendChild(chip);
    }
    quick.hidden = !quick.childElementCount;
  }

  function notice(message) {
    const line = el("div", "system error", message);
    chat.appendChild(line);
    line.scrollIntoView({block: "end"});
  }

  function typing(on) {
    const dots = $("typing");
    if (on && !dots) {
      const line = el("div", "line bot typing-line");
      line.id = "typing";
      line.appendChild(el("span", "avatar", "แจ้ง"));
      line.appendChild(el("div", "bubble typing", "• • •"));
      chat.appendChild(line);
    } else if (!on && dots) {
      dots.remove();
    }
  }

  // --- talking to the app ------------------------------------------------------------------------

  async function poll() {
    if (polling) return;
    polling = true;
    const mine = generation;
    try {
      const answer = await fetch(`${BASE}/messages?userId=${encodeURIComponent(userId)}&after=${lastId}`);
      if (!answer.ok || mine !== generation) return;
      const rows = (await answer.json()).messages;
      if (!rows.length) {
        if (waitingSince && Date.now() - waitingSince > 20000) { waitingSince = 0; typing(false); }
        return;
      }
      typing(false);
      for (const row of rows) render(row);
      lastId = rows[rows.length - 1].id;
      const last = rows[rows.length - 1];
      if (last.direction === "bot") waitingSince = 0;
      showQuickReplies(last);
      if (waitingSince) typing(true);
      chat.lastElementChild.scrollIntoView({block: "end"});
    } catch (error) {
      console.warn("poll failed", error);
    } finally {
      polling = false;
    }
  }

  async function send(fields, photo) {
    let body, headers = {"X-Chaeng-Simulator": "1"};  // the server refuses sends without it
    if (photo) {
      body = new FormData();
      for (const [key, value] of Object.entries({userId, ...fields})) body.append(key, value);
      body.append("photo", photo, photo.name || "photo.jpg");
    } else {
      body = JSON.stringify({userId, ...fields});
      headers["Content-Type"] = "application/json";
    }
    try {
      const answer = await fetch(`${BASE}/send`, {method: "POST", body, headers});
      const result = await answer.json().catch(() => ({error: `HTTP ${answer.status}`}));
      if (!answer.ok) { notice(`ส่งไม่สำเร็จ: ${result.error}`); return; }
      if (fields.kind !== "unfollow") { waitingSince = Date.now(); }
      quick.replaceChildren();
      quick.hidden = true;
    } catch (error) {
      notice(`ส่งไม่สำเร็จ: ${error}`);
    }
    await poll();
  }

  // What a tap on a quick reply chip, a Flex button or a tappable area does in LINE.
  function act(action) {
    switch (action.type) {
      case "postback":
        send({kind: "postback", data: action.data, displayText: action.displayText || ""});
        break;
      case "message": send({kind: "text", text: action.text || action.label}); break;
      case "location": openLocation(); break;
      case "camera": case "cameraRoll": photoInput.click(); break;
      case "uri": window.open(action.uri, "_blank", "noopener"); break;
      default: notice(`action ${action.type} is not simulated`);
    }
  }

  // --- controls ----------------------------------------------------------------------------------

  function switchUser(id) {
    userId = id;
    localStorage.setItem(STORAGE_KEY, id);
    userField.value = id;
    generation += 1;
    lastId = 0;
    waitingSince = 0;
    shown.clear();
    chat.replaceChildren();
    showQuickReplies(null);
    poll();
    window.dispatchEvent(new Event("chaeng-user"));  // the rich menu follows the user
  }

  function randomUser() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "U" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function openLocation() {
    $("lat").value = $("lat").value || "13.7650";
    $("lon").value = $("lon").value || "100.5383";
    dialog.showModal();
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const body = text.value;
    if (!body.trim()) return;
    text.value = "";
    send({kind: "text", text: body});
  });
  $("photo").addEventListener("click", () => photoInput.click());
  // Photos picked together go as LINE sends them: one event each, sharing an imageSet id.
  photoInput.addEventListener("change", async () => {
    const files = Array.from(photoInput.files);
    photoInput.value = "";
    if (!files.length) return;
    if (files.some((file) => file.size > MAX_PHOTO)) {
      notice("รูปใหญ่เกิน 10 MB (photo larger than 10 MB)");
      return;
    }
    const setId = randomUser().slice(1).toUpperCase();
    for (const [index, file] of files.entries()) {
      const set = files.length > 1 ?
        {imageSetId: setId, imageSetIndex: index + 1, imageSetTotal: files.length} : {};
      await send({kind: "image", ...set}, file);
    }
  });
  $("location").addEventListener("click", openLocation);
  const stickers = $("stickers");
  $("sticker").addEventListener("click", () => {
    stickers.hidden = !stickers.hidden;
    $("sticker").setAttribute("aria-expanded", String(!stickers.hidden));
  });
  for (const choice of document.querySelectorAll(".sticker-choice")) {
    choice.addEventListener("click", () => {
      stickers.hidden = true;
      $("sticker").setAttribute("aria-expanded", "false");
      send({kind: "sticker", packageId: choice.dataset.packageId, stickerId: choice.dataset.stickerId});
    });
  }
  for (const preset of document.querySelectorAll(".preset")) {
    preset.addEventListener("click", () => {
      $("lat").value = preset.dataset.lat;
      $("lon").value = preset.dataset.lon;
      $("place-title").value = preset.dataset.title;
      $("place-address").value = preset.dataset.address;
    });
  }
  $("location-cancel").addEventListener("click", () => dialog.close());
  $("location-form").addEventListener("submit", (event) => {
    event.preventDefault();
    dialog.close();
    send({kind: "location", latitude: $("lat").value, longitude: $("lon").value,
          title: $("place-title").value, address: $("place-address").value});
  });
  $("follow").addEventListener("click", () => send({kind: "follow"}));
  $("unfollow").addEventListener("click", () => send({kind: "unfollow"}));
  $("new-user").addEventListener("click", () => switchUser(randomUser()));
  userField.addEventListener("change", () => {
    const id = userField.value.trim();
    if (/^U[0-9a-f]{32}$/.test(id)) switchUser(id); else { userField.value = userId; notice("userId: U + 32 hex"); }
  });

  window.chaengSimulator = {act, userId: () => userId};  // for richmenu.js
  switchUser(userId);
  setInterval(poll, POLL_MS);
})();
