// A batch's page: ask for its state every two seconds and show each file's as it changes, until all are finished.
(function () {
  var box = document.getElementById("batch");
  if (!box || box.dataset.done === "1") return;
  var rows = document.getElementById("jobs");
  function cell(row, name) { return row.querySelector("td." + name); }
  function update(data) {
    document.getElementById("progress").max = data.total;
    document.getElementById("progress").value = data.finished;
    var parts = [data.finished + "/" + data.total + " 个文件已处理"];
    Object.keys(data.counts).forEach(function (k) { parts.push(k + " " + data.counts[k]); });
    document.getElementById("summary").textContent = parts.join("；");
    data.jobs.forEach(function (job) {
      var row = rows.querySelector('tr[data-job="' + job.id + '"]');
      if (!row) return;
      row.className = job.state;
      cell(row, "state").textContent = job.state_label;
      var result = cell(row, "result");
      result.textContent = "";
      if (job.report) {
        var a = document.createElement("a");
        a.href = job.report;
        a.textContent = "查看报告";
        result.appendChild(a);
      } else if (job.error) {
        result.textContent = job.error;
      }
    });
    if (data.done) box.dataset.done = "1";
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { update(data); if (!data.done) setTimeout(poll, 2000); })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
