"""Pure analysis code: frozen dataclasses in, dataclasses out.

Nothing in this package imports Flask, SQLAlchemy or Celery, so every function
can be tested and benchmarked on its own.
"""
