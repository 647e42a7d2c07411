"""The Steps stepper in a real browser (Debian's chromium, driven by Playwright), from disk,
with JavaScript and without (as in an untrusted notebook). Skips without that chromium,
except in CI (CI=true), where it fails."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import torch

from helpers.steps import MIN_SCALE, Steps, backward_steps
from tools.project import BUILD


@pytest.fixture(scope="module")
def steps() -> Steps:
    x2 = torch.tensor(2.0, requires_grad=True)
    w1 = torch.tensor(3.0, requires_grad=True)
    w2 = torch.tensor(0.5, requires_grad=True)
    y2 = x2**w1
    z2 = w2 * y2 + 1
    return backward_steps(z2, names={"x2": x2, "w1": w1, "w2": w2, "y2": y2})


def open_page(browser, steps: Steps, tmp_path: Path, javascript: bool = True,
              fake_clock: bool = False):
    page_file = tmp_path / "steps.html"
    page_file.write_text('<!doctype html><html><head><meta charset="utf-8"></head>'
                         '<body style="max-width:68em;margin:0 auto">'
                         f"{steps._repr_html_()}</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=javascript)
    left = []
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("file://", "data:"))
                  else (left.append(route.request.url), route.abort()))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if fake_clock:
        page.clock.install()  # play's timer then runs when the test says
    page.goto(page_file.as_uri())
    return page, left, errors


def shown(page) -> list[int]:
    """Which frames show their picture, by number."""
    images = page.locator(".backward-steps .step img")
    return [i + 1 for i in range(images.count()) if images.nth(i).is_visible()]


def test_with_javascript_one_frame_at_a_time(browser, steps, tmp_path):
    page, left, errors = open_page(browser, steps, tmp_path)
    assert shown(page) == [1]
    assert page.locator(".bs-count").inner_text() == f"step 1 of {len(steps)}"
    page.locator(".bs-next").click()
    assert shown(page) == [2]
    assert page.locator(".bs-count").inner_text() == f"step 2 of {len(steps)}"
    assert page.locator(".step").nth(1).locator("summary").inner_text().endswith(
        steps[1].caption)
    page.locator(".bs-prev").click()
    assert shown(page) == [1]
    for _ in range(len(steps) + 2):  # past the end it stays on the last frame
        page.locator(".bs-next").click()
    assert shown(page) == [len(steps)]
    last = page.locator(".step").nth(len(steps) - 1).locator("img")
    svg = base64.b64decode(last.get_attribute("src").split(",", 1)[1]).decode()
    assert svg == steps.frames()[-1]
    assert "grad: 6" in svg and "grad: 8" in svg and "not computed yet" not in svg
    # legible: Graphviz's 11 pt text, scaled to the page, is at least 10 px tall
    natural, rendered = last.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
    assert 11 * 4 / 3 * rendered / natural >= 10
    assert not left and not errors


def test_play_runs_to_the_last_frame(browser, steps, tmp_path):
    page, _, errors = open_page(browser, steps, tmp_path, fake_clock=True)
    page.clock.run_for(1000)  # the page's own start-up
    page.locator(".bs-play").click()
    page.clock.run_for(1600)
    assert shown(page) == [2]
    page.clock.run_for(len(steps) * 1600)
    assert shown(page) == [len(steps)] and not errors
    assert "play" in page.locator(".bs-play").inner_text()  # stopped at the end


def test_without_javascript_every_step_can_be_opened(browser, steps, tmp_path):
    page, left, _ = open_page(browser, steps, tmp_path, javascript=False)
    assert shown(page) == [1]
    assert not page.locator(".bs-bar").is_visible()  # buttons that would do nothing
    page.locator(".step").nth(1).locator("summary").click()
    assert shown(page) == [1, 2]
    assert not left


# --- in the built collection: a notebook page and its deck ---------------------------------

BUILT_STEPPER = "04_leaf_and_intermediate_grads"


@pytest.mark.parametrize("where", [f"{BUILT_STEPPER}.html",
                                   f"slides/{BUILT_STEPPER}.slides.html"])
def test_the_stepper_steps_on_a_built_page_and_deck(browser, where):
    path = BUILD / where
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make` (or `make test`) first")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("file://", "data:")) else route.abort())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    stepper = page.locator(".backward-steps").first
    if where.startswith("slides/"):  # go to the stepper's slide, every fragment shown
        page.wait_for_selector(".reveal.ready", timeout=10_000)
        stepper.evaluate("""el => new Promise(done => require([REVEAL], R => {
            R.configure({transition: 'none'});
            const i = R.getIndices(el.closest('section'));
            R.slide(i.h, i.v, 99);
            done();
        }))""".replace("REVEAL", '"../assets/reveal.js/dist/reveal.js"'))
    images = stepper.locator(".step img")
    count = images.count()
    assert count > 2

    def visible() -> list[int]:
        return [i + 1 for i in range(count) if images.nth(i).is_visible()]

    assert visible() == [1]
    stepper.locator(".bs-next").click()
    assert visible() == [2]
    for _ in range(count):
        stepper.locator(".bs-next").click()
    assert visible() == [count]
    # every frame is shown at least at MIN_SCALE, where its 11 pt text is still 10 px tall
    natural, rendered = images.nth(count - 1).evaluate(
        "i => [i.naturalWidth, i.getBoundingClientRect().width]")
    assert rendered / natural >= MIN_SCALE
    last = base64.b64decode(images.nth(count - 1).get_attribute("src").split(",", 1)[1])
    finished = last.decode()
    assert "not computed yet" not in finished  # every leaf's .grad is written at the end
    assert finished.count("freed by backward()") >= 3  # PowBackward1's saved tensors, and more
    assert not errors
    context.close()
