"""Pagination over long lists."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told the number of items (counted with the filters, and cached), so that it does
    not count a hundred thousand rows again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count
