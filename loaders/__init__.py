"""kijiscope loaders: a folder of Japanese articles -> pandas frames.

The public API is `load_corpus(path) -> Corpus`; the CLI and the dashboard both use it. Everything the
dashboard needs is exported here, and the dashboard imports nothing else from the loaders (a test checks it).
"""
from collections.abc import Mapping
from types import MappingProxyType

from loaders.articles import ArticleExtraction
from loaders.cache import ExtractionCache, cache_dir
from loaders.companies import Gazetteer, find_mentions, load_gazetteer
from loaders.corpus import Corpus, build_corpus, load_corpus, load_documents, with_facts
from loaders.corrections import Correction, corrections_path, record_correction, undo_correction
from loaders.datafiles import DataFileError, files_fingerprint, place_of, read_toml
from loaders.engine import ExtractionPool, Progress, default_jobs
from loaders.facts import parse_published
from loaders.metrics import MetricName, load_lexicon
from loaders.metrics import metric_names as _metric_names
from loaders.numbers import load_number_words
from loaders.parquet import NotAFramesFolder, load_frames, write_frames
from loaders.reading import (DEFAULT_MAX_BYTES, TEXT_SUFFIXES, Document, FileOutcome, LoadReport, display_name,
                             iter_folder, read_folder)
from loaders.spreadsheet import formula_safe
from loaders.terms import kwic
from loaders.themes import load_theme_rules
from loaders.uploads import Upload, add_documents, add_uploads, read_uploads, with_unique_ids
from loaders.vocabulary import canonical_term, content_terms, load_generic_terms, load_synonyms, spellings
from loaders.workers import WorkerPool


def status_labels(data_dir=None) -> dict[str, str]:
    """Figure status (actual, forecast, target, consensus, in_talks) -> its Japanese name, from metrics.toml."""
    return dict(load_lexicon(data_dir).status_labels)


def currency_names(data_dir=None) -> Mapping[str, str]:
    """ISO currency code -> how an amount in it is written in Japanese (USD -> ドル), from numbers.toml."""
    return MappingProxyType(load_number_words(data_dir).currency_names)


def metric_names(data_dir=None) -> dict[str, MetricName]:
    """Metric id -> its Japanese label and counter word, as metrics.toml names them (changes and shares too)."""
    return _metric_names(load_lexicon(data_dir))


__all__ = [
    "Corpus", "load_corpus", "build_corpus", "load_documents", "add_documents", "add_uploads", "read_uploads", "with_unique_ids",
    "Upload", "Document", "LoadReport", "FileOutcome", "DataFileError", "DEFAULT_MAX_BYTES", "TEXT_SUFFIXES",
    "display_name", "iter_folder", "formula_safe", "files_fingerprint", "kwic", "Gazetteer", "load_gazetteer",
    "find_mentions", "load_theme_rules", "metric_names", "status_labels", "currency_names", "MetricName", "with_facts",
    "Correction", "corrections_path", "record_correction", "undo_correction", "parse_published", "WorkerPool",
    "ExtractionPool", "ExtractionCache", "cache_dir", "Progress", "default_jobs",
    "load_frames", "write_frames", "NotAFramesFolder", "place_of", "read_toml",
    "ArticleExtraction", "read_folder", "canonical_term", "content_terms", "load_generic_terms", "load_synonyms",
    "spellings",
]
