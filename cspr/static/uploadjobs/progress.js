// The upload progress page (cspr/uploadjobs): asks every two seconds whether the task worker has
// read the file, then reloads the page, which shows the next step or the refusal. A script of the
// site's own (the content security policy allows nothing else); without JavaScript the page offers
// a "Check again" link. No meta refresh: a timed refresh fails WCAG 2.2.1 (axe-core: meta-refresh).
const status = document.querySelector("[data-upload-progress]");
if (status) {
  const url = status.getAttribute("data-upload-progress");
  const ask = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const body = await response.json();
        if (!body.waiting) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // The connection came and went: ask again.
    }
    window.setTimeout(ask, 2000);
  };
  window.setTimeout(ask, 1000);
}
