"""One search index over every public entity of the platform, on SQLite and PostgreSQL.

Other apps write to it through `search.services` (index_upsert, index_delete) inside their own
transactions, register a re-indexer with `search.registry.register`, and read it with
`search.selectors.search`. This app knows no other app.
"""
