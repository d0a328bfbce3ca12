"""sqslite: a small, fast, in-memory SQS endpoint for local development and tests.

It speaks the SQS JSON protocol that botocore and kombu's SQS transport use (``POST`` with
``X-Amz-Target: AmazonSQS.<Operation>``), over HTTP/1.1 keep-alive, standard library only.
Standard queues only; signatures are not checked. Run it with
``python -m teacherseat.sqslite --host 127.0.0.1 --port 9324`` (``--port 0`` picks a free
port; the endpoint is announced on stdout); any ``GET`` answers 200 for readiness probes.

Simplified against AWS: no FIFO queues, tags, permissions, message move tasks or
``MessageSystemAttributes`` (X-Ray); a stale receipt handle deletes nothing (AWS may
delete); ``PurgeQueue`` and ``DeleteQueue`` take effect at once; message retention is
enforced when a message would be received; counts are exact, not approximate.
"""

from teacherseat.sqslite.api import ACCOUNT, REGION, Sqs
from teacherseat.sqslite.server import main, serve

__all__ = ["ACCOUNT", "REGION", "Sqs", "main", "serve"]
