// The sound and the spoken word for a new urgent alert. Browsers only let a page play sound after
// the user has interacted with it, so the audio context is (re)started on the first click or key.

let context = null;

function audio() {
  if (!context) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return null; }
    context = new Context();
  }
  if (context.state === "suspended") { context.resume().catch(() => {}); }
  return context;
}

["click", "keydown"].forEach((type) => document.addEventListener(type, () => { try { audio(); } catch (e) { /* none */ } }, { once: true }));

/** Two short high tones. */
export function beep() {
  try {
    const ctx = audio();
    if (!ctx) { return; }
    [0, 0.5].forEach((at) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.3);
    });
  } catch (e) { /* no sound device: the flashing row and the announcement still show it */ }
}

/** Says something to screen readers at once (and shows it in the header's alarm line). */
let quiet = null;

export function announce(text) {
  const line = document.getElementById("announcer");
  line.textContent = "";
  line.hidden = false;
  // A new text node, so the live region speaks even when the words repeat.
  setTimeout(() => { line.textContent = text; }, 50);
  clearTimeout(quiet);
  quiet = setTimeout(() => { line.hidden = true; }, 20000);
}
