"""kijiscope loaders: a folder of Japanese articles -> pandas frames.

The public API is `load_corpus(path) -> Corpus`; the CLI and the dashboard both use it.
"""
from loaders.cache import ExtractionCache, cache_dir
from loaders.corpus import Corpus, build_corpus, load_corpus, load_documents  # noqa: F401
from loaders.engine import ExtractionPool, Progress, default_jobs
from loaders.parquet import NotAFramesFolder, load_frames, write_frames
from loaders.reading import DEFAULT_MAX_BYTES, FileOutcome, LoadReport

__all__ = ["Corpus", "load_corpus", "build_corpus", "load_documents", "LoadReport", "FileOutcome",
           "DEFAULT_MAX_BYTES", "ExtractionPool", "ExtractionCache", "cache_dir", "Progress", "default_jobs",
           "load_frames", "write_frames", "NotAFramesFolder"]
