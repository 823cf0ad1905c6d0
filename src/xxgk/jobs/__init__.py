"""Work for the workers: files parsed and stored by Celery tasks over a Redis broker, on any number of machines
that share the database and the store of originals.

``app`` is the Celery application with xxgk's settings (``XXGK_BROKER_URL``); ``tasks`` the tasks, each idempotent;
``batches`` puts files in, retries and cancels them, and says how a batch stands. Without a broker nothing here
runs: ``xxgk ingest`` parses in local processes.
"""
