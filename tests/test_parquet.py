"""A corpus written as Parquet frames and read back is the same corpus; a folder that is not one is named."""
from pathlib import Path

import pytest

from loaders import NotAFramesFolder, load_corpus, load_frames, write_frames
from loaders.parquet import MANIFEST, SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
SETS = (ROOT / "tests/data/dashboard/articles", ROOT / "tests/data/articles")


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def corpus(request):
    return load_corpus(request.param)


def test_frames_read_back_equal_the_written_ones(corpus, tmp_path):
    write_frames(corpus, tmp_path / "frames")
    loaded = load_frames(tmp_path / "frames")
    for name in SCHEMAS:
        written, read = getattr(corpus, name), getattr(loaded, name)
        assert list(read.columns) == list(written.columns), name
        assert read.dtypes.to_dict() == written.dtypes.to_dict(), name
        assert read.equals(written), name
    assert loaded.report == corpus.report
    assert loaded.content_hash == corpus.content_hash


BROKEN = (
    ("no meta file", lambda folder: (folder / MANIFEST).unlink(), MANIFEST),
    ("foreign meta", lambda folder: (folder / MANIFEST).write_text('{"format": "other"}', encoding="utf-8"), MANIFEST),
    ("a frame missing", lambda folder: (folder / "figures.parquet").unlink(), "figures.parquet"),
    ("a frame truncated", lambda folder: (folder / "terms.parquet").write_bytes(b"PAR1"), "terms.parquet"),
)


@pytest.mark.parametrize(("case", "damage", "named"), BROKEN, ids=[case for case, _, _ in BROKEN])
def test_a_broken_export_is_reported_by_file(corpus, tmp_path, case, damage, named):
    folder = tmp_path / "frames"
    write_frames(corpus, folder)
    damage(folder)
    with pytest.raises(NotAFramesFolder, match=named):
        load_frames(folder)


def test_a_missing_folder(tmp_path):
    with pytest.raises(NotAFramesFolder, match="nowhere"):
        load_frames(tmp_path / "nowhere")
