/* The HTML deck (slides_html.py). One script for both windows: the audience's, and the
   presenter's (the same page with ?presenter, opened by P). Whichever window moves tells
   the other through a BroadcastChannel and through postMessage between opener and
   opened window (file:// pages may have no common channel); entering a slide that is
   already shown does nothing, so a message arriving twice is harmless. */
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('deck-data').textContent);
  const text = data.strings;
  const slides = Array.from(document.querySelectorAll('#stage .slide'));
  const presenter = new URLSearchParams(location.search).has('presenter');
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('irnn-deck-' + data.id) : null;
  let peer = presenter ? window.opener : null;   // the other window, when this one knows it
  let current = -1;
  let started = Date.now();

  function send(message) {
    message.deck = data.id;
    if (channel) channel.postMessage(message);
    if (peer && !peer.closed) peer.postMessage(message, '*');
  }

  function video(i) { return slides[i] ? slides[i].querySelector('video') : null; }

  function play(v) {
    v.currentTime = 0;
    const p = v.play();
    if (p) p.catch(function () {});
  }

  function go(i, fromPeer) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    if (current >= 0) {
      slides[current].classList.remove('active');
      const old = video(current);
      if (old) old.pause();
    }
    current = i;
    slides[i].classList.add('active');
    const notes = slides[i].querySelector('template.notes').innerHTML;
    document.getElementById('notes-text').innerHTML = notes;
    document.getElementById('counter').textContent = (i + 1) + ' / ' + slides.length;
    const v = video(i);
    if (v) play(v);
    if (presenter) showPresenter(i, notes);
    if (location.hash !== '#' + (i + 1)) history.replaceState(null, '', '#' + (i + 1));
    if (!fromPeer) send({type: 'go', n: i});
  }

  function replay(fromPeer) {
    const v = video(current);
    if (v) play(v);
    if (!fromPeer) send({type: 'replay'});
  }

  function receive(message) {
    if (!message || message.deck !== data.id) return;
    if (message.type === 'go') go(message.n, true);
    else if (message.type === 'replay') replay(true);
    else if (message.type === 'hello' && !presenter) send({type: 'go', n: current});
  }

  // ---- the presenter's window -------------------------------------------------------------
  function showPresenter(i, notes) {
    document.getElementById('p-notes-text').innerHTML = notes;
    document.getElementById('p-counter').textContent = text.slide + ' ' + (i + 1) + ' / ' + slides.length;
    const view = document.getElementById('p-next-view');
    view.textContent = '';
    const next = slides[i + 1];
    if (!next) {
      view.innerHTML = '<div class="next-card"></div>';
      view.firstChild.textContent = text.end;
    } else if (next.dataset.poster) {
      const title = document.createElement('div');
      title.className = 'next-title';
      title.innerHTML = next.querySelector('.slide-title').innerHTML;
      const img = document.createElement('img');
      img.src = next.dataset.poster;
      img.alt = '';
      view.append(title, img);
    } else {
      const card = document.createElement('div');
      card.className = 'next-card';
      card.innerHTML = next.querySelector('h1').innerHTML;
      view.append(card);
    }
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }

  function tick() {
    const s = Math.floor((Date.now() - started) / 1000);
    document.getElementById('p-elapsed').textContent =
      (s >= 3600 ? Math.floor(s / 3600) + ':' : '') + two(Math.floor(s / 60) % 60) + ':' + two(s % 60);
    const now = new Date();
    document.getElementById('p-clock').textContent = two(now.getHours()) + ':' + two(now.getMinutes());
  }

  function openPresenter() {
    if (presenter) return;
    if (peer && !peer.closed) { peer.focus(); return; }
    const url = location.href.split(/[?#]/)[0] + '?presenter#' + (current + 1);
    peer = window.open(url, 'irnn-presenter-' + data.id, 'width=1280,height=800');
    if (!peer) alert(text.popup_blocked);
  }

  // ---- input ------------------------------------------------------------------------------
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const k = e.key;
    if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'PageDown' || k === ' ' || k === 'Enter') go(current + 1);
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'PageUp' || k === 'Backspace') go(current - 1);
    else if (k === 'Home') go(0);
    else if (k === 'End') go(slides.length - 1);
    else if (k === 'r' || k === 'R') replay();
    else if (k === 'p' || k === 'P') openPresenter();
    else if ((k === 'n' || k === 'N') && !presenter) document.body.classList.toggle('notes-open');
    else if (k === 'c' || k === 'C') showSubtitles(document.body.classList.toggle('subtitles-on'));
    else if ((k === 'f' || k === 'F') && !presenter) {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    }
    else return;
    e.preventDefault();
  });

  function showSubtitles(on) {
    slides.forEach(function (s) {
      const v = s.querySelector('video');
      if (v && v.textTracks.length) v.textTracks[0].mode = on ? 'showing' : 'hidden';
    });
  }

  const stage = document.getElementById('stage');
  stage.addEventListener('click', function (e) {
    if (presenter) return;
    const box = this.getBoundingClientRect();
    go(current + (e.clientX - box.left < box.width / 3 ? -1 : 1));
  });
  let touch = null;                 // a horizontal swipe: left goes on, right goes back
  stage.addEventListener('touchstart', function (e) { touch = e.changedTouches[0]; }, {passive: true});
  stage.addEventListener('touchend', function (e) {
    if (!touch) return;
    const t = e.changedTouches[0], dx = t.clientX - touch.clientX, dy = t.clientY - touch.clientY;
    touch = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
      e.preventDefault();           // no click after a swipe
      go(current + (dx < 0 ? 1 : -1));
    }
  });
  window.addEventListener('hashchange', function () { go(fromHash()); });
  window.addEventListener('message', function (e) { receive(e.data); });
  if (channel) channel.onmessage = function (e) { receive(e.data); };

  function fromHash() { const n = parseInt(location.hash.slice(1), 10); return isNaN(n) ? 0 : n - 1; }

  if (presenter) {
    document.body.classList.add('presenter');
    document.title = text.presenter + ' · ' + document.title;
    document.getElementById('p-elapsed').addEventListener('click', function () { started = Date.now(); tick(); });
    tick();
    setInterval(tick, 500);
  }
  window.deck = {go: function (i) { go(i); }, next: function () { go(current + 1); },
                 prev: function () { go(current - 1); }, current: function () { return current; },
                 count: slides.length, presenter: presenter, openPresenter: openPresenter};
  go(fromHash(), true);
  if (presenter) send({type: 'hello'});
})();
