"""The storage ports on DynamoDB's single table: production, DynamoDB Local and moto alike.

This package is the only part of LIS1 that imports boto3 or botocore (besides SES mail), so the
rest stays testable without a cloud SDK, and storage keys never leave lis1.store. Clients are
always passed in (:func:`lis1.store.dynamo.client.make_client` builds one), never created at
import time.

Rules every request path follows, because they keep the invariants true under concurrency:

- reads are GetItem (strongly consistent) or Query, never Scan;
- writes are PutItem/UpdateItem/DeleteItem with a ConditionExpression where an invariant depends
  on it, or one TransactWriteItems when several items change together;
- TransactionConflict is retried with bounded exponential backoff and jitter and ends as
  StoreBusy (503), never as the user's conflict;
- a failed condition is a named error of lis1.domain.errors; nothing personal is logged.
"""
