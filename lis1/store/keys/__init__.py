"""Item keys of the single table, one module per context; used by the adapters only."""
