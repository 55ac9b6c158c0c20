from django.urls import path

from .views import details, home, lists, pairs, saved

app_name = "readouts"

urlpatterns = [
    path("", home.home, name="home"),
    path("events/", lists.event_list, name="event_list"),
    path("events/columns/", lists.event_columns, name="event_columns"),
    path("events/<int:pk>/", details.event_detail, name="event_detail"),
    path("events/<int:pk>/compare/", details.event_compare, name="event_compare"),
    path("pairs/", pairs.pair_list, name="pair_list"),
    path("pairs/<str:codes>/", pairs.pair_detail, name="pair_detail"),
    path("statements/", lists.statement_list, name="statement_list"),
    path("statements/columns/", lists.statement_columns, name="statement_columns"),
    path("statements/<int:pk>/", details.statement_detail, name="statement_detail"),
    path("searches/", saved.saved_search_list, name="saved_search_list"),
    path("searches/save/", saved.saved_search_save, name="saved_search_save"),
    path("searches/<int:pk>/open/", saved.saved_search_open, name="saved_search_open"),
    path("searches/<int:pk>/rename/", saved.saved_search_rename, name="saved_search_rename"),
    path("searches/<int:pk>/delete/", saved.saved_search_delete, name="saved_search_delete"),
    path("searches/<int:pk>/feed/", saved.saved_search_feed, name="saved_search_feed"),
    path("searches/<int:pk>/digest/", saved.saved_search_digest, name="saved_search_digest"),
    path("actors/<slug:slug>/", details.actor_detail, name="actor_detail"),
    path("topics/<slug:slug>/", details.topic_detail, name="topic_detail"),
]
