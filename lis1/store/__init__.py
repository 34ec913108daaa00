"""Storage adapters behind the ports in :mod:`lis1.services.ports`.

- :mod:`lis1.store.schema`: the one definition of the single DynamoDB table and its keys, shared
  with infra/ and the tests.
- :mod:`lis1.store.dynamodb`: the adapter for DynamoDB, DynamoDB Local and moto; the only module
  in the package that imports boto3 or botocore.
- :mod:`lis1.store.memory`: stateful in-memory fakes for unit tests, held to the same contract
  (tests/store/test_contract.py) as the DynamoDB adapter.

Storage keys never leave this package: the ports speak in domain values only.
"""
