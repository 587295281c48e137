// docgen web: add and remove rows of the record form's tables (no build step, no library).
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest("button");
  if (!button) return;
  if (button.classList.contains("add-row")) {
    var box = button.closest(".rows");
    var tbody = box.querySelector("tbody");
    var prefix = button.dataset.prefix + "[";
    var next = 0;
    box.querySelectorAll("tbody [name]").forEach(function (el) {
      if (el.name.indexOf(prefix) === 0) {
        next = Math.max(next, parseInt(el.name.slice(prefix.length), 10) + 1);
      }
    });
    var html = box.querySelector("template").innerHTML.split("__i__").join(String(next));
    tbody.insertAdjacentHTML("beforeend", html);
    var first = tbody.lastElementChild.querySelector("input, textarea, select");
    if (first) first.focus();
  } else if (button.classList.contains("remove-row")) {
    // "Xóa" hides the row and disables its inputs (so it is not sent) behind a "Hoàn tác" line
    var row = button.closest("tr");
    var first = row.querySelector("input[type=text], textarea");
    var what = first && first.value.trim() ? "«" + first.value.trim().slice(0, 60) + "»" : "trống";
    row.hidden = true;
    row.classList.add("removed-row");
    row.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = true; });
    var note = document.createElement("tr");
    note.className = "undo-row";
    var cell = document.createElement("td");
    cell.colSpan = row.children.length;
    cell.textContent = "Đã xóa dòng " + what + ". ";
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "undo-remove";
    undo.textContent = "Hoàn tác";
    cell.appendChild(undo);
    note.appendChild(cell);
    row.after(note);
    undo.focus();
  } else if (button.classList.contains("undo-remove")) {
    var line = button.closest("tr");
    var back = line.previousElementSibling;
    back.hidden = false;
    back.classList.remove("removed-row");
    back.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = false; });
    line.remove();
    var again = back.querySelector("input, textarea, select");
    if (again) again.focus();
  } else if (button.dataset.setAll !== undefined) {
    // Clean review: also accept every edit at or above a confidence; the clerk's own ticks and
    // unticks stay as they are (the button only adds: an edit the clerk unticked is not re-ticked)
    var limit = parseFloat(document.getElementById("accept-threshold").value.replace(",", "."));
    if (isNaN(limit)) return;
    document.querySelectorAll("input.accept[data-confidence]").forEach(function (box) {
      if (!box.checked && !box.dataset.touched && parseFloat(box.dataset.confidence) >= limit) {
        box.checked = true;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
});
document.addEventListener("change", function (event) {
  var box = event.target;
  if (box.classList && box.classList.contains("file-input")) {
    // the chosen file's name beside the Vietnamese "Chọn tệp…" button
    var shown = document.getElementById(box.id + "-name");
    if (shown) shown.textContent = box.files.length ? "Đã chọn: " + box.files[0].name : "Chưa chọn tệp nào";
    var drop = document.getElementById(box.id + "-drop");
    if (drop) drop.checked = false;
    return;
  }
  if (box.classList && box.classList.contains("accept")) {
    if (event.isTrusted) box.dataset.touched = "1";  // the clerk's own choice, kept by the threshold button
    var mark = document.getElementById("edit-" + box.value);
    if (mark) mark.classList.toggle("rejected", !box.checked);
    var count = document.getElementById("accepted-count");
    if (count) count.textContent = document.querySelectorAll("input.accept:checked").length;
  }
});
document.addEventListener("submit", function (event) {
  // Clean: reading a scan takes a few seconds a page; show that the work is going on
  if (event.target.id !== "clean-form") return;
  var progress = document.getElementById("clean-progress");
  if (progress) progress.hidden = false;
  var button = document.getElementById("clean-submit");
  if (button) button.disabled = true;
});
document.addEventListener("DOMContentLoaded", function () {
  // Produced documents: an image of every page (page 1 is in the HTML; the others are added
  // once their number is known, and load lazily as the clerk scrolls)
  document.querySelectorAll(".pages[data-pages]").forEach(function (box) {
    fetch(box.dataset.pages, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (info) {
        if (!info) return;
        box.dataset.count = info.pages;
        var note = box.querySelector(".pages-note");
        info.images.slice(1).forEach(function (src, k) {
          var fig = document.createElement("figure");
          fig.className = "page-figure";
          var img = document.createElement("img");
          img.className = "page";
          img.loading = "lazy";
          img.width = 620;
          img.src = src;
          img.alt = "Trang " + (k + 2) + " của " + box.dataset.name;
          var cap = document.createElement("figcaption");
          cap.textContent = "Trang " + (k + 2) + " / " + info.pages;
          fig.appendChild(img);
          fig.appendChild(cap);
          box.insertBefore(fig, note);
        });
        var first = box.querySelector("figcaption");
        if (first) first.textContent = "Trang 1 / " + info.pages;
      });
  });
});
