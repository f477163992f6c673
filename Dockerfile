# syntax=docker/dockerfile:1
# Production image: python:3.11-slim, dependencies in a virtualenv, static files collected at
# build time, a non-root user, gunicorn, and a health check on /health/.
#
#   docker build -t portail .
#   docker run --env-file .env -p 8000:8000 portail

FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# --- dependencies (cached as long as pyproject.toml does not change)
FROM base AS dependencies
RUN python -m venv /opt/venv
WORKDIR /build
COPY pyproject.toml ./
# The project has no importable package of its own: this installs its dependencies and the
# "s3" extra (django-storages + boto3 for S3-compatible media storage).
RUN pip install ".[s3]"

# --- runtime
FROM base AS runtime
RUN groupadd --system --gid 10001 portail \
    && useradd --system --uid 10001 --gid portail --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin portail
COPY --from=dependencies /opt/venv /opt/venv
WORKDIR /app
COPY --chown=portail:portail . .

ENV DJANGO_SETTINGS_MODULE=portal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    CACHE_DIR=/app/var/cache \
    LOG_FORMAT=json

# Hashed, compressed static files baked into the image (whitenoise serves them). The values
# below only let the production settings load during the build; they are not used at run time.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput --verbosity 0 \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/media /app/var/cache \
    && chown -R portail:portail /app/media /app/var

USER portail
EXPOSE 8000
VOLUME ["/app/media"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4).status == 200 else 1)"]

CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi:application"]
