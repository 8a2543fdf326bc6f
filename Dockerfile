# Production image: gunicorn behind the city's TLS proxy, static files through whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and HarfBuzz; gettext compiles the translations; fonts are embedded in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libffi8 \
        fonts-dejavu-core fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install .

COPY --chown=app:app . .

# Build-time steps run with a throwaway random key (a weak one stops the start with DEBUG off);
# the real settings come from the environment at start.
RUN export DEBUG=0 SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    && python manage.py compilemessages -v0 \
    && python manage.py collectstatic --no-input -v0

RUN mkdir -p /app/media && chown app:app /app/media

USER app
EXPOSE 8000
# The web server by default; the two worker services (docker-compose.yml) run the same image with
# `python manage.py memo_worker` (the memo's PDF and Word files, publishing: a new process per
# file) and `db_worker --queue-name default` (the Excel exports), off the requests.
# Threads (gthread): a request waiting for the database or sending a file holds a thread, not a
# whole process, so a few people downloading never starve the others. The arithmetic is in
# docs/deployment.md ("Web processes and threads").
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn malmo_intl.wsgi:application --bind 0.0.0.0:8000 --worker-class gthread --workers ${GUNICORN_WORKERS:-3} --threads ${GUNICORN_THREADS:-4} --timeout 120 --access-logfile -"]
