from django.urls import path

from . import views

app_name = "readouts"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/compare/", views.event_compare, name="event_compare"),
    path("pairs/", views.pair_list, name="pair_list"),
    path("pairs/<str:codes>/", views.pair_detail, name="pair_detail"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("searches/", views.saved_search_list, name="saved_search_list"),
    path("searches/save/", views.saved_search_save, name="saved_search_save"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
