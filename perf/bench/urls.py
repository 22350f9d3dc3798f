"""The bench's URLconf (`bench --floors`, `bench --peers`): the project's URLs and error
handlers, then the floors' views under /bench-floor/ and the textbook peers under /peers/.
Only the bench routes through it."""

from django.urls import include, path

import summit.urls
from perf.bench import floors, peers

# The project's first: the API's paths resolve as they do without the bench's.
urlpatterns = [
    path("", include(summit.urls)),
    *floors.urlpatterns,
    path(peers.PREFIX[1:], include(peers.urlpatterns)),
]

handler400 = summit.urls.handler400
handler404 = summit.urls.handler404
handler500 = summit.urls.handler500
