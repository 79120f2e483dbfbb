FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml setup.cfg README.md ./
COPY graph_models graph_models
COPY service service
RUN pip install --no-cache-dir '.[server]'
# The saved match index (docs/deployment.md): a folder only the service may write, which a volume
# mounted there takes over with its owner.
RUN mkdir -m 0700 /var/cache/syndesmos && chown nobody /var/cache/syndesmos
USER nobody
EXPOSE 5000
# service/gunicorn_conf.py: two sync workers (the API is CPU-bound), a 120 s timeout, and the app
# and its match index loaded once in the master and shared by the workers (docs/deployment.md).
CMD ["gunicorn", "-c", "python:service.gunicorn_conf", "--bind", "0.0.0.0:5000", "service.wsgi:app"]
