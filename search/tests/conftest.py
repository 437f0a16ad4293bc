"""Fixtures for the search tests: add entries to the index, and list what a query finds."""

import pytest

from search.selectors import search
from search.services import index_upsert


@pytest.fixture
def index(db):
    """`index("1", "text", …)` indexes entity 1 of kind "example" in Lao, public. (The shared test
    database already holds the organizations of the personas, under kind "organization".)"""

    def add(
        object_id,
        *texts,
        kind="example",
        language="lo",
        title=None,
        snippet="",
        visibility="public",
        keys=(),
        boost=0,
    ):
        index_upsert(
            kind=kind,
            object_id=object_id,
            language=language,
            title=title or texts[0],
            snippet=snippet,
            url=f"/{kind}/{object_id}/",
            visibility=visibility,
            texts=list(texts),
            keys=list(keys),
            boost=boost,
        )

    return add


@pytest.fixture
def lookup(db):
    """`lookup("query")` searches the "example" entries as the public, in Lao, unless told otherwise."""

    def results(query, *, language="lo", levels=("public",), kinds=("example",), **options):
        return search(query, language=language, visibility_levels=levels, kinds=list(kinds), **options)

    return results


@pytest.fixture
def found(lookup):
    """`found("query")` is the list of object ids `lookup("query")` finds, best first."""

    def ids(query, **options):
        return [hit.object_id for hit in lookup(query, **options).hits]

    return ids
