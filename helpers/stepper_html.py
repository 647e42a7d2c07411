"""The stepper's HTML and JavaScript: one frame per step, with previous / play / next.

It works with JavaScript and without: an untrusted notebook in JupyterLab strips <script>,
<style> and inline <svg>, so the steps are a list of <details>, the first one open, each with
its picture as an <img>; the script shows one step at a time. Knows nothing of autograd: it
gets the captions and the SVG of each frame (helpers.steps makes them).
"""

from __future__ import annotations

import base64
import html
import json
import uuid

from helpers import palette
from helpers.fonts import text_scale
from helpers.i18n import language, language_info, tr

__all__ = ["MIN_SCALE", "in_words", "min_scale", "stepper"]

# How far a frame may shrink: its 11 pt text has a glyph box of about 16.5 px at full size
# in Chromium, still 10 px at 0.62 (helpers.steps lays frames out for it).
MIN_SCALE = 0.62

# Without JavaScript (an untrusted notebook in JupyterLab strips <script>, <style>, and inline
# <svg>) the steps are a list of <details>, the first one open, each with its picture as an
# <img>: open the next one to step. With JavaScript the script below shows one step at a time
# with previous / play / next buttons, which stay hidden otherwise.
_SCRIPT = """(function () {
  function start(tries) {
    var root = document.getElementById("%(id)s");
    if (!root) { if (tries < 50) setTimeout(function () { start(tries + 1); }, 100); return; }
    var frames = root.querySelectorAll("details.step"), bar = root.querySelector(".bs-bar");
    var count = root.querySelector(".bs-count"), play = root.querySelector(".bs-play");
    var now = 0, timer = null;
    function show(k) {
      now = Math.max(0, Math.min(frames.length - 1, k));
      frames.forEach(function (f, i) { f.open = i === now; f.hidden = i !== now; });
      count.textContent = %(step)s.replace("{k}", now + 1).replace("{n}", frames.length);
    }
    function stop() { clearInterval(timer); timer = null; play.textContent = %(play)s; }
    root.querySelector(".bs-prev").onclick = function () { stop(); show(now - 1); };
    root.querySelector(".bs-next").onclick = function () { stop(); show(now + 1); };
    play.onclick = function () {
      if (timer) { stop(); return; }
      if (now === frames.length - 1) show(0);
      play.textContent = %(pause)s;
      timer = setInterval(function () {
        if (now === frames.length - 1) stop(); else show(now + 1);
      }, 1500);
    };
    root.querySelectorAll("summary").forEach(function (s) {
      s.onclick = function (e) { e.preventDefault(); };  // the buttons step now
    });
    bar.hidden = false;
    show(0);
  }
  start(0);
})();"""


def _head() -> tuple[str, str]:
    rid = f"backward-steps-{uuid.uuid4().hex[:12]}"  # each display its own, for the script
    return rid, f'<div class="backward-steps" id="{rid}" style="{_css()["root"]}">'


def in_words(captions: list[str], why: str) -> str:
    """The steps as a numbered list, saying why there are no pictures."""
    _, head = _head()
    items = "".join(f'<li class="step">{html.escape(c)}</li>' for c in captions)
    return f"{head}<p>{html.escape(why)}</p><ol>{items}</ol></div>"


def stepper(captions: list[str], frames: list[str]) -> str:
    """The whole stepper as one HTML block: pictures inlined, no network, no kernel; its
    words in the language spoken."""
    rid, head = _head()
    n = len(captions)
    css = _css()
    bar = (f'<div class="bs-bar" hidden style="{css["bar"]}">'
           f'<button class="bs-prev" type="button">{html.escape(tr("◀ previous"))}</button> '
           f'<button class="bs-play" type="button">{html.escape(tr("▶ play"))}</button> '
           f'<button class="bs-next" type="button">{html.escape(tr("next ▶"))}</button> '
           f'<span class="bs-count">{html.escape(tr("step {k} of {n}").format(k=1, n=n))}'
           "</span></div>")
    key = (f'<p style="{css["key"]}">'
           + html.escape(tr("Backward runs one node at a time (gold). Numbers on the arrows: "
                            "the gradients sent back along them, red at the step that sends "
                            "them.")) + "</p>")
    parts = [head, bar, key]
    for i, (caption, svg) in enumerate(zip(captions, frames, strict=True), 1):
        parts.append(_frame(i, n, caption, svg))
    script = _SCRIPT % {"id": rid, "step": json.dumps(tr("step {k} of {n}")),
                        "play": json.dumps(tr("▶ play")), "pause": json.dumps(tr("❚❚ pause"))}
    parts.append(f"<script>{script}</script></div>")
    return "".join(parts)


def min_scale() -> float:
    """How far a frame may shrink in the language spoken (``MIN_SCALE`` times
    ``fonts.text_scale()``: text must stay 12 px tall in Chinese, whose font's glyph box is
    taller)."""
    return MIN_SCALE * text_scale()


def _frame(i: int, n: int, caption: str, svg: str) -> str:
    """Step i of n: its caption as the summary, its picture as an <img>."""
    picture = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    width = _width_px(svg)
    img = (f'<img src="{picture}" alt="{html.escape(caption)}" style="max-width:100%;'
           f'min-width:{int(width * min_scale())}px;width:{width}px;height:auto">')
    summary = tr("Step {k} of {n}: {caption}").format(k=i, n=n, caption=html.escape(caption))
    return (f'<details class="step"{" open" if i == 1 else ""}>'
            f'<summary style="{_css()["caption"]}">{summary}</summary>'
            # tabindex: a region that scrolls must be reachable by keyboard
            f'<div style="overflow-x:auto" tabindex="0" role="group" '
            f'aria-label="{html.escape(tr("step {k} of {n}").format(k=i, n=n))}">{img}'
            "</div></details>")


def _css() -> dict[str, str]:
    """Inline styles only: a <style> element is dropped where outputs are sanitised. The
    font: Helvetica, then the fonts with the glyphs of the language spoken."""
    families = ",".join(["Helvetica", "Arial", *(f"'{f}'" for f in
                                                 language_info(language()).fonts),
                         "sans-serif"])
    return {
        "root": f"font-family:{families};font-size:15px;margin:0.5em 0",
        "bar": "margin:0.3em 0",
        "key": f"margin:0.2em 0;color:{palette.STEPPER_KEY_TEXT};font-size:13px",
        "caption": "cursor:pointer;margin:0.3em 0;font-size:15px;line-height:1.4",
    }


def _width_px(svg: str) -> int:
    """The picture's natural width in CSS pixels (Graphviz writes it in points)."""
    points = float(svg.split('width="', 1)[1].split("pt", 1)[0])
    return round(points * 4 / 3)
