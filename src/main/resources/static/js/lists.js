// The lists page: a "Copy HTML" button beside each sign-up form snippet. Without script the button stays hidden and
// the snippet is selected and copied by hand; the textarea holds the same text either way.
(function () {
  'use strict';

  function copied(button) {
    var status = button.parentNode.querySelector('[role=status]');
    if (status) {
      status.textContent = button.dataset.copied;
    }
  }

  function copy(button) {
    var area = document.getElementById(button.dataset.copy);
    if (!area) {
      return;
    }
    var byHand = function () {
      // over plain http to a host other than localhost the clipboard API is missing: select and copy instead
      area.focus();
      area.select();
      if (document.execCommand('copy')) {
        copied(button);
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { copied(button); }, byHand);
    } else {
      byHand();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.copy[data-copy]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { copy(button); });
  });

  // the table's "Sign-up form" links point into a closed <details>: open it
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === 'DETAILS') {
      target.open = true;
    }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
