"""gunicorn settings for factfile: ``gunicorn factfile.wsgi`` reads this file.

Every value can be overridden from the environment (``GUNICORN_*``) or the
command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# (2 x cores) + 1 processes keep every core busy while some wait on the
# database. Each runs a few threads (gthread), so that a request that waits
# (a slow client reading an export, a slow query) holds one thread, not a
# whole process. Each thread has its own database connection: the database
# sees up to workers x threads of them.
workers = int(
    os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1))
)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker process that stops answering the arbiter for this long is killed
# and replaced. With gthread the main loop answers while requests run in
# their threads, so this no longer cuts long requests: the public API's
# statement timeout ends slow queries, the admin upload stops starting files
# after FACTFILE_IMPORT_UPLOAD_SECONDS, and exports are files sent by
# sendfile, at most FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS at once.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then, so that slow growth of memory never adds up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Load the app once in the master, so that workers share its memory pages.
preload_app = True
# The access log goes to standard output by default; "" turns it off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy on the same host; set to the proxy's address otherwise.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
