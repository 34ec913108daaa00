"""The ports the services depend on, one module per context; adapters in lis1/store implement
them (DynamoDB, and stateful in-memory fakes held to the same contract suite).

Storage keys never leave the adapters: the ports speak in domain values only.
"""
