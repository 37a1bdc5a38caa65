# CSPR Manager: one image for every process (web, worker, scheduler, PDF converter, migrations).
# docs/deployment.md describes the processes, their settings and the checks an orchestrator runs.
#
#   docker build -t cspr-manager .
#   docker compose up            (compose.yaml: PostgreSQL, 2 web, 2 workers, scheduler, converter)
#
# Django 6.1 needs Python 3.12 or newer: the application runs on the image's Python 3.13. LibreOffice's
# UNO bridge (python3-uno) belongs to Debian's own Python 3.11, which only the PDF converter uses
# (CSPR_UNO_PYTHON=/usr/bin/python3), as on the developers' Debian machines.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CSPR_PRODUCTION=true \
    CSPR_STATIC_ROOT=/app/static \
    CSPR_MEDIA_ROOT=/srv/cspr/files \
    CSPR_AUDIT_CHECKPOINT_DIR=/srv/cspr/audit-checkpoints \
    CSPR_PDF_CONVERTER_SOCKET=/run/cspr/pdf-converter.sock \
    CSPR_UNO_PYTHON=/usr/bin/python3

# LibreOffice (Word to PDF), its Python bridge, the fonts the documents name, Cairo for the genogram,
# and the PostgreSQL client for backups and the restore drill.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui \
        python3-uno \
        fonts-liberation2 \
        fonts-dejavu-core \
        libcairo2 \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 cspr \
    && useradd --system --uid 10001 --gid cspr --home-dir /app --shell /usr/sbin/nologin cspr \
    && mkdir -p /srv/cspr/files /srv/cspr/audit-checkpoints /run/cspr \
    && chown -R cspr:cspr /srv/cspr /run/cspr

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-compile -r requirements.txt

COPY manage.py pyproject.toml ./
COPY cspr ./cspr
COPY ops ./ops

# Static files are collected into the image (whitenoise serves them with hashed names). The values
# below exist only for this build step; the running container is given real ones.
RUN CSPR_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    CSPR_ALLOWED_HOSTS=build.invalid CSPR_AUDIT_KEY=build-only-audit-key-build-only-audit \
    CSPR_SITE_URL=https://build.invalid DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --no-input -v0 \
    && rm -f /tmp/build.sqlite3

USER 10001:10001
EXPOSE 8000
VOLUME ["/srv/cspr"]

# Liveness: the process answers (no database). The orchestrator's readiness probe is /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "cspr.operations.probe", "/healthz"]

# The web process by default; compose.yaml gives the worker, scheduler and converter their commands.
CMD ["gunicorn", "--config", "python:cspr.operations.gunicorn_conf", "cspr.wsgi:application"]
