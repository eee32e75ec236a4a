// The client page's only script. The page works without it; with it, quick exit replaces the
// page in the history (Back does not return to it) and the error summary takes the focus.
// It stores nothing: no cookies, no localStorage, sessionStorage or IndexedDB.
(() => {
  const exit = document.getElementById('quick-exit');
  if (exit instanceof HTMLAnchorElement) {
    const leave = () => {
      document.documentElement.hidden = true;
      window.location.replace(exit.href);
    };
    exit.addEventListener('click', (event) => {
      event.preventDefault();
      leave();
    });
    // Shift pressed three times within a second, as on many support services' sites.
    let shifts = [];
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Shift' || event.repeat) return;
      const now = event.timeStamp;
      shifts = shifts.filter((at) => now - at < 1000).concat(now);
      if (shifts.length >= 3) leave();
    });
  }

  const summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
    // A link to a question focuses its first control, not just scrolls to it.
    summary.addEventListener('click', (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      const target = link ? document.getElementById(link.getAttribute('href').slice(1)) : null;
      if (!target) return;
      event.preventDefault();
      target.focus();
    });
  }
})();
