"""Services: load rows by id, call pure analysis code, persist the results.

No request objects and no Celery here; views and tasks stay thin by calling in.
"""
