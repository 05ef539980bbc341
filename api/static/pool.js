// The recruiter's pool page (api/templates/ranking.html): uploads with a progress bar, and
// status buttons that save without reloading. The page works without this script; with it,
// an upload becomes a background job (POST ... background=true, then polling the job) so
// that a zip of hundreds of CVs never waits on one long request.
//
// Requests carry the page's own credentials (the sign-in cookie, same origin) and ask for
// JSON. Text from the server is written with textContent, never as HTML: file names and
// notes come from other people.
"use strict";

(function () {
  const JSON_ACCEPT = { Accept: "application/json" };
  const POLL_MS = 700;

  function errorText(body, fallback) {
    return body && body.error && body.error.message ? body.error.message : fallback;
  }

  function setProgress(bar, text, message, done, total) {
    bar.hidden = false;
    bar.max = Math.max(total, 1);
    bar.value = Math.min(done, bar.max);
    text.textContent = message;
  }

  function listItems(list, items) {
    list.replaceChildren();
    for (const line of items) {
      const li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    }
  }

  function showReport(box, result) {
    box.replaceChildren();
    const head = document.createElement("p");
    const added = document.createElement("strong");
    added.id = "intake-added";
    added.textContent = result.added + " CV(s) added.";
    const refresh = document.createElement("a");
    refresh.id = "intake-refresh";
    refresh.href = window.location.pathname + window.location.search;
    refresh.textContent = "Show the ranking";
    head.append(added, " ", refresh);
    box.appendChild(head);
    const sections = [
      ["intake-duplicates", "Not added, already in the pool:", result.duplicates.map(
        (d) => d.source + " — same as " + d.same_as + (d.kind === "near_copy" ? " (near copy)" : ""))],
      ["intake-skipped", "Not read:", result.skipped.map((s) => s.source + " — " + s.reason)],
    ];
    for (const [id, title, lines] of sections) {
      if (!lines.length) continue;
      const p = document.createElement("p");
      p.textContent = title;
      const ul = document.createElement("ul");
      ul.id = id;
      listItems(ul, lines);
      box.append(p, ul);
    }
    box.hidden = false;
  }

  function send(form, bar, text) {
    // XMLHttpRequest, not fetch: only it reports the bytes sent while the zip uploads.
    return new Promise((resolve, reject) => {
      const data = new FormData(form);
      data.set("background", "true");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.withCredentials = true;
      xhr.setRequestHeader("Accept", "application/json");
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) {
          setProgress(bar, text, "Uploading…", event.loaded, event.total);
        }
      });
      xhr.addEventListener("load", () => {
        if (xhr.status === 202) resolve(xhr.response);
        else reject(new Error(errorText(xhr.response, "The upload was refused.")));
      });
      xhr.addEventListener("error", () => reject(new Error("The upload did not reach the server.")));
      xhr.send(data);
    });
  }

  async function follow(jobUrl, bar, text) {
    for (;;) {
      const response = await fetch(jobUrl, { credentials: "same-origin", headers: JSON_ACCEPT });
      const job = await response.json();
      if (!response.ok) throw new Error(errorText(job, "The upload's progress is unknown."));
      if (job.state === "failed") throw new Error(errorText(job, "The upload failed."));
      const verb = job.phase === "storing" ? "Storing" : "Reading";
      setProgress(bar, text, verb + " CVs: " + job.done + " of " + job.total, job.done, job.total);
      if (job.state === "done" || job.state === "cancelled") return job;
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
    }
  }

  function setupUpload() {
    const form = document.getElementById("pool-upload");
    if (!form) return;
    const bar = document.getElementById("pool-progress");
    const text = document.getElementById("pool-progress-text");
    const button = document.getElementById("pool-upload-button");
    const report = document.getElementById("intake-report");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      text.classList.remove("error");
      try {
        const job = await send(form, bar, text);
        const done = await follow(form.action + "/jobs/" + encodeURIComponent(job.job_id), bar, text);
        text.textContent = done.state === "done" ? "Done." : "Stopped: the server is shutting down.";
        if (done.result) showReport(report, done.result);
        form.reset();
      } catch (error) {
        text.textContent = error.message;
        text.classList.add("error");
      } finally {
        button.disabled = false;
      }
    });
  }

  function setupStatusForms(statusNames) {
    for (const form of document.querySelectorAll("form.status-form")) {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const message = form.querySelector(".status-message");
        const data = new FormData(form);
        if (event.submitter && event.submitter.name === "status") {
          data.set("status", event.submitter.value);
        }
        message.classList.remove("error");
        message.textContent = "Saving…";
        try {
          const response = await fetch(form.action, {
            method: "POST",
            body: new URLSearchParams(data),
            credentials: "same-origin",
            headers: JSON_ACCEPT,
          });
          const body = await response.json();
          if (!response.ok) throw new Error(errorText(body, "Not saved."));
          const id = form.closest("tr").dataset.id;
          const row = document.querySelector('tr.row[data-id="' + CSS.escape(id) + '"]');
          row.dataset.status = body.status;
          const badge = row.querySelector(".status-badge");
          badge.className = "status-badge " + body.status;
          badge.textContent = statusNames[body.status] || body.status;
          for (const button of form.querySelectorAll("button.status-button")) {
            button.classList.toggle("current", button.value === body.status);
          }
          const current = form.querySelector(".note-current");
          current.querySelector(".note-text").textContent = body.note;
          current.hidden = !body.note;
          if (document.getElementById("ranking").dataset.blind === "true") {
            form.querySelector("textarea").value = "";
          }
          message.textContent = "Saved.";
        } catch (error) {
          message.textContent = error.message;
          message.classList.add("error");
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const names = {};
    for (const link of document.querySelectorAll("#status-filter a.filter[data-status]")) {
      names[link.dataset.status] = link.textContent.replace(/\s*\(\d+\)$/, "");
    }
    setupUpload();
    setupStatusForms(names);
  });
})();
