"""The headless core: storage, import, codebooks. Never imports Textual."""
