"""The API: Chalice views made from route declarations, one pipeline around every call, one
error table, and the OpenAPI description generated from the same declarations."""
