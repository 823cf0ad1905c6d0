// The year's report: a figure's sentence inserted where the cursor last stood in the narrative (一、总体情况 at
// first).
(function () {
  var areas = document.querySelectorAll("form.year-entry textarea");
  if (!areas.length) return;
  var last = areas[0];
  areas.forEach(function (area) { area.addEventListener("focus", function () { last = area; }); });
  document.querySelectorAll("button.insert").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.dataset.text, at = last.selectionStart || last.value.length;
      last.value = last.value.slice(0, at) + text + last.value.slice(last.selectionEnd || at);
      last.focus();
      last.selectionStart = last.selectionEnd = at + text.length;
    });
  });
})();
