// The sign-in experience's live preview: as the form changes, the iframe shows the draft (debounced), and the links
// above it switch between the sign-in and sign-up pages and light and dark. Without this script the links and the
// "Update preview" button do the same with a page load.
(function () {
  'use strict';
  var form = document.getElementById('experience-form');
  var frame = document.getElementById('preview-frame');
  if (!form || !frame || typeof URLSearchParams === 'undefined') {
    return;
  }
  var base = frame.getAttribute('data-preview-base');
  var state = { page: 'sign-in', theme: 'light' };
  var skipped = { __RequestVerificationToken: true, move: true, addTarget: true };
  var links = Array.prototype.slice.call(document.querySelectorAll('[data-preview-page], [data-preview-theme]'));
  var timer = 0;

  function address(page, theme) {
    var query = new URLSearchParams();
    query.append('page', page);
    query.append('theme', theme);
    new FormData(form).forEach(function (value, key) {
      if (!skipped[key] && typeof value === 'string' && value !== '') {
        query.append(key, value);
      }
    });
    return base + '?' + query.toString();
  }

  function refresh() {
    var next = address(state.page, state.theme);
    if (frame.getAttribute('src') !== next) {
      frame.setAttribute('src', next);
    }
    links.forEach(function (link) {
      var page = link.getAttribute('data-preview-page');
      var theme = link.getAttribute('data-preview-theme');
      link.setAttribute('href', address(page || state.page, theme || state.theme));
      var current = page ? page === state.page : theme === state.theme;
      if (current) {
        link.setAttribute('aria-current', 'true');
      } else {
        link.removeAttribute('aria-current');
      }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  links.forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      state.page = link.getAttribute('data-preview-page') || state.page;
      state.theme = link.getAttribute('data-preview-theme') || state.theme;
      refresh();
    });
  });
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  refresh();
}());
