"""kijiscope dashboard: Streamlit pages that chart the frames `loaders.load_corpus` returns."""
