"""kijiscope loaders: a folder of Japanese articles -> pandas frames.

The public API is `load_corpus(path) -> Corpus`; the CLI and the dashboard both use it.
"""
from loaders.corpus import Corpus, load_corpus, load_documents  # noqa: F401
from loaders.reading import DEFAULT_MAX_BYTES, FileOutcome, LoadReport

__all__ = ["Corpus", "load_corpus", "load_documents", "LoadReport", "FileOutcome", "DEFAULT_MAX_BYTES"]
