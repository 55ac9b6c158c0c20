from django.urls import path

from . import views

app_name = "readouts"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
