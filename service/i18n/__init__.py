"""Greek and English: the catalogues, which language a request is answered in, the labels of
the codes, error messages, dates and money. See ``docs/languages.md``."""
