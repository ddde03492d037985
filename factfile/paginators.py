"""Pagination for admin lists over tables too big to count on every request."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


def estimated_rows(queryset: QuerySet) -> int | None:
    """The planner's estimate of the rows in the queryset's table, if it has one.

    Only PostgreSQL keeps one (``pg_class.reltuples``, refreshed by ANALYZE
    and autovacuum); elsewhere, and before the first ANALYZE, this is None.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None or row[0] < 0:
        return None
    return int(row[0])


class EstimatedCountPaginator(Paginator):
    """A paginator that never runs a full COUNT(*) over a big table.

    Counting is exact up to ``exact_up_to`` rows, with a count that stops
    there. Past that, an unfiltered list takes the planner's estimate of the
    table's size, and a filtered one reports the bound: the last pages are
    then reached by narrowing the filters, as an editor would anyway.
    """

    exact_up_to = 10_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        unfiltered = not queryset.query.where and not queryset.query.distinct
        if unfiltered:
            estimate = estimated_rows(queryset)
            if estimate is not None and estimate > self.exact_up_to:
                return estimate
        # A sliced count is COUNT(*) over a subquery with a LIMIT: the
        # database stops reading after exact_up_to + 1 rows.
        bounded = queryset.order_by()[: self.exact_up_to + 1].count()
        if bounded <= self.exact_up_to or not unfiltered:
            return bounded
        return max(bounded, estimated_rows(queryset) or 0)
