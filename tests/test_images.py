"""PNG export through kaleido and the system Chromium: real images, their size, Japanese glyphs, no Chromium."""
from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops

from dashboard import images
from dashboard.charts import FONT_FAMILY
from dashboard.images import ImageExportError, figure_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHROMIUM = Path("/usr/bin/chromium")

# (width, height, scale) -> pixel size of the PNG
SIZES = (
    (1920, 1080, 1, (1920, 1080)),
    (1920, 1080, 2, (3840, 2160)),
    (800, 600, 1.5, (1200, 900)),
)

# Pairs of different Japanese titles of equal length. Without a CJK font every glyph is the same box, so the
# two pictures would be identical; with Noto Sans CJK they differ.
JAPANESE_PAIRS = (
    ("資金調達", "売上収益"),
    ("ひらがな", "カタカナ"),
)


@pytest.fixture(scope="module", autouse=True)
def chromium_required():
    if not CHROMIUM.exists() and not os.environ.get("BROWSER_PATH"):
        pytest.fail("PNG export needs Debian's chromium and fonts-noto-cjk: run the README's test command, "
                    "`bash scripts/test.sh`, which installs them", pytrace=False)


def bar_figure(title: str = "") -> go.Figure:
    fig = go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 1, 2], marker_color="#1f5fbf"))
    fig.update_layout(title={"text": title, "font": {"size": 48}}, font={"family": FONT_FAMILY},
                      template="plotly_white")
    return fig


def picture(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def title_strip(data: bytes) -> Image.Image:
    """The top band of a 1920×1080 picture, where the title is drawn."""
    return picture(data).crop((0, 0, 1920, 110))


def inked(image: Image.Image) -> bool:
    return image.convert("L").point(lambda level: 255 if level < 128 else 0).getbbox() is not None


@pytest.mark.parametrize(("width", "height", "scale", "pixels"), SIZES)
def test_png_has_signature_and_pixel_size(width, height, scale, pixels):
    data = figure_png(bar_figure("企業別の言及回数"), width=width, height=height, scale=scale)
    assert data.startswith(PNG_SIGNATURE)
    assert picture(data).size == pixels


def test_default_size_is_1920_by_1080_at_scale_2():
    assert picture(figure_png(bar_figure())).size == (3840, 2160)


def test_japanese_title_is_drawn():
    blank = title_strip(figure_png(bar_figure(""), scale=1))
    titled = title_strip(figure_png(bar_figure("資金調達"), scale=1))
    assert not inked(blank)
    assert inked(titled)


@pytest.mark.parametrize(("first", "second"), JAPANESE_PAIRS)
def test_different_japanese_words_give_different_pictures(first, second):
    one = title_strip(figure_png(bar_figure(first), scale=1))
    other = title_strip(figure_png(bar_figure(second), scale=1))
    assert ImageChops.difference(one, other).getbbox() is not None


def test_calls_from_several_threads_share_one_browser():
    results: list[bytes] = []
    errors: list[BaseException] = []

    def draw(number: int) -> None:
        try:
            results.append(figure_png(bar_figure(f"スレッド{number}"), width=640, height=360, scale=1))
        except ImageExportError as error:  # collected so that the assertion shows it
            errors.append(error)

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert [picture(data).size for data in results] == [(640, 360)] * 4


def test_missing_chromium_raises_with_a_japanese_message(monkeypatch, tmp_path):
    monkeypatch.setattr(images, "_browser", None)  # as in a fresh process
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ImageExportError, match="no Chromium found") as raised:
        figure_png(bar_figure())
    assert "Chromium が見つかりません" in raised.value.message_ja


def test_browser_path_must_be_a_program(monkeypatch, tmp_path):
    not_a_program = tmp_path / "chromium"
    not_a_program.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(not_a_program))
    assert images.find_chromium() is None
    monkeypatch.setenv("BROWSER_PATH", str(CHROMIUM))
    assert images.find_chromium() == CHROMIUM


def test_a_failed_render_starts_a_fresh_browser_next_time(monkeypatch):
    figure_png(bar_figure(), width=320, height=180, scale=1)
    broken = images._browser

    def crash(*args, **kwargs):
        raise OSError("pipe to chromium closed")

    monkeypatch.setattr(broken, "png", crash)
    with pytest.raises(ImageExportError, match="could not render"):
        figure_png(bar_figure(), width=320, height=180, scale=1)
    assert images._browser is None
    assert picture(figure_png(bar_figure(), width=320, height=180, scale=1)).size == (320, 180)
    assert images._browser is not broken
