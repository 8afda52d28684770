"""Reporting to the organisation's learning records (xAPI), off unless the host sets an LRS.

* ``config.py``: the host's settings (``MICROMOMENTS_LRS_URL`` and the credentials).
* ``statements.py``: the xAPI statements, built from the content models.
* ``reporter.py``: what the store calls in a write's transaction to queue statements.
* ``sender.py``: delivers the store's outbox to the LRS in the background, with retries.
"""
