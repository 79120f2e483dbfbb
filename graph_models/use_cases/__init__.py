"""The use cases: what a request, a CLI command or a web page may ask of Syndesmos.

One module per capability. Each takes plain values, checks who is asking, and returns domain
objects; the API, the CLI and the web pages call nothing else of ``graph_models``.
"""
