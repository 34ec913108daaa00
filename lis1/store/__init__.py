"""Storage adapters behind the ports in :mod:`lis1.services.ports`.

- :mod:`lis1.store.schema`: the one definition of the single DynamoDB table, shared with infra/
  and the tests; :mod:`lis1.store.keys`: the item keys of each context.
- :mod:`lis1.store.dynamo`: the adapters for DynamoDB, DynamoDB Local and moto; the only package
  that imports boto3 or botocore (besides SES mail in :mod:`lis1.store.ses`).
- :mod:`lis1.store.memory`: stateful in-memory fakes for unit tests, held to the same contract
  (tests/store) as the DynamoDB adapters.
- :mod:`lis1.store.bundle`: the one place a store bundle is built.

Storage keys never leave this package: the ports speak in domain values only.
"""
