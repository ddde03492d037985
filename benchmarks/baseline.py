"""The public statement list as one hand-written query behind a bare view.

PostgreSQL builds the whole JSON page (``json_agg``) from the published
layer; the view hands the text over unchanged. No REST framework, no
serializer, no ORM: the cost floor the public list is compared with.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50

STATEMENTS_PAGE = """
SELECT json_build_object(
    'next', NULL,
    'results', coalesce(json_agg(page.item ORDER BY page.sort_date DESC,
                                 page.record_id DESC), '[]')
)::text
FROM (
    SELECT data || jsonb_build_object(
               'api_url', '/api/v1/statements/' || record_id || '/'
           ) AS item,
           sort_date, record_id
    FROM factfile_publishedrecord
    WHERE resource = 'statement' AND retracted_at IS NULL
    ORDER BY sort_date DESC, record_id DESC
    LIMIT %s
) AS page
"""


def statements_page(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(STATEMENTS_PAGE, [PAGE_SIZE])
        body = cursor.fetchone()[0]
    return HttpResponse(body, content_type="application/json")
