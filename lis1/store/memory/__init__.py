"""Stateful in-memory fakes of every storage port, for unit tests of services and routes.

They exist so tests of the layers above run without a database, yet against a store that
behaves like the real one: the contract suite (tests/store) runs the same tests over these fakes
and the DynamoDB adapter. Where DynamoDB decides something (the order of audit entries, instants
normalised to UTC, a duplicate key refused), the fakes decide it the same way, partly by using
the same helpers from lis1.store.keys and lis1.store.values.

Not for production: nothing is persisted and there is no TTL sweep beyond the readers' checks.
"""
