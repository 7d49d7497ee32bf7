"use strict";
// The report's filters: every control of #filters calls apply(), which
// hides claim rows, documents and indicator tables that do not match
// (their data-class, data-muni, data-year, data-doctype attributes), and
// subjects left without a visible claim; a narrowed view opens the
// subjects it shows. No network, no library.
(function () {
  var form = document.getElementById("filters");
  if (!form) {
    return;
  }
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  function apply() {
    var boxes = all("input[name=class]", form);
    var classes = {};
    boxes.forEach(function (box) {
      if (box.checked) {
        classes[box.value] = true;
      }
    });
    var muni = form.elements.muni.value;
    var year = form.elements.year.value;
    var type = form.elements.doctype.value;
    var kind = form.elements.kind.value;
    var query = form.elements.q.value.trim().toLowerCase();
    function placed(el) {
      return (!muni || el.dataset.muni === muni) &&
        (!year || el.dataset.year === year) &&
        (!type || el.dataset.doctype === type);
    }
    var byClaim = kind || query || boxes.some(function (box) { return !box.checked; });
    var narrowed = muni || year || type || byClaim;
    var shown = 0;
    all(".subject").forEach(function (subject) {
      var kinds = " " + subject.dataset.kinds + " ";
      var kindOk = !kind || kinds.indexOf(" " + kind + " ") >= 0;
      var n = 0;
      all("tr.claim", subject).forEach(function (row) {
        var visible = kindOk && placed(row) && classes[row.dataset.class] === true &&
          (!query || row.textContent.toLowerCase().indexOf(query) >= 0);
        row.hidden = !visible;
        if (visible) {
          n += 1;
        }
      });
      subject.hidden = n === 0;
      // A narrowed view opens what it found; the full view shows pilots
      // and projects open, the rest closed (data-open).
      subject.open = narrowed ? n > 0 : subject.dataset.open === "1";
      shown += n;
    });
    all("tr.doc, table.ind").forEach(function (el) {
      el.hidden = !placed(el);
    });
    // A year's heading goes when none of its tables is shown.
    all("h4.year").forEach(function (h) {
      h.hidden = !all("table.ind", h.parentNode).some(function (t) {
        return !t.hidden && t.dataset.muni === h.dataset.muni && t.dataset.year === h.dataset.year;
      });
    });
    // A municipality of another name goes, and so does one without a claim
    // shown when the claims are what is narrowed (class, kind, words).
    all("section.muni").forEach(function (section) {
      section.hidden = (muni !== "" && section.dataset.muni !== muni) ||
        (byClaim && section.querySelector("tr.claim:not([hidden])") === null);
    });
    document.getElementById("shown").textContent = String(shown);
  }
  function setClasses(on) {
    all("input[name=class]", form).forEach(function (box) {
      box.checked = on;
    });
    apply();
  }
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  document.getElementById("all-classes").addEventListener("click", function () {
    setClasses(true);
  });
  document.getElementById("no-classes").addEventListener("click", function () {
    setClasses(false);
  });
  apply();
})();
