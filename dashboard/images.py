"""PNG images of plotly figures, drawn by kaleido in the system's Chromium: no download, no network.

One kaleido browser per process is opened on first use and kept (~0.2 s per image instead of ~2 s). It runs on
its own event-loop thread, so Streamlit's script threads can call `figure_png` at the same time; every wait has
a timeout, so a browser that cannot start raises instead of hanging (kaleido's own sync server would hang).
"""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import kaleido
import plotly.graph_objects as go
from kaleido.errors import KaleidoError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 60
NO_CHROMIUM_JA = ("PNG画像を書き出せません: Chromium が見つかりません。"
                  "`apt-get install chromium fonts-noto-cjk` でインストールするか、"
                  "環境変数 BROWSER_PATH に Chromium の場所を指定してください。")
FAILED_JA = "PNG画像を書き出せませんでした（Chromium での描画に失敗しました）。"
# ChromeNotFoundError and BrowserFailedError are RuntimeErrors; a closed pipe is an OSError.
RENDER_ERRORS = (FutureTimeout, OSError, RuntimeError, KaleidoError)


class ImageExportError(RuntimeError):
    """A PNG could not be made; `message_ja` says why in Japanese, for the page."""

    def __init__(self, message: str, message_ja: str) -> None:
        super().__init__(message)
        self.message_ja = message_ja


def find_chromium() -> Path | None:
    """The browser kaleido will use: $BROWSER_PATH when it is a program, else the first Chromium on PATH."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        path = Path(chosen)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return Path(found)
    return None


class _KaleidoBrowser:
    """One kaleido browser on a private event loop in a daemon thread."""

    def __init__(self, chromium: Path) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        self._closed = False
        try:
            self._kaleido = self._run(self._open(chromium), START_TIMEOUT_S)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._closed = True
            raise

    @staticmethod
    async def _open(chromium: Path) -> kaleido.Kaleido:
        browser = kaleido.Kaleido(path=str(chromium), mathjax=False, timeout=RENDER_TIMEOUT_S)
        await browser.open()
        return browser

    def _run(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise

    def png(self, fig: go.Figure, width: int, height: int, scale: float) -> bytes:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        return self._run(self._kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT_S + 5)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._run(self._kaleido.close(), 10)
        except RENDER_ERRORS:
            pass  # already gone; nothing else to free
        self._loop.call_soon_threadsafe(self._loop.stop)


_browser: _KaleidoBrowser | None = None
_browser_lock = threading.Lock()


def _shared_browser() -> _KaleidoBrowser:
    global _browser
    with _browser_lock:
        if _browser is None:
            chromium = find_chromium()
            if chromium is None:
                raise ImageExportError("no Chromium found for PNG export: install Debian's `chromium` "
                                       "(and fonts-noto-cjk) or set BROWSER_PATH", NO_CHROMIUM_JA)
            try:
                _browser = _KaleidoBrowser(chromium)
            except RENDER_ERRORS as error:
                raise ImageExportError(f"kaleido could not start {chromium}: {error!r}", FAILED_JA) from error
            atexit.register(_browser.close)
        return _browser


def _forget(browser: _KaleidoBrowser) -> None:
    """Drop a browser that failed, so that the next call starts a fresh one."""
    global _browser
    with _browser_lock:
        if _browser is browser:
            _browser = None
    browser.close()


def figure_png(fig: go.Figure, width: int = 1920, height: int = 1080, scale: float = 2) -> bytes:
    """PNG bytes of a plotly figure at width×height CSS pixels times `scale` (1920×1080 at 2 -> 3840×2160)."""
    browser = _shared_browser()
    try:
        return browser.png(fig, width, height, scale)
    except RENDER_ERRORS as error:
        _forget(browser)
        raise ImageExportError(f"kaleido could not render the figure: {error!r}", FAILED_JA) from error
