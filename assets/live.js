// Live updates over the portal's websocket. Server messages name the parts of
// pages they touch ("order:1042", "balance", "product:17"); those parts are
// fetched again from the server, in the user's language, and swapped in
// place with a short highlight. The connection comes back by itself with
// growing pauses and resumes after the last event it saw.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-live-url");
  if (!url || !window.WebSocket) { return; }

  var indicator = document.querySelector("[data-live-indicator]");
  var lastID = parseInt(sessionStorage.getItem("pd-live-last") || "0", 10) || 0;
  // The furthest position seen, "txid.id" (the outbox's order: an event of a
  // transaction that commits late can have a lower id than one already seen).
  var lastCursor = sessionStorage.getItem("pd-live-cursor") || "";
  function later(a, b) { // is cursor a after cursor b?
    if (!b) { return true; }
    var x = a.split("."), y = b.split(".");
    var tx = parseInt(x[0], 10), ty = parseInt(y[0], 10);
    return tx > ty || tx === ty && parseInt(x[1], 10) > parseInt(y[1], 10);
  }
  var seen = {};
  var attempt = 0;
  var pending = {};
  var timer = null;

  function setLive(on) {
    if (!indicator) { return; }
    indicator.hidden = false;
    indicator.classList.toggle("off", !on);
    indicator.textContent = indicator.getAttribute(on ? "data-text-on" : "data-text-off");
  }

  function toast(text) {
    var box = document.querySelector("[data-toasts]");
    if (!box || !text) { return; }
    var el = document.createElement("div");
    el.className = "toast";
    el.textContent = text;
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, 6000);
    notice(text);
  }

  // The header's notification list keeps this tab's recent messages.
  function notice(text) {
    var box = document.querySelector("[data-notices]");
    if (!box) { return; }
    box.hidden = false;
    var list = box.querySelector("[data-notices-list]");
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }) + " · " + text;
    list.prepend(li);
    while (list.children.length > 20) { list.lastChild.remove(); }
    box.querySelector("[data-notices-empty]").hidden = true;
    if (document.body.hasAttribute("data-staff")) {
      // Staff have no notification list: the bell counts this tab's messages.
      var count = box.querySelector("[data-notices-count]");
      count.textContent = String(parseInt(count.textContent, 10) + 1);
    }
  }

  // Sections on this page that a key touches.
  function sectionsFor(key) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-live-section]"), function (el) {
      return el.getAttribute("data-live-section").split(" ").indexOf(key) >= 0;
    });
  }

  function refresh(all) {
    var keys = Object.keys(pending);
    pending = {};
    timer = null;
    var targets = all ? Array.prototype.slice.call(document.querySelectorAll("[data-live-section][id]"))
      : keys.reduce(function (acc, k) { return acc.concat(sectionsFor(k)); }, []).filter(function (el) { return el.id; });
    if (!targets.length) { return; }
    fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        targets.forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (!fresh || fresh.innerHTML === el.innerHTML) { return; }
          var node = document.importNode(fresh, true);
          node.classList.add("flash-change");
          el.replaceWith(node);
          if (node.hasAttribute("data-cart-line")) {
            var note = document.querySelector("[data-cart-changed]");
            if (note) { note.hidden = false; }
          }
        });
      })
      .catch(function () {});
  }

  function schedule(keys) {
    keys.forEach(function (k) { if (sectionsFor(k).length) { pending[k] = true; } });
    if (Object.keys(pending).length && !timer) { timer = setTimeout(function () { refresh(false); }, 250); }
  }

  var current = null;
  // The chat drawer sends its messages over this socket.
  // Messages sent before the socket is open (a chat message typed right
  // after the page loaded, or while reconnecting) wait and go on open.
  var outbox = [];
  window.pdLive = {
    send: function (obj) {
      if (current && current.readyState === 1) { current.send(JSON.stringify(obj)); return true; }
      if (outbox.length >= 5) { return false; }
      outbox.push(JSON.stringify(obj));
      return true;
    }
  };

  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    // The products this page shows: only their stock and price changes come.
    var products = {};
    document.querySelectorAll("[data-live-section]").forEach(function (el) {
      el.getAttribute("data-live-section").split(" ").forEach(function (k) {
        var m = /^product:(\d+)$/.exec(k);
        if (m) { products[m[1]] = true; }
      });
    });
    var query = "?products=" + Object.keys(products).slice(0, 1000).join(",") +
      (lastCursor ? "&cursor=" + lastCursor : lastID ? "&after=" + lastID : "");
    var ws = new WebSocket(proto + "//" + location.host + url + query);
    current = ws;
    ws.onopen = function () {
      setLive(true);
      while (outbox.length) { ws.send(outbox.shift()); }
      if (attempt > 0) { refresh(true); } // back after a gap: resync everything shown
      attempt = 0;
    };
    // A frame is a JSON array of messages (one delivery's share for this page).
    ws.onmessage = function (ev) {
      var list;
      try { list = JSON.parse(ev.data); } catch (e) { return; }
      if (!Array.isArray(list)) { list = [list]; }
      list.forEach(receive);
    };
    function receive(m) {
      if (!m) { return; }
      if (m.kind === "chat.reply") {
        document.dispatchEvent(new CustomEvent("pd-chat", { detail: m.data }));
        return;
      }
      if (seen[m.id]) { return; }
      seen[m.id] = true;
      if (m.kind === "chat.message" && m.data && m.data.author !== "customer") {
        // A manager's message (or the bot's notice) outside an answer: into
        // the drawer; no toast over an open drawer that shows it anyway.
        document.dispatchEvent(new CustomEvent("pd-chat", { detail: m.data }));
        var drawer = document.querySelector("[data-chat-drawer]");
        if (drawer && !drawer.hidden) { m.toast = ""; }
      }
      if (m.id > lastID) { lastID = m.id; sessionStorage.setItem("pd-live-last", String(lastID)); }
      if (m.cursor && later(m.cursor, lastCursor)) { lastCursor = m.cursor; sessionStorage.setItem("pd-live-cursor", lastCursor); }
      schedule(m.keys || []);
      if (m.toast) { toast(m.toast); }
    }
    ws.onclose = function () {
      setLive(false);
      attempt++;
      var wait = Math.min(30000, 500 * Math.pow(2, attempt)) * (0.7 + Math.random() * 0.6);
      setTimeout(connect, wait);
    };
  }
  connect();
})();
