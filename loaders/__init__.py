"""kijiscope loaders: a folder of Japanese articles -> pandas frames.

The public API is `load_corpus(path) -> Corpus`; the CLI and the dashboard both use it.
"""
from loaders.cache import ExtractionCache, cache_dir
from loaders.corpus import Corpus, build_corpus, load_corpus, load_documents  # noqa: F401
from loaders.engine import ExtractionPool, Progress, default_jobs
from loaders.metrics import MetricName, load_lexicon
from loaders.metrics import metric_names as _metric_names
from loaders.parquet import NotAFramesFolder, load_frames, write_frames
from loaders.reading import DEFAULT_MAX_BYTES, FileOutcome, LoadReport, display_name, iter_folder
from loaders.spreadsheet import formula_safe
from loaders.vocabulary import canonical_term, content_terms, load_generic_terms, load_synonyms, spellings


def status_labels(data_dir=None) -> dict[str, str]:
    """Figure status (actual, forecast, target, consensus, in_talks) -> its Japanese name, from metrics.toml."""
    return dict(load_lexicon(data_dir).status_labels)


def metric_names(data_dir=None) -> dict[str, MetricName]:
    """Metric id -> its Japanese label and counter word, as metrics.toml names them (changes and shares too)."""
    return _metric_names(load_lexicon(data_dir))


__all__ = ["metric_names", "status_labels", "MetricName", "Corpus", "load_corpus", "build_corpus", "load_documents",
           "LoadReport", "FileOutcome", "DEFAULT_MAX_BYTES", "display_name", "iter_folder", "formula_safe",
           "ExtractionPool", "ExtractionCache", "cache_dir", "Progress", "default_jobs",
           "load_frames", "write_frames", "NotAFramesFolder",
           "canonical_term", "content_terms", "load_generic_terms", "load_synonyms", "spellings"]
