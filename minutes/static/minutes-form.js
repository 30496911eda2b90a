// The minutes form, made better with JavaScript (it works without it):
// live roll-call counts, saving on leaving a section and every 30 s while typing,
// and a copy of unsaved work in the browser's storage, offered back after a reload
// and saved once the connection returns (one save id, so never saved twice).
(function () {
  "use strict";
  var form = document.getElementById("minutes-form");
  if (!form || form.dataset.editable !== "true") return;
  var meetingId = form.dataset.meeting;
  var storageKey = "minutes-draft-" + meetingId;  // work not yet sent (app.js counts them at sign-out)
  var sentKey = "minutes-sent-" + meetingId;  // what this phone last saved, for a kept copy older than it
  var stateLine = document.getElementById("save-state");
  var dirty = false, saving = false, lastSave = Date.now(), sendAfterSave = false, handAfter = false;
  var edits = 0;  // every change she makes: a save knows which of them it carried
  var T = JSON.parse(form.dataset.texts || "{}");

  function say(text) { if (stateLine) stateLine.textContent = text; }
  function field(name) { return form.elements.namedItem(name); }

  function snapshot() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) { if (name !== "csrf_token") pairs.push([name, String(value)]); });
    return pairs;
  }

  var savedPairs = null;  // the minutes as the server last confirmed them
  var SAVE_AGAIN_MS = 2000;  // typing that came in during a save goes this soon after it

  // Whether two snapshots hold the same minutes (the version and the save's id aside): an event
  // that fired without changing a word is no new typing.
  function sameMinutes(one, other) {
    function text(pairs) {
      return JSON.stringify(pairs.filter(function (pair) { return pair[0] !== "version" && pair[0] !== "client_save_id"; }));
    }
    return text(one) === text(other);
  }

  function keepDraft() {
    var draft = { baseVersion: field("version").value, saveId: field("client_save_id").value, at: Date.now(), fields: snapshot() };
    try { localStorage.setItem(storageKey, JSON.stringify(draft)); } catch (e) { /* storage full: the server copy remains */ }
  }

  function changed() { dirty = true; edits += 1; keepDraft(); }

  function dropDraft() { try { localStorage.removeItem(storageKey); } catch (e) { /* nothing to drop */ } }

  function keepSent(version, pairs) {
    var sent = { version: version, fields: pairs.filter(function (p) { return p[0] !== "version" && p[0] !== "client_save_id"; }) };
    try { localStorage.setItem(sentKey, JSON.stringify(sent)); } catch (e) { /* storage full: the server copy remains */ }
  }

  function newSaveId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The server writes the findings (the same template as the page); the script only swaps them in.
  function showFindings(itemsBySection) {
    document.querySelectorAll("ul.findings").forEach(function (list) {
      list.innerHTML = itemsBySection[list.dataset.findings] || "";
    });
    countProblems();
  }

  // The sticky bar says how many problems remain; it and the summary link to them.
  function countProblems() {
    var summary = document.querySelector('ul.findings[data-findings="*"]');
    var counter = document.getElementById("problem-count");
    if (!summary || !counter) return;
    var words = counter.dataset.template
      .replace("{errors}", summary.querySelectorAll("li.error").length)
      .replace("{warnings}", summary.querySelectorAll("li.warning").length);
    counter.textContent = words;
    document.querySelectorAll('[data-problems="text"]').forEach(function (el) { el.textContent = words; });
    var card = document.getElementById("findings-summary");
    if (card) card.hidden = summary.children.length === 0;
  }

  // "Lưu" saves in place, where the secretary is, as the automatic saves do; a save the server
  // refuses (a field to correct, a colleague's save to compare) goes as the page without script
  // sends it, so that the page shows the marked fields or the two versions side by side.
  function save(byHand) {
    if (saving) { handAfter = handAfter || byHand; return; }  // "Lưu" pressed during an automatic save: next
    if (!dirty && !byHand) return;
    if (!byHand && savedPairs && sameMinutes(snapshot(), savedPairs)) { dirty = false; dropDraft(); return; }  // nothing new to send
    if (!navigator.onLine) { keepDraft(); sendAfterSave = false; say(T.offline); return; }
    saving = true; lastSave = Date.now(); say(T.saving);
    var carried = edits, sentPairs = snapshot();
    // URL-encoded, as the page itself sends it: a third of multipart's weight on a weak link.
    var body = new URLSearchParams(new FormData(form));
    if (!byHand) body.append("autosave", "1");  // a working copy: the version list groups them by sitting
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 409 || response.status === 422) sendAfterSave = false;  // she must see why first
        if (byHand && (response.status === 409 || response.status === 422)) { keepDraft(); form.submit(); return null; }
        if (response.status === 409) { say(T.conflict); return null; }
        if (response.status === 422) { say(T.refused); return null; }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (result) {
        if (!result) return;
        field("version").value = result.version;
        field("client_save_id").value = newSaveId();
        // What she typed while the save was on its way is not in it: it stays unsaved, and kept.
        var behind = edits !== carried && !sameMinutes(snapshot(), sentPairs);
        if (behind) { keepDraft(); } else { dirty = false; dropDraft(); }
        keepSent(result.version, sentPairs);
        if (result.merged) { window.location.reload(); return; }  // show what the colleague added
        savedPairs = sentPairs;
        // Never "saved" alone beside typing the server does not have: it is named, and sent shortly.
        say(T.saved + result.version + "." + (behind ? " " + T.savedBehind : ""));
        if (behind) setTimeout(function () { save(); }, SAVE_AGAIN_MS);
        showFindings(result.findings_html || {});
        var sent = document.getElementById("sent-summary");
        if (sent && result.sent_html) sent.innerHTML = result.sent_html;
        var sending = document.getElementById("submit-version");
        if (sending) sending.value = result.version;  // the version the summary now names is the one sent
        var submitStep = document.getElementById("submit-step");
        if (submitStep) submitStep.hidden = false;  // saved once, the minutes may be sent
        if (submitStep && sendAfterSave) {
          if (dirty) { handAfter = true; } else { sendAfterSave = false; submitStep.submit(); }  // her latest typing first
        }
      })
      .catch(function () { sendAfterSave = false; say(navigator.onLine ? T.failed : T.offline); })
      .then(function () {
        saving = false;
        if (handAfter) { handAfter = false; if (dirty) save(true); }  // nothing new since: that save was hers
      });
  }

  // The draft keeps the version it started from: if someone saved since, the server refuses
  // the save (409) and the secretary compares the two, instead of the draft overwriting theirs.
  function restore(draft) {
    fill(draft.fields);
    field("client_save_id").value = draft.saveId;
    changed(); recount(); say(T.restored); save();
  }

  function fill(fields) {
    fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      var element = field(name);
      if (!element) return;
      if (element instanceof RadioNodeList) {
        Array.prototype.forEach.call(element, function (radio) { radio.checked = radio.value === value; });
      } else if (element.type === "radio" || element.type === "checkbox") {
        element.checked = element.value === value;
      } else {
        element.value = value;
      }
    });
  }

  // Opened with no signal, the page is the copy the phone kept, which may be older than what this
  // phone saved since: show what the server has from this phone, with the version it has.
  function catchUp() {
    var sent;
    try { sent = JSON.parse(localStorage.getItem(sentKey) || "null"); } catch (e) { sent = null; }
    if (!sent) return;
    if (Number(sent.version) <= Number(field("version").value)) { localStorage.removeItem(sentKey); return; }
    fill(sent.fields);
    field("version").value = sent.version;
    say(T.saved + sent.version + ".");
  }

  function offerDraft() {
    var draft;
    try { draft = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.fields) return;
    var now = snapshot().map(function (p) { return p.join("="); }).filter(function (p) { return p.indexOf("client_save_id=") !== 0; }).join("&");
    var then = draft.fields.map(function (p) { return p.join("="); }).filter(function (p) { return p.indexOf("client_save_id=") !== 0 && p.indexOf("version=") !== 0; }).join("&");
    if (now.replace(/(^|&)version=[^&]*/, "") === then) { dropDraft(); return; }
    var box = document.createElement("div");
    box.className = "flash draft-offer";
    box.setAttribute("role", "alert");
    var when = new Date(draft.at);
    box.appendChild(document.createTextNode(T.restore + " (" + when.toLocaleTimeString("vi-VN") + "). "));
    [[T.restoreYes, function () { restore(draft); }], [T.restoreNo, function () { dropDraft(); }]].forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button"; button.textContent = choice[0];
      button.className = choice[0] === T.restoreYes ? "" : "secondary";
      button.addEventListener("click", function () { choice[1](); box.remove(); });
      box.appendChild(button);
    });
    form.parentNode.insertBefore(box, form);
  }

  var NOT_EXPECTED = { exempt: 1, elsewhere: 1, suspended: 1 };  // DOMAIN A.5: outside the rate's base
  var asPercent = new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 1 });

  function recount() {
    var counts = { present: 0, present_official: 0, present_probationary: 0, base: 0 };
    form.querySelectorAll("ol.roll-call > li").forEach(function (row) {
      var chosen = row.querySelector("input[type=radio]:checked");
      if (!chosen || !NOT_EXPECTED[chosen.value]) counts.base += 1;
      if (chosen && chosen.value === "present") {
        counts.present += 1;
        counts[row.dataset.memberStatus === "probationary" ? "present_probationary" : "present_official"] += 1;
      }
    });
    counts.eligible = counts.present_official;
    counts.rate = counts.base ? asPercent.format(100 * counts.present / counts.base) + "%" : "—";
    Object.keys(counts).forEach(function (key) {
      document.querySelectorAll('[data-count="' + key + '"]').forEach(function (el) { el.textContent = counts[key]; });
    });
  }

  // Lists grow and shrink as the meeting went: one more opinion, task or delegate than the blank
  // lines the page brought, and a line typed by mistake taken out (a saved task stays: dropping it
  // asks for a reason, in its note).
  var GROWING = [["opinion", T.addOpinion], ["task", T.addTask], ["delegate", T.addDelegate]];

  function renumber(row, number) {
    row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = el.getAttribute(attribute);
        if (value && /_\d+$/.test(value)) el.setAttribute(attribute, value.replace(/_\d+$/, "_" + number));
      });
    });
  }

  function blank(row) {
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.tagName === "SELECT") el.selectedIndex = 0;
      else if (el.type === "hidden" && /^task_status_/.test(el.name)) el.value = "open";
      else if (el.type === "hidden" && /^opinion_section_/.test(el.name)) return;
      else el.value = "";
    });
  }

  function removable(row) {
    var id = row.querySelector('input[name^="task_id_"]');
    if (id && id.value) return;
    var button = document.createElement("button");
    button.type = "button"; button.className = "secondary small"; button.textContent = T.removeRow;
    button.addEventListener("click", function () {
      row.remove(); changed(); refreshSpeakers();
    });
    row.appendChild(button);
  }

  function growable(kind, label) {
    var rows = form.querySelectorAll(".repeat." + kind);
    if (!rows.length) return;
    rows.forEach(removable);
    var add = document.createElement("button");
    add.type = "button"; add.className = "secondary"; add.textContent = label;
    add.addEventListener("click", function () {
      var all = form.querySelectorAll(".repeat." + kind), last = all[all.length - 1];
      var copy = last.cloneNode(true);
      copy.querySelectorAll("button").forEach(function (b) { b.remove(); });
      var highest = 0;
      form.querySelectorAll(".repeat." + kind + " [name]").forEach(function (el) {
        var found = /_(\d+)$/.exec(el.name);
        if (found) highest = Math.max(highest, Number(found[1]));
      });
      renumber(copy, highest + 1); blank(copy); removable(copy);
      last.parentNode.insertBefore(copy, add);
      var first = copy.querySelector("textarea, input:not([type=hidden]), select");
      if (first) first.focus();
    });
    rows[rows.length - 1].parentNode.insertBefore(add, rows[rows.length - 1].nextSibling);
  }

  // A delegate just typed in may speak at once: every speaker list offers the delegates as typed.
  function refreshSpeakers() {
    var names = [];
    form.querySelectorAll('.repeat.delegate input[name^="delegate_name_"]').forEach(function (input) {
      var name = input.value.trim();
      if (name && names.indexOf(name) < 0) names.push(name);
    });
    form.querySelectorAll('select[name^="opinion_speaker_"]').forEach(function (select) {
      var chosen = select.value;
      select.querySelectorAll('option[value^="d:"]').forEach(function (option) { option.remove(); });
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = "d:" + name; option.textContent = name + " (" + T.delegate + ")";
        select.appendChild(option);
      });
      select.value = chosen;
      if (select.value !== chosen) select.selectedIndex = 0;
    });
  }

  GROWING.forEach(function (pair) { growable(pair[0], pair[1]); });
  form.addEventListener("input", function (event) {
    if (event.target.name && event.target.name.indexOf("delegate_name_") === 0) refreshSpeakers();
  });

  var markAll = document.getElementById("mark-present");
  if (markAll) {
    markAll.hidden = false;
    markAll.addEventListener("click", function () {
      form.querySelectorAll("ol.roll-call > li").forEach(function (row) {
        if (!row.querySelector("input[type=radio]:checked")) row.querySelector('input[value="present"]').checked = true;
      });
      changed(); recount();
    });
  }

  // Only the minutes' own fields are edits (the bar's list of parts, which has no name, is not).
  form.addEventListener("input", function (event) {
    if (!event.target.name) return;
    changed();
    if (Date.now() - lastSave > 30000) save();
  });
  form.addEventListener("change", function (event) {
    if (!event.target.name) return;
    changed();
    if (event.target.type === "radio") recount();
  });
  form.querySelectorAll(".section").forEach(function (section) {
    section.addEventListener("focusout", function (event) {
      if (!section.contains(event.relatedTarget)) save();
    });
  });
  form.addEventListener("submit", function (event) {
    keepDraft();
    if (!window.fetch || event.submitter && event.submitter.id !== "save-button") return;
    event.preventDefault();
    save(true);
  });
  // Sending what is typed, not only what was saved: unsaved typing is saved first, then sent.
  var submitStep = document.getElementById("submit-step");
  if (submitStep) submitStep.addEventListener("submit", function (event) {
    if (!dirty || !window.fetch) return;
    event.preventDefault();
    sendAfterSave = true;
    save(true);
  });

  // Where she is: the bar names the part on screen and steps to the part before or after it.
  function sectionSteps() {
    var steps = document.getElementById("section-steps");
    var parts = Array.prototype.slice.call(form.querySelectorAll("section.section"));
    if (!steps || !parts.length) return;
    var select = steps.querySelector("select");
    steps.hidden = false;
    function onScreen() {
      var line = window.innerHeight / 3, found = 0;
      parts.forEach(function (part, index) { if (part.getBoundingClientRect().top <= line) found = index; });
      return found;
    }
    function go(index) {
      index = Math.max(0, Math.min(parts.length - 1, index));
      parts[index].scrollIntoView({ block: "start" });
      select.selectedIndex = index;
    }
    steps.querySelectorAll("button[data-step]").forEach(function (button) {
      button.addEventListener("click", function () { go(onScreen() + Number(button.dataset.step)); });
    });
    select.addEventListener("change", function () { go(select.selectedIndex); });
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; select.selectedIndex = onScreen(); });
    }, { passive: true });
    select.selectedIndex = onScreen();
  }

  window.addEventListener("online", function () { save(); });
  window.addEventListener("offline", function () { say(T.offline); });
  setInterval(function () { if (dirty) save(); }, 30000);
  if (window.location.hash === "#saved") dropDraft();
  catchUp();
  sectionSteps();
  offerDraft();
  recount();
})();
