// An import's page while the import runs: the progress bar and counts, polled every 2 s; once the import ended the
// page is loaded again to show the final report (the rejected rows) as the server renders it.
(function () {
  'use strict';

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value;
    }
  }

  function number(n) {
    return n === null || n === undefined ? '?' : Number(n).toLocaleString('en');
  }

  function show(p) {
    document.getElementById('import-bar').value = p.percent;
    text('i-read', number(p.rowsRead));
    text('i-total', number(p.rowsTotal));
    text('i-percent', p.percent);
    text('rows-count', number(p.rowsRead));
    text('created-count', number(p.newSubscribers === null ? p.created : p.newSubscribers));
    text('added-count', number(p.addedToList));
    text('updated-count', number(p.updated));
    text('rejected-count', number(p.rejected));
    var status = document.getElementById('import-status');
    if (status && status.dataset[p.status.toLowerCase()]) {
      status.textContent = status.dataset[p.status.toLowerCase()];
    }
  }

  function poll(section) {
    fetch(section.dataset.url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (p && p.ended) {
          window.location.reload();
          return;
        }
        if (p) {
          show(p);
        }
        setTimeout(function () { poll(section); }, 2000);
      })
      .catch(function () { setTimeout(function () { poll(section); }, 2000); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var section = document.getElementById('import-progress');
    if (section) {
      setTimeout(function () { poll(section); }, 2000);
    }
  });
}());
