FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml setup.cfg README.md ./
COPY graph_models graph_models
COPY service service
RUN pip install --no-cache-dir '.[server]'
USER nobody
EXPOSE 5000
# Sync workers, one per core: the fastest way to serve this CPU-bound API (see DESIGN.md).
# A first report of a national graph (10⁵ stakeholders) takes up to a minute: see docs/benchmarks.md.
CMD ["gunicorn", "--workers", "2", "--timeout", "120", "--bind", "0.0.0.0:5000", "service.wsgi:app"]
